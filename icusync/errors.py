"""The error tree: each error knows its HTTP status and what to tell a person.

Errors are raised deep down and translated once at each boundary: an HTML
page, a JSON API answer, or an MCP tool error the assistant can act on.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

# A Retry-After longer than this is reported as "later" with a time (RateLimited.when_to_retry).
LATER_AFTER_SECONDS = 120
MAX_TIMESTAMP = 253402300799  # 9999-12-31 23:59:59 UTC: a header beyond it cannot crash the message


class IcusyncError(Exception):
    status = 500
    code = "server_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(IcusyncError):
    """A setting is missing or malformed; start-up stops with this message."""


class InputError(IcusyncError):
    """Bad input from a person or an assistant; the message says what to fix."""

    status = 400
    code = "invalid_request"


class NotSignedIn(IcusyncError):
    status = 401
    code = "not_signed_in"


class Forbidden(IcusyncError):
    status = 403
    code = "forbidden"


class UpstreamError(IcusyncError):
    """Intervals.icu did not give us what we asked for."""

    status = 502
    code = "upstream_error"


class CredentialRejected(UpstreamError):
    """Intervals.icu refused the athlete's key or token (revoked, wrong, or missing a scope)."""

    code = "upstream_credential_rejected"


class UpstreamForbidden(CredentialRejected):
    """Intervals.icu answered 403: this item is not the athlete's, or a permission was not granted.

    A CredentialRejected for the pages (sign-in refuses it alike), but not a dead credential."""

    code = "upstream_forbidden"


class UpstreamNotFound(UpstreamError):
    status = 404
    code = "upstream_not_found"


class RateLimited(UpstreamError):
    status = 429
    code = "upstream_rate_limited"

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def when_to_retry(self, now: float | None = None) -> str:
        """"in 20 seconds"; a wait past a couple of minutes as "later" with the time, since counting
        down thousands of seconds (or years, from a bogus header) helps nobody."""
        if self.retry_after is None:
            return "in a minute"
        if self.retry_after <= LATER_AFTER_SECONDS:
            seconds = max(1, math.ceil(self.retry_after))
            return f"in {seconds} second{'s' if seconds > 1 else ''}"
        moment = (time.time() if now is None else now) + self.retry_after
        when = datetime.fromtimestamp(min(moment, MAX_TIMESTAMP), UTC)
        shown = when.strftime("%H:%M UTC") if self.retry_after < 20 * 3600 else when.strftime("%Y-%m-%d %H:%M UTC")
        return f"later, not before {shown}"


class UpstreamBusy(UpstreamError):
    """icusync's own pacing of Intervals.icu requests would make this request wait too long: refused at once
    rather than held for many seconds, so the assistant can say so and try again."""

    status = 503
    code = "upstream_busy"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(f"Intervals.icu is busy, retry in {self.retry_after} s")


class UpstreamUnavailable(UpstreamError):
    """Intervals.icu timed out, could not be reached, or answered 5xx.

    `maybe_applied`: the request may have reached Intervals.icu and been applied before the
    answer was lost (a timeout, a dropped connection, a 5xx); False when it never left.
    """

    status = 503
    code = "upstream_unavailable"

    def __init__(self, message: str, *, maybe_applied: bool = True) -> None:
        super().__init__(message)
        self.maybe_applied = maybe_applied


class UpstreamBadRequest(UpstreamError):
    """Intervals.icu rejected the request (400/422); carries its own message."""

    status = 400
    code = "upstream_bad_request"

    def __init__(self, message: str, upstream_message: str) -> None:
        super().__init__(message)
        self.upstream_message = upstream_message
