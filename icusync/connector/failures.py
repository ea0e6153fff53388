"""Every failure a tool can meet, turned into a message the assistant can act on."""

from __future__ import annotations

import math

from icusync.coach.dates import DateInputError
from icusync.errors import (
    CredentialRejected,
    InputError,
    RateLimited,
    UpstreamBadRequest,
    UpstreamNotFound,
    UpstreamUnavailable,
)

# What a tool translates; anything else is a bug and surfaces as the SDK's generic tool error.
EXPLAINED = (
    CredentialRejected,
    RateLimited,
    UpstreamUnavailable,
    UpstreamNotFound,
    UpstreamBadRequest,
    DateInputError,
    InputError,
)


def explain(exc: Exception, dashboard_url: str) -> str:
    if isinstance(exc, CredentialRejected):
        return (
            "Intervals.icu refused icusync's access to this athlete (the connection was revoked, or a "
            f"permission is missing). Ask the athlete to reconnect Intervals.icu at {dashboard_url}."
        )
    if isinstance(exc, RateLimited):
        wait = f"{math.ceil(exc.retry_after)} seconds" if exc.retry_after is not None else "a minute"
        return f"Intervals.icu is rate limiting requests right now. Retry in {wait}."
    if isinstance(exc, UpstreamUnavailable):
        return f"{exc.message}. Nothing was changed; retry in a minute."
    if isinstance(exc, UpstreamNotFound):
        return "Intervals.icu has no such item for this athlete; check the id (list tools show valid ids)."
    if isinstance(exc, UpstreamBadRequest):
        return f"Intervals.icu rejected the request: {exc.upstream_message}"
    return str(exc)
