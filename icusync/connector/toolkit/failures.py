"""Every failure a tool can meet, turned into a message the assistant can act on."""

from __future__ import annotations

from icusync.coach.dates import DateInputError
from icusync.crypto import SealError
from icusync.errors import (
    CredentialRejected,
    InputError,
    RateLimited,
    UpstreamBadRequest,
    UpstreamBusy,
    UpstreamError,
    UpstreamForbidden,
    UpstreamNotFound,
    UpstreamUnavailable,
)

# What a tool translates; anything else is a bug and surfaces as the SDK's generic tool error.
EXPLAINED = (UpstreamError, SealError, DateInputError, InputError)


def explain(exc: Exception, dashboard_url: str) -> str:
    if isinstance(exc, UpstreamForbidden):
        return (
            "Intervals.icu refused access to this item (403): it belongs to another athlete, or icusync was not "
            "granted that permission. If it is the athlete's own data, reconnect Intervals.icu at "
            f"{dashboard_url} and allow every permission asked for."
        )
    if isinstance(exc, CredentialRejected | SealError):
        return (
            "Intervals.icu refused icusync's access to this athlete (the connection was revoked or the stored "
            f"credential no longer works). Ask the athlete to reconnect Intervals.icu at {dashboard_url}."
        )
    if isinstance(exc, RateLimited):
        return f"Intervals.icu is rate limiting requests right now. Retry {exc.when_to_retry()}."
    if isinstance(exc, UpstreamBusy):
        # icusync's own pacing: many requests are waiting for Intervals.icu's shared limit.
        return f"Intervals.icu is busy, retry in {exc.retry_after} s."
    if isinstance(exc, UpstreamUnavailable):
        if not exc.maybe_applied:
            return f"{exc.message}. Nothing was changed. Retry in a minute."
        # A request that timed out may still have been applied upstream.
        return (
            f"{exc.message}. Retry in a minute. If this was a change, check get_calendar or list_recent_writes "
            "first: it may have gone through."
        )
    if isinstance(exc, UpstreamNotFound):
        return "Intervals.icu has no such item for this athlete; check the id (list tools show valid ids)."
    if isinstance(exc, UpstreamBadRequest):
        return f"Intervals.icu rejected the request: {exc.upstream_message}"
    return str(exc.message if isinstance(exc, UpstreamError | InputError) else exc)
