"""Error pages that say what went wrong and what to do next."""

from __future__ import annotations

import logging

from quart import Quart, render_template
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from icusync.errors import CredentialRejected, IcusyncError, RateLimited, UpstreamError

log = logging.getLogger(__name__)

# status: (title, what to do)
GENERIC = {
    400: ("That request could not be used", "Go back, check what you entered, and try again."),
    401: ("Please sign in", "Sign in, then try again."),
    403: ("Not allowed", "Reload the page you came from and try again. If it keeps happening, sign in again."),
    404: ("Page not found", "Check the address, or start from the home page."),
    405: ("That action is not available here", "Use the buttons on the page rather than typing the address."),
    413: ("That was too large", "Send less at once and try again."),
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: (
        "Something went wrong on our side",
        "Try again in a minute. If it keeps happening, tell whoever runs this icusync.",
    ),
}


async def error_page(
    status: int, message: str, advice: str | None = None, title: str | None = None
) -> ResponseReturnValue:
    default_title, default_advice = GENERIC.get(status, GENERIC[500] if status >= 500 else GENERIC[400])
    html = await render_template(
        "error.html", status=status, title=title or default_title, message=message, advice=advice or default_advice
    )
    return html, status


def _upstream_advice(exc: UpstreamError) -> str:
    if isinstance(exc, CredentialRejected):
        return "Reconnect Intervals.icu from your dashboard."
    if isinstance(exc, RateLimited):
        return f"Intervals.icu is busy; try again {exc.when_to_retry()}."
    return "Try again in a minute; Intervals.icu may be briefly unavailable."


def register_error_pages(app: Quart) -> None:
    @app.errorhandler(UpstreamError)
    async def upstream_error(exc: UpstreamError) -> ResponseReturnValue:
        status = exc.status if exc.status >= 500 or exc.status == 429 else 502
        return await error_page(status, exc.message, _upstream_advice(exc), "Intervals.icu problem")

    @app.errorhandler(IcusyncError)
    async def icusync_error(exc: IcusyncError) -> ResponseReturnValue:
        if exc.status >= 500:
            log.error("internal error: %s", type(exc).__name__)
            return await error_page(500, "icusync hit an internal problem.")
        return await error_page(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    async def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        if status < 400:  # redirects raised as exceptions keep their own response
            return exc.get_response()
        return await error_page(status, GENERIC.get(status, GENERIC[500])[0] + ".")

    @app.errorhandler(Exception)
    async def unexpected(exc: Exception) -> ResponseReturnValue:
        log.exception("unhandled error on a page")
        return await error_page(500, "icusync hit an unexpected problem; nothing you did caused it.")
