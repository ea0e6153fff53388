"""The app factory: one Quart app serving pages, OAuth and the MCP endpoint."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

import httpx
from quart import Quart

from icusync.asgi import PAGE_BODY_CAP, Dispatcher
from icusync.connector.server import build_connector
from icusync.services.runtime import Runtime
from icusync.settings import Settings
from icusync.web import register_web
from icusync.web.consent import consent

if TYPE_CHECKING:
    from icusync.demo import DemoUpstream

# Browsers drop a `__Host-` cookie unless it is Secure, path / and has no Domain: on https it
# cannot be set or overwritten by a neighbouring subdomain.
SESSION_COOKIE = "icusync_session"


def static_folder() -> str:
    return str(resources.files("icusync") / "static")


def create_app(
    settings: Settings,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
    demo: DemoUpstream | None = None,
) -> Quart:
    """Build a fresh app; nothing is opened until the ASGI lifespan starts."""
    if demo is not None and upstream_transport is None:
        upstream_transport = httpx.ASGITransport(app=demo.asgi)
    runtime = Runtime(settings, upstream_transport)
    app = Quart(__name__, static_folder=static_folder(), static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.session_secret,
        MAX_CONTENT_LENGTH=PAGE_BODY_CAP,
        SESSION_COOKIE_NAME=("__Host-" if settings.public_url.startswith("https://") else "") + SESSION_COOKIE,
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings.is_loopback,
        PERMANENT_SESSION_LIFETIME=30 * 24 * 3600,
    )
    app.extensions["icusync"] = runtime
    register_web(app, demo)
    app.register_blueprint(consent)

    connector = build_connector(runtime)
    app.asgi_app = Dispatcher(  # type: ignore[method-assign]
        app.asgi_app,
        runtime,
        mcp_app=connector.asgi,
        mcp_lifespan=connector.lifespan,
        demo_app=demo.asgi if demo is not None else None,
    )
    return app
