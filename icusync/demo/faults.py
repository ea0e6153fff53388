"""Switchable upstream faults: rate limits, server errors, slowness, hangs, dropped connections, revoked access.

Tests flip them from Python; a demo in another process takes them over HTTP
(`POST {prefix}/_faults`). Count-based faults hit the next N API requests, then expire;
`chaos` gives every API request a chance of one fault, for soak runs.

A dropped connection is what a socket does: the answer's headers go out and the connection
closes before its body, with the request either never handled or handled and its answer lost.
It takes a real connection (the demo served by Hypercorn): an in-memory transport has no
connection to drop.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any

HANG = -1  # a pseudo status: hold the request, then answer it normally
DROP = -2  # a pseudo status: drop the connection


@dataclass
class _Pending:
    status: int
    count: int
    retry_after: int = 0
    http_date: bool = False
    path: str | None = None  # only requests whose path contains this
    seconds: float = 0.0  # HANG: how long
    handled: bool = False  # DROP: after the request was handled (its answer lost) rather than before


@dataclass
class Answer:
    """What a fault does to one request: answer `status` with `body`, or first wait `delay` seconds."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class _Chaos:
    probability: float
    hang_seconds: float
    rng: random.Random


class Faults:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._pending: list[_Pending] = []
        self._chaos: _Chaos | None = None
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

    def hang(self, count: int = 1, seconds: float = 30.0, path: str | None = None) -> None:
        """The next `count` API requests are held `seconds` before being handled: a client with a shorter
        timeout gives up, and a write may still be applied after it did."""
        self._pending.append(_Pending(HANG, count, path=path, seconds=float(seconds)))

    def drop(self, count: int = 1, handled: bool = False, path: str | None = None) -> None:
        """The next `count` API requests lose their connection: before being handled, or (`handled`)
        after, so a write is applied and its answer never arrives."""
        self._pending.append(_Pending(DROP, count, path=path, handled=bool(handled)))

    def chaos(self, probability: float = 0.1, hang_seconds: float = 30.0, seed: int = 1) -> None:
        """From now on each API request has `probability` of one fault, picked at random: 429, 500/502/503,
        a hang of `hang_seconds`, or a dropped connection (before or after handling). 0 turns it off."""
        p = min(1.0, max(0.0, float(probability)))
        self._chaos = _Chaos(p, float(hang_seconds), random.Random(seed)) if p else None

    def slow(self, seconds: float) -> None:
        """Delay every response by `seconds` (0 turns it off)."""
        self.delay = max(0.0, float(seconds))

    def revoke(self, athlete_id: str) -> None:
        """That athlete's API key and OAuth tokens get 401 from now on."""
        self.revoked.add(athlete_id)

    def clear(self) -> None:
        self._pending.clear()
        self._chaos = None
        self.delay = 0.0
        self.revoked.clear()

    def _next(self, path: str, drops: bool) -> _Pending | None:
        """Consume one pending fault matching `path`, of the drop kind or the others."""
        fault = next(
            (f for f in self._pending if (f.status == DROP) == drops and (f.path is None or f.path in path)), None
        )
        if fault is None:
            return self._roll(drops)
        fault.count -= 1
        if fault.count <= 0:
            self._pending.remove(fault)
        return fault

    def _roll(self, drops: bool) -> _Pending | None:
        # Drops are decided at the connection and the rest in the app: a quarter of the chance each time.
        chaos = self._chaos
        if chaos is None or chaos.rng.random() >= chaos.probability / (4 if drops else 4 / 3):
            return None
        if drops:
            return _Pending(DROP, 1, handled=chaos.rng.random() < 0.5)
        status = chaos.rng.choice([429, 500, 502, 503, HANG])
        return _Pending(status, 1, retry_after=chaos.rng.randint(1, 5), seconds=chaos.hang_seconds)

    def take(self, path: str = "") -> Answer | None:
        """The fault (other than a drop) for the next API request to `path`, or None."""
        fault = self._next(path, drops=False)
        if fault is None:
            return None
        if fault.status == HANG:
            return Answer(HANG, delay=fault.seconds)
        if fault.status != 429:
            return Answer(fault.status, {}, {"status": fault.status, "error": HTTPStatus(fault.status).phrase})
        if fault.http_date:
            when = dt.datetime.fromtimestamp(self._clock() + fault.retry_after, dt.UTC)
            retry = format_datetime(when, usegmt=True)
        else:
            retry = str(fault.retry_after)
        return Answer(429, {"Retry-After": retry}, {"status": 429, "error": "Too Many Requests"})

    def apply(self, spec: Any) -> None:
        """Apply a JSON fault spec such as {"action": "rate_limit", "count": 2, "retry_after": 5}."""
        if not isinstance(spec, dict) or not isinstance(spec.get("action"), str):
            raise ValueError('expected {"action": ..., ...}')
        args = {k: v for k, v in spec.items() if k != "action"}
        actions: dict[str, Callable[..., None]] = {
            "rate_limit": self.rate_limit, "server_error": self.server_error, "slow": self.slow,
            "hang": self.hang, "drop": self.drop, "chaos": self.chaos, "revoke": self.revoke, "clear": self.clear,
        }
        action = actions.get(spec["action"])
        if action is None:
            raise ValueError(f"unknown action {spec['action']!r}")
        action(**args)

    def dropping(self, app: Callable[..., Awaitable[None]], api_prefix: str) -> Callable[..., Awaitable[None]]:
        """`app` behind connections that drop when a drop fault says so (API requests only)."""

        async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
            path = scope.get("path", "")
            if scope["type"] != "http" or not path.startswith(api_prefix):
                await app(scope, receive, send)
                return

            async def unheeded(receive: Any = receive) -> dict[str, Any]:
                # Like the real service, a request goes on when its client leaves (Quart would cancel it).
                message: dict[str, Any] = await receive()
                while message["type"] == "http.disconnect":
                    await asyncio.Event().wait()
                return message

            receive = unheeded
            fault = self._next(path, drops=True)
            if fault is None:
                await app(scope, receive, send)
                return
            if fault.handled:

                async def lost(message: dict[str, Any]) -> None:
                    return None

                await app(scope, receive, lost)
            # Headers with no body, then the end: the server closes the connection mid-answer.
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})

        return asgi
