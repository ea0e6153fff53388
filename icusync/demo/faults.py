"""Switchable upstream faults: rate limits, server errors, slowness, revoked access.

Tests flip them from Python; a demo in another process takes them over HTTP
(`POST {prefix}/_faults`). Count-based faults hit the next N API requests, then expire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any


@dataclass
class _Pending:
    status: int
    count: int
    retry_after: int = 0
    http_date: bool = False
    path: str | None = None  # only requests whose path contains this


class Faults:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._pending: list[_Pending] = []
        self.delay = 0.0
        self.revoked: set[str] = set()

    def rate_limit(
        self, count: int = 1, retry_after: int = 20, http_date: bool = False, path: str | None = None
    ) -> None:
        """The next `count` API requests (whose path contains `path`, if given) get 429 with
        Retry-After in seconds, or as an HTTP date."""
        self._pending.append(_Pending(429, count, retry_after, http_date, path))

    def server_error(self, count: int = 1, status: int = 503, path: str | None = None) -> None:
        """The next `count` API requests (whose path contains `path`, if given) get `status`."""
        self._pending.append(_Pending(status, count, path=path))

    def slow(self, seconds: float) -> None:
        """Delay every response by `seconds` (0 turns it off)."""
        self.delay = max(0.0, float(seconds))

    def revoke(self, athlete_id: str) -> None:
        """That athlete's API key and OAuth tokens get 401 from now on."""
        self.revoked.add(athlete_id)

    def clear(self) -> None:
        self._pending.clear()
        self.delay = 0.0
        self.revoked.clear()

    def take(self, path: str = "") -> tuple[int, dict[str, str], dict[str, Any]] | None:
        """Consume one pending count-based fault matching `path`: (status, headers, body), or None."""
        fault = next((f for f in self._pending if f.path is None or f.path in path), None)
        if fault is None:
            return None
        fault.count -= 1
        if fault.count <= 0:
            self._pending.remove(fault)
        if fault.status != 429:
            return fault.status, {}, {"status": fault.status, "error": HTTPStatus(fault.status).phrase}
        if fault.http_date:
            when = dt.datetime.fromtimestamp(self._clock() + fault.retry_after, dt.UTC)
            retry = format_datetime(when, usegmt=True)
        else:
            retry = str(fault.retry_after)
        return 429, {"Retry-After": retry}, {"status": 429, "error": "Too Many Requests"}

    def apply(self, spec: Any) -> None:
        """Apply a JSON fault spec such as {"action": "rate_limit", "count": 2, "retry_after": 5}."""
        if not isinstance(spec, dict) or not isinstance(spec.get("action"), str):
            raise ValueError('expected {"action": ..., ...}')
        args = {k: v for k, v in spec.items() if k != "action"}
        actions: dict[str, Callable[..., None]] = {
            "rate_limit": self.rate_limit, "server_error": self.server_error, "slow": self.slow,
            "revoke": self.revoke, "clear": self.clear,
        }
        action = actions.get(spec["action"])
        if action is None:
            raise ValueError(f"unknown action {spec['action']!r}")
        action(**args)
