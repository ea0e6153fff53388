"""How the demo's API routes are declared: auth and scope checks per route, request helpers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from quart import Quart, Response, request

from icusync.demo.auth import Auth, Caller
from icusync.demo.errors import ApiError, json_response, unprocessable
from icusync.demo.store import AthleteData

Handler = Callable[..., Awaitable[Any]]


class Api:
    """Registers API routes under `{prefix}/api/v1` with the auth checks every route shares."""

    def __init__(self, app: Quart, auth: Auth, data: Mapping[str, AthleteData], prefix: str) -> None:
        self.app, self.auth, self.data = app, auth, data
        self.base = f"{prefix}/api/v1"

    def route(self, rule: str, methods: list[str], area: str | None, *, ext: bool = False,
              athlete: bool = True) -> Callable[[Handler], Handler]:
        """`area` is the OAuth scope area; GET needs READ, anything else WRITE.

        With `athlete`, the `{id}` path segment (named `aid`) is checked against the
        caller and the handler gets that athlete's data first; otherwise it gets the caller.
        """
        def deco(fn: Handler) -> Handler:
            async def view(**kw: str) -> Response:
                caller = self.auth.authenticate(request.headers.get("Authorization"))
                self.auth.require(caller, area, write=request.method != "GET")
                if athlete:
                    aid = self.auth.athlete_for(caller, kw.pop("aid"), write=request.method != "GET")
                    data = self.data[aid]
                    result = await fn(data, caller, **kw)
                else:
                    result = await fn(caller, **kw)
                return result if isinstance(result, Response) else json_response(result)

            for suffix in (("", ".json") if ext else ("",)):
                self.app.add_url_rule(self.base + rule + suffix, f"{fn.__name__}{suffix}{'_'.join(methods)}",
                                      view, methods=methods)
            return fn

        return deco

    def find_activity(self, caller: Caller, act_id: str) -> tuple[AthleteData, dict[str, Any]]:
        built = getattr(self.data, "built", None)
        searched = [*built(), *self.data.values()] if built is not None else self.data.values()
        for data in searched:  # the athletes already in use first: the others are built only if needed
            act = data.by_id.get(act_id)
            if act is not None:
                if not self.auth.may_reach(caller, data.profile.athlete_id, write=request.method != "GET"):
                    raise ApiError(403, "Access denied")
                return data, act
        raise ApiError(404, f"Activity {act_id} not found")


async def json_body() -> Any:
    raw = await request.get_data(as_text=True)
    try:
        return json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        raise unprocessable("Invalid JSON in request body") from None


def arg_int(name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise unprocessable(f"Invalid {name}: {value!r}") from None
