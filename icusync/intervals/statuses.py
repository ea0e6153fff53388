"""What Intervals.icu's HTTP answers mean: each failure status mapped to one typed error from `errors.py`."""

from __future__ import annotations

import email.utils
import time

import httpx

from icusync.errors import (
    CredentialRejected,
    RateLimited,
    UpstreamBadRequest,
    UpstreamError,
    UpstreamForbidden,
    UpstreamNotFound,
    UpstreamUnavailable,
)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now; it may be a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _upstream_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or body)[:300]
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return "; ".join(str(item.get("error", item)) for item in body)[:300]
    return str(body)[:300]


def raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    message = _upstream_message(response)
    if status == 401:
        raise CredentialRejected(f"Intervals.icu refused the credential ({status}: {message})")
    if status == 403:
        raise UpstreamForbidden(f"Intervals.icu refused access ({status}: {message})")
    if status == 404:
        raise UpstreamNotFound(f"Intervals.icu has no such item ({message})")
    if status == 429:
        retry = parse_retry_after(response.headers.get("Retry-After"))
        raise RateLimited("Intervals.icu rate limit reached", retry)
    if status in (400, 409, 422):
        raise UpstreamBadRequest(f"Intervals.icu rejected the request: {message}", message)
    if status >= 500:
        raise UpstreamUnavailable(f"Intervals.icu answered {status}; it may be down for a moment")
    raise UpstreamError(f"Intervals.icu answered {status}: {message}")
