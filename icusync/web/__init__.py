"""The onboarding pages: landing, sign-in and sign-up, dashboard, account deletion, error pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from quart import Quart

from icusync.web.account import account
from icusync.web.dashboard import dashboard
from icusync.web.error_pages import register_error_pages
from icusync.web.headers import register_security_headers
from icusync.web.intervals_signin import intervals_signin
from icusync.web.pages import pages
from icusync.web.session import csrf_token, current_user
from icusync.web.signin import signin
from icusync.web.throttle import register_signin_throttle


def register_web(app: Quart, demo: Any = None) -> None:
    """Blueprints, error pages, security headers and template helpers for the pages."""
    if demo is not None:
        app.extensions["icusync_demo"] = demo
    for blueprint in (pages, signin, intervals_signin, dashboard, account):
        app.register_blueprint(blueprint)
    register_error_pages(app)
    register_security_headers(app)
    register_signin_throttle(app)

    @app.template_filter("when")
    def when(timestamp: int | None) -> str:
        if not timestamp:
            return "never"
        return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")

    @app.context_processor
    async def page_helpers() -> dict[str, Any]:
        try:
            nav_user = await current_user()
        except Exception:  # an error page must render even when the database is down
            nav_user = None
        return {"csrf_token": csrf_token, "nav_user": nav_user}
