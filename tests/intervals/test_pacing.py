"""The pacer: a small burst, the average held to the rate, athletes served in turn, and 'busy' instead of a long wait.

The decisions are made by `FairQueue` against an injected clock, so nothing here waits for real time.
"""

from __future__ import annotations

import asyncio

import pytest

from icusync.errors import UpstreamBusy
from icusync.intervals.pacing import FairQueue, Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def drain(queue: FairQueue[str], clock: Clock, until: float, step: float = 0.001) -> list[tuple[float, str]]:
    """Advance the clock to `until`, releasing turns as they come: (time, ticket) for each."""
    served = []
    while clock.now < until:
        clock.now = round(clock.now + step, 6)
        served += [(clock.now, t) for t in queue.release()]
    return served


def test_a_burst_goes_at_once_then_requests_are_spaced() -> None:
    clock = Clock()
    queue: FairQueue[str] = FairQueue(rate=8, burst=2, clock=clock)
    assert queue.take_now() and queue.take_now()  # the second request of a call need not wait
    assert not queue.take_now()
    queue.enqueue("a", "third")
    served = drain(queue, clock, clock.now + 1)
    assert served == [(pytest.approx(1000.125), "third")]


def test_the_average_stays_under_the_rate_under_constant_demand() -> None:
    clock = Clock()
    queue: FairQueue[str] = FairQueue(rate=8, burst=2, clock=clock)
    granted = sum(queue.take_now() for _ in range(50))
    for i in range(200):
        queue.enqueue("a", f"r{i}")
    granted += len(drain(queue, clock, clock.now + 10))
    assert granted <= 2 + 8 * 10  # the burst once, then the rate
    assert granted >= 8 * 10  # and the rate is used


def test_one_athletes_burst_does_not_starve_another() -> None:
    clock = Clock()
    queue: FairQueue[str] = FairQueue(rate=8, burst=1, clock=clock)
    assert queue.take_now()
    for i in range(40):
        queue.enqueue("hog", f"hog{i}")
    queue.enqueue("other", "other0")
    queue.enqueue("third", "third0")
    served = [ticket for _, ticket in drain(queue, clock, clock.now + 1)]
    assert served[:4] == ["hog0", "other0", "third0", "hog1"]  # one turn each, then the hog again


def test_expected_wait_counts_one_turn_per_other_athlete() -> None:
    clock = Clock()
    queue: FairQueue[str] = FairQueue(rate=10, burst=1, clock=clock)
    assert queue.take_now()
    for i in range(30):
        queue.enqueue("hog", f"hog{i}")
    assert queue.expected_wait("hog") == pytest.approx(3.1)  # behind its own thirty
    assert queue.expected_wait("other") == pytest.approx(0.2)  # behind one of the hog's


async def test_a_long_wait_is_refused_at_once_with_when_to_retry() -> None:
    clock = Clock()
    pacer = Pacer(rate=1, burst=1, max_wait=5, clock=clock)
    await pacer.wait("a")
    waiting = [asyncio.create_task(pacer.wait("a")) for _ in range(5)]
    await asyncio.sleep(0)
    with pytest.raises(UpstreamBusy) as busy:
        await pacer.wait("a")  # behind five turns at one a second
    assert busy.value.retry_after == 6
    assert busy.value.message == "Intervals.icu is busy, retry in 6 s"
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)
    assert pacer.waiting == 0  # a cancelled wait gives its place up


async def test_waiting_requests_are_let_through_in_turn() -> None:
    pacer = Pacer(rate=1000, burst=1)
    order: list[str] = []

    async def request(key: str) -> None:
        await pacer.wait(key)
        order.append(key)

    await asyncio.gather(*(request("hog") for _ in range(4)), request("other"))
    assert order.index("other") <= 2  # the first hog request went at once, the next is served before it
    assert len(order) == 5


async def test_the_wait_is_bounded_per_call_not_per_request() -> None:
    clock = Clock()
    pacer = Pacer(rate=1000, burst=1, max_wait=1.0, clock=clock)

    async def one_call() -> None:
        await pacer.wait("a")  # the burst
        await pacer.wait("a")  # waits while the test moves the clock on almost a second
        await pacer.wait("a")  # a millisecond more would pass the call's second

    call = asyncio.create_task(one_call())
    await asyncio.sleep(0)
    clock.now += 0.9995
    with pytest.raises(UpstreamBusy):
        await call
    clock.now += 0.01
    await pacer.wait("a")  # another call starts with its own second


async def test_a_turn_that_does_not_come_in_time_is_answered_busy() -> None:
    clock = Clock()  # never moves: no token comes back
    pacer = Pacer(rate=100, burst=1, max_wait=0.05, clock=clock)
    await pacer.wait("a")
    with pytest.raises(UpstreamBusy):
        await pacer.wait("a")  # expected 10 ms away, still not served after 50 ms
    assert pacer.waiting == 0


async def test_waiting_on_another_calls_request_counts_like_a_turn() -> None:
    pacer = Pacer(rate=100, burst=1, max_wait=0.05)
    never: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
    with pytest.raises(UpstreamBusy):
        await pacer.join("a", never)  # still in line after the call's 50 ms
    assert not never.cancelled()  # the other call's request goes on
    done: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
    done.set_result(b"{}")
    assert await Pacer(rate=100).join("a", done) == b"{}"
