"""Sign-in forms allow a few attempts per address, so API keys and invite codes cannot be guessed in bulk."""

from __future__ import annotations

import math

from quart import Quart, Response, make_response, request
from werkzeug.wrappers import Response as WerkzeugResponse

from icusync.ratelimit import RateLimiter
from icusync.web.error_pages import error_page

THROTTLED = frozenset({"/signin/api-key", "/signin/intervals"})
EXTENSION = "icusync_signin_limiter"


def register_signin_throttle(app: Quart, limiter: RateLimiter | None = None) -> None:
    # Ten tries at once, then one every 12 seconds per address: plenty for a person.
    app.extensions[EXTENSION] = limiter or RateLimiter(burst=10, per_minute=5)

    @app.before_request
    async def throttle_signin() -> Response | WerkzeugResponse | None:
        if request.method != "POST" or request.path not in THROTTLED:
            return None
        limiter_: RateLimiter = app.extensions[EXTENSION]
        wait = limiter_.wait_for(request.remote_addr or "unknown")
        if not wait:
            return None
        seconds = math.ceil(wait)
        page = await error_page(
            429, "Too many sign-in attempts from this address.", f"Wait {seconds} seconds, then try again."
        )
        response = await make_response(page)
        response.headers["Retry-After"] = str(seconds)
        return response
