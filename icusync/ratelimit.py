"""Per-key token buckets, for the endpoints a stranger can hammer (registration, sign-in forms)."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """A token bucket per key: `burst` at once, then `per_minute`."""

    def __init__(self, burst: int = 20, per_minute: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._burst = burst
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait_for(self, key: str) -> float:
        """Take one token for `key`; return 0 if allowed, else the seconds until one is free."""
        now = self._clock()
        level, last = self._buckets.get(key, (float(self._burst), now))
        level = min(float(self._burst), level + (now - last) * self._rate)
        if level >= 1:
            self._buckets[key] = (level - 1, now)
            self._forget_idle(now)
            return 0.0
        self._buckets[key] = (level, now)
        return (1 - level) / self._rate

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < 10_000:
            return
        full_after = self._burst / self._rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full_after}
