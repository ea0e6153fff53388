"""The demo's Quart app: request log, faults, auth and error shapes around the API routes.

Works without lifespan events (nothing is opened at startup), so it runs under
`httpx.ASGITransport` as well as inside `icusync demo`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from quart import Quart, Response, request
from werkzeug.exceptions import HTTPException

from icusync.demo.auth import Caller
from icusync.demo.errors import ApiError, error_response, json_response, spring_error, unprocessable
from icusync.demo.oauth import register_oauth
from icusync.demo.store import AthleteData

if TYPE_CHECKING:
    from icusync.demo.upstream import DemoUpstream

Handler = Callable[..., Awaitable[Any]]


class Api:
    """Registers API routes under `{prefix}/api/v1` with the auth checks every route shares."""

    def __init__(self, app: Quart, demo: DemoUpstream) -> None:
        self.app, self.demo = app, demo
        self.base = f"{demo.prefix}/api/v1"

    def route(self, rule: str, methods: list[str], area: str | None, *, ext: bool = False,
              athlete: bool = True) -> Callable[[Handler], Handler]:
        """`area` is the OAuth scope area; GET needs READ, anything else WRITE.

        With `athlete`, the `{id}` path segment (named `aid`) is checked against the
        caller and the handler gets that athlete's data first; otherwise it gets the caller.
        """
        def deco(fn: Handler) -> Handler:
            async def view(**kw: str) -> Response:
                caller = self.demo.auth.authenticate(request.headers.get("Authorization"))
                self.demo.auth.require(caller, area, write=request.method != "GET")
                if athlete:
                    data = self.demo.data[self.demo.auth.athlete_for(caller, kw.pop("aid"))]
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
        for data in self.demo.data.values():
            act = data.by_id.get(act_id)
            if act is not None:
                if data.profile.athlete_id != caller.athlete_id:
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


def build_app(demo: DemoUpstream) -> Quart:
    from icusync.demo import routes_activity, routes_calendar  # route modules import Api from here

    app = Quart("icusync.demo")
    prefix = demo.prefix

    def now() -> dt.datetime:
        return dt.datetime.fromtimestamp(demo.clock(), dt.UTC)

    @app.before_request
    async def _log_and_faults() -> Response | None:
        path = request.path
        if path == f"{prefix}/_faults":
            return None
        demo.requests.append((request.method, path))
        if demo.faults.delay:
            await asyncio.sleep(demo.faults.delay)
        if path.startswith(f"{prefix}/api/v1/"):
            fault = demo.faults.take(path)
            if fault is not None:
                status, headers, body = fault
                return json_response(body, status, headers)
        return None

    @app.route(f"{prefix}/_faults", methods=["POST"])
    async def _faults() -> Response:
        """Faults over HTTP, for a demo in another process: {"action": "rate_limit", "count": 2}."""
        if not demo.fault_endpoint:  # then the route does not exist, as on the real service
            return spring_error(404, "Not Found", request.path, now())
        try:
            demo.faults.apply(await json_body())
        except (ValueError, TypeError) as exc:
            raise unprocessable(str(exc)) from None
        return json_response({"ok": True})

    @app.errorhandler(ApiError)
    async def _api_error(err: ApiError) -> Response:
        return error_response(err)

    @app.errorhandler(HTTPException)
    async def _http_error(err: HTTPException) -> Response:
        # Unknown routes and methods answer like Spring Boot, with the path as upstream sees it.
        path = request.path.removeprefix(prefix) or "/"
        return spring_error(err.code or 500, err.name, path, now())

    register_oauth(app, prefix, demo.auth, {p.athlete_id: p.name for p in demo.profiles})
    api = Api(app, demo)
    routes_activity.register(api)
    routes_calendar.register(api)
    return app
