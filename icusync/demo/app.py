"""The demo's Quart app: request log, faults, auth and error shapes around the API routes.

Works without lifespan events (nothing is opened at startup), so it runs under
`httpx.ASGITransport` as well as inside `icusync demo`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping
from typing import Protocol

from quart import Quart, Response, request
from werkzeug.exceptions import HTTPException

from icusync.demo import routes_activity, routes_calendar, routes_coach, routes_gear, routes_streams
from icusync.demo.api import Api, json_body
from icusync.demo.auth import Auth
from icusync.demo.errors import ApiError, error_response, json_response, spring_error, unprocessable
from icusync.demo.faults import HANG, Faults
from icusync.demo.oauth import register_oauth
from icusync.demo.profiles import Profile
from icusync.demo.store import AthleteData


class DemoState(Protocol):
    """What the app serves from: the `DemoUpstream` that builds it."""

    prefix: str
    clock: Callable[[], float]
    requests: deque[tuple[str, str]]
    faults: Faults
    fault_endpoint: bool
    auth: Auth
    profiles: list[Profile]
    @property
    def data(self) -> Mapping[str, AthleteData]: ...



def build_app(demo: DemoState) -> Quart:
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
            if fault is not None and fault.status == HANG:
                await asyncio.sleep(fault.delay)  # then handled as usual, whoever still listens
            elif fault is not None:
                return json_response(fault.body, fault.status, fault.headers)
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
    api = Api(app, demo.auth, demo.data, prefix)
    routes_activity.register(api)
    routes_calendar.register(api)
    routes_coach.register(api)
    routes_gear.register(api)
    routes_streams.register(api)
    return app
