"""The onboarding pages: landing, sign-in and sign-up, dashboard, account deletion, error pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from quart import Quart

from icusync.coach.plain import local_time
from icusync.services.runtime import Runtime
from icusync.web.account import account
from icusync.web.dashboard import dashboard
from icusync.web.error_pages import register_error_pages
from icusync.web.headers import register_security_headers
from icusync.web.intervals_signin import intervals_signin
from icusync.web.pages import pages
from icusync.web.session import csrf_token, current_user
from icusync.web.signin import signin
from icusync.web.throttle import register_signin_throttle


def operator_contact(app: Quart) -> dict[str, str] | None:
    """The operator's contact from settings as text and, for an email address or a web address, a link."""
    runtime: Runtime | None = app.extensions.get("icusync")
    contact = runtime.settings.operator_contact if runtime is not None else None
    if not contact:
        return None
    if contact.startswith(("https://", "http://")):
        return {"text": contact, "href": contact}
    if "@" in contact and " " not in contact:
        return {"text": contact, "href": "mailto:" + contact}
    return {"text": contact}


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

    @app.template_filter("local")
    def local(timestamp: int | None, tz: str | None) -> str:
        """A stored Unix time in the athlete's timezone: "Thu 3 Dec, 14:05"."""
        return local_time(timestamp, tz) if timestamp else "never"

    @app.context_processor
    async def page_helpers() -> dict[str, Any]:
        try:
            nav_user = await current_user()
        except Exception:  # an error page must render even when the database is down
            nav_user = None
        return {"csrf_token": csrf_token, "nav_user": nav_user, "operator": operator_contact(app)}
