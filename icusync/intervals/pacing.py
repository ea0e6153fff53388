"""Pacing Intervals.icu requests for the whole instance: an average rate, a small burst, athletes served in turn.

Intervals.icu limits requests per IP and per OAuth app, so every athlete of an instance shares one
budget. `FairQueue` decides who goes when (pure, with an injected clock, so it is tested without
waiting); `Pacer` puts asyncio around it and refuses a request that would wait longer than a few
seconds instead of holding the tool call.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Generic, TypeVar

from icusync.errors import UpstreamBusy

Ticket = TypeVar("Ticket", bound=Hashable)
Answer = TypeVar("Answer")

# Two requests at once after a quiet moment: at 8/s that keeps any one second at 10 or fewer,
# Intervals.icu's own limit, while the second request of a tool call need not wait 125 ms.
DEFAULT_BURST = 2
# Longer than this in line and the call is answered "busy, retry in N s" at once.
DEFAULT_MAX_WAIT = 5.0


class FairQueue(Generic[Ticket]):
    """A token bucket (`rate` per second, `burst` at most) in front of one queue per key, served round robin.

    A key with a hundred requests waiting gets one turn, then every other waiting key gets one, so one
    athlete's burst delays another athlete's request by at most one turn per athlete waiting.
    """

    def __init__(self, rate: float, burst: int = DEFAULT_BURST, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._tokens = float(self.burst)
        self._stamp = clock()
        # Insertion order is the round robin: the key served last goes to the back.
        self._queues: dict[str, deque[Ticket]] = {}

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def take_now(self) -> bool:
        """Go at once if nobody is waiting and a token is free."""
        self._refill()
        if self._queues or self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def expected_wait(self, key: str) -> float:
        """Seconds a new request for `key` would wait: its own queue plus one turn per other waiting key per
        request of its own ahead of it."""
        self._refill()
        own = len(self._queues.get(key, ()))
        ahead = own + sum(min(len(q), own + 1) for k, q in self._queues.items() if k != key)
        return max(0.0, (ahead + 1 - self._tokens) / self.rate)

    def enqueue(self, key: str, ticket: Ticket) -> None:
        self._queues.setdefault(key, deque()).append(ticket)

    def cancel(self, key: str, ticket: Ticket) -> None:
        queue = self._queues.get(key)
        if queue is not None and ticket in queue:
            queue.remove(ticket)
            if not queue:
                del self._queues[key]

    def release(self) -> list[Ticket]:
        """The tickets whose turn has come, in the order served."""
        self._refill()
        granted = []
        while self._queues and self._tokens >= 1:
            key = next(iter(self._queues))
            queue = self._queues.pop(key)
            granted.append(queue.popleft())
            if queue:
                self._queues[key] = queue
            self._tokens -= 1
        return granted

    def next_turn_in(self) -> float | None:
        """Seconds until `release` can serve someone; None when nobody waits."""
        if not self._queues:
            return None
        self._refill()
        return max(0.0, (1 - self._tokens) / self.rate)

    @property
    def waiting(self) -> int:
        return sum(len(q) for q in self._queues.values())


# Seconds the current task (one tool call, one page) has waited for the pacer so far: the bound is per call,
# not per request, or a call of three requests could wait three times as long.
_waited: ContextVar[float] = ContextVar("icusync_pacer_waited", default=0.0)


class Pacer:
    """Waits for a request's turn. A task waits `max_wait` seconds at most in all: when its turn is further
    away it gets UpstreamBusy at once, and if its turn has not come by then (others joined the rotation
    meanwhile), it gets UpstreamBusy then."""

    def __init__(
        self,
        rate: float,
        *,
        burst: int = DEFAULT_BURST,
        max_wait: float = DEFAULT_MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wait = max_wait
        self._clock = clock
        self._queue: FairQueue[asyncio.Future[None]] = FairQueue(rate, burst, clock)
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return self._queue.waiting

    async def wait(self, key: str) -> None:
        if self._queue.take_now():
            return
        left = self.max_wait - _waited.get()
        delay = self._queue.expected_wait(key)
        if delay > left:
            raise UpstreamBusy(delay)
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.enqueue(key, turn)
        self._arm()
        start = self._clock()
        try:
            await asyncio.wait_for(turn, left)
        except TimeoutError:
            self._queue.cancel(key, turn)
            raise UpstreamBusy(self._queue.expected_wait(key)) from None
        except asyncio.CancelledError:
            self._queue.cancel(key, turn)  # a turn already granted is spent, like a request sent
            raise
        finally:
            _waited.set(_waited.get() + self._clock() - start)

    async def join(self, key: str, answer: asyncio.Future[Answer]) -> Answer:
        """Wait for another call's request for the same answer, counted like a wait for a turn: a call that
        joins a request still in line must not wait longer than one that queued itself."""
        left = self.max_wait - _waited.get()
        start = self._clock()
        try:
            return await asyncio.wait_for(asyncio.shield(answer), max(0.0, left))
        except TimeoutError:
            raise UpstreamBusy(self._queue.expected_wait(key)) from None
        finally:
            _waited.set(_waited.get() + self._clock() - start)

    def _serve(self) -> None:
        self._timer = None
        for turn in self._queue.release():
            if not turn.done():
                turn.set_result(None)
        self._arm()

    def _arm(self) -> None:
        delay = self._queue.next_turn_in()
        if delay is not None and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(delay, self._serve)
