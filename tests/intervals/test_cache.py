"""The read cache inside the Intervals.icu port: hits and misses, per credential, dropped by icusync's own writes.

Upstream requests are counted in the demo's request log; the cache's clock is injected.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from icusync.demo import DemoUpstream
from icusync.errors import CredentialRejected
from icusync.intervals.cache import ReadCache, family, touched_by
from icusync.intervals.client import ATHLETE_MAX_AGE, LIST_MAX_AGE, IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from tests.harness import new_demo

BASE = "http://demo.test/demo-intervals"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def demo() -> DemoUpstream:
    return new_demo(seed=3)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(demo: DemoUpstream, clock: Clock) -> AsyncIterator[IntervalsClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi)) as http:
        yield IntervalsClient(http, BASE, rate=1000, timeout=2, cache=ReadCache(clock))


def cred_of(demo: DemoUpstream, index: int = 0) -> UpstreamCredential:
    athlete = demo.athlete_ids[index]
    return UpstreamCredential(athlete_id=athlete, kind="api_key", secret=demo.api_key(athlete))


async def test_a_repeated_read_is_answered_from_memory_until_it_is_too_old(
    client: IntervalsClient, demo: DemoUpstream, clock: Clock
) -> None:
    cred = cred_of(demo)
    first = await client.get_athlete(cred)
    first["name"] = "changed by a caller"  # each answer is the caller's own copy
    again = await client.get_athlete(cred)
    assert again["name"] != "changed by a caller" and len(demo.requests) == 1
    clock.now += ATHLETE_MAX_AGE + 1
    await client.get_athlete(cred)
    assert len(demo.requests) == 2
    await client.get_athlete(cred, max_age=0)  # asked afresh
    assert len(demo.requests) == 3


async def test_lists_are_kept_per_range_and_for_their_own_time(
    client: IntervalsClient, demo: DemoUpstream, clock: Clock
) -> None:
    cred, today = cred_of(demo), demo.today
    await client.list_wellness(cred, today - timedelta(days=6), today)
    await client.list_wellness(cred, today - timedelta(days=6), today)
    await client.list_wellness(cred, today - timedelta(days=13), today)  # another range, another request
    assert len(demo.requests) == 2
    clock.now += LIST_MAX_AGE + 1
    await client.list_wellness(cred, today - timedelta(days=6), today)
    assert len(demo.requests) == 3
    await client.list_events(cred, today, today + timedelta(days=6))
    await client.list_events(cred, today, today + timedelta(days=6))  # events are fresh unless asked otherwise
    assert len(demo.requests) == 5


async def test_a_write_for_an_athlete_drops_only_that_athletes_answers(
    client: IntervalsClient, demo: DemoUpstream
) -> None:
    ada, bob = cred_of(demo, 0), cred_of(demo, 1)
    day = demo.today - timedelta(days=1)
    before = await client.list_wellness(ada, day, day)
    await client.get_athlete(bob)
    await client.update_wellness(ada, day, {"soreness": 4})
    after = await client.list_wellness(ada, day, day)
    assert after[0]["soreness"] == 4 != before[0].get("soreness")
    count = len(demo.requests)
    await client.get_athlete(bob)  # still cached: the write was Ada's
    assert len(demo.requests) == count


async def test_another_credential_never_sees_a_cached_answer(client: IntervalsClient, demo: DemoUpstream) -> None:
    ada = cred_of(demo, 0)
    await client.get_athlete(ada)
    wrong = UpstreamCredential(athlete_id=ada.athlete_id, kind="api_key", secret="not-the-key")
    with pytest.raises(CredentialRejected):
        await client.get_athlete(wrong)
    assert len(demo.requests) == 2


async def test_a_refused_credential_drops_the_athletes_answers(client: IntervalsClient, demo: DemoUpstream) -> None:
    ada = cred_of(demo, 0)
    await client.get_athlete(ada)
    demo.faults.revoke(ada.athlete_id)
    with pytest.raises(CredentialRejected):
        await client.list_activities(ada, demo.today - timedelta(days=6), demo.today)
    with pytest.raises(CredentialRejected):
        await client.get_athlete(ada)  # not answered from memory once Intervals.icu said no


async def test_identical_reads_at_once_make_one_request(client: IntervalsClient, demo: DemoUpstream) -> None:
    cred = cred_of(demo)
    answers = await asyncio.gather(*(client.get_athlete(cred) for _ in range(5)))
    assert len(demo.requests) == 1
    assert all(a == answers[0] for a in answers) and answers[0] is not answers[1]


async def test_an_answer_fetched_across_a_write_is_not_kept(demo: DemoUpstream, clock: Clock) -> None:
    cache = ReadCache(clock)
    key = ("i1", "what")
    generation = cache.generation("i1")
    cache.drop("i1")  # a write for the athlete while the read was under way
    cache.put(key, b"{}", generation, clock())
    assert cache.get(key, 60) is None and len(cache) == 0


def test_the_cache_keeps_to_its_size(clock: Clock) -> None:
    cache = ReadCache(clock, max_bytes=1000)
    for i in range(20):
        cache.put(("i1", i), b"x" * 100, 0, clock())
    assert len(cache) == 10 and cache.get(("i1", 19), 60) == b"x" * 100 and cache.get(("i1", 0), 60) is None


async def test_days_within_a_wider_range_asked_lately_are_cut_from_it(
    client: IntervalsClient, demo: DemoUpstream
) -> None:
    cred, today = cred_of(demo), demo.today
    await client.list_wellness(cred, today - timedelta(days=41), today)
    week = await client.list_wellness(cred, today - timedelta(days=6), today - timedelta(days=1))
    assert len(demo.requests) == 1
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi)) as http:
        plain = IntervalsClient(http, BASE, rate=1000, timeout=2)
        assert week == await plain.list_wellness(cred, today - timedelta(days=6), today - timedelta(days=1))
    await client.list_wellness(cred, today - timedelta(days=60), today)  # reaches further back: asked
    assert len(demo.requests) == 3


async def test_what_is_made_of_the_athlete_is_made_once_per_answer(
    client: IntervalsClient, demo: DemoUpstream, clock: Clock
) -> None:
    cred, made = cred_of(demo), []

    def build(athlete: dict[str, object]) -> str:
        made.append(athlete["id"])
        return str(athlete["id"])

    assert await client.get_athlete_as(cred, build) == await client.get_athlete_as(cred, build) == cred.athlete_id
    assert len(made) == 1
    await client.update_wellness(cred, demo.today, {"soreness": 2})  # leaves the athlete record kept
    await client.get_athlete_as(cred, build)
    assert len(made) == 1
    settings_id = (await client.list_sport_settings(cred))[0]["id"]
    await client.update_sport_settings(cred, settings_id, {"ftp": 250})  # thresholds: drops it
    await client.get_athlete_as(cred, build)
    clock.now += ATHLETE_MAX_AGE + 1
    await client.get_athlete_as(cred, build)
    assert len(made) == 3


async def test_a_change_drops_what_it_may_alter_and_keeps_the_rest(client: IntervalsClient, demo: DemoUpstream) -> None:
    ada, today = cred_of(demo), demo.today
    day = today - timedelta(days=1)

    async def reads() -> int:
        """The athlete, a week of wellness and of events, each read afresh only when no longer kept."""
        before = len(demo.requests)
        await client.get_athlete(ada)
        await client.list_wellness(ada, day, today)
        await client.list_events(ada, today, today + timedelta(days=6), max_age=LIST_MAX_AGE)
        return len(demo.requests) - before

    assert await reads() == 3
    await client.update_wellness(ada, day, {"soreness": 4})
    assert await reads() == 1  # the wellness again; the athlete and the calendar stand
    assert (await client.list_wellness(ada, day, day))[0]["soreness"] == 4
    await client.create_event(ada, {"category": "NOTE", "start_date_local": f"{today}T00:00:00", "name": "Rest"})
    assert await reads() == 1  # the calendar again
    await client.update_activity(ada, demo.data[ada.athlete_id].activities[-1]["id"], {"feel": 2})
    assert await reads() == 3  # a change to an activity may alter anything: everything again


def test_the_part_of_the_api_a_path_belongs_to() -> None:
    assert family("/api/v1/athlete/i1/events/7") == "events"
    assert family("/api/v1/athlete/i1/wellness/2026-01-02") == "wellness"
    assert family("/api/v1/athlete/i1") == ""
    assert family("/api/v1/activity/i9/streams") == "activity"
    assert touched_by("/api/v1/athlete/i1/sport-settings/Ride") is None  # thresholds: everything
    touched = touched_by("/api/v1/athlete/i1/events")
    assert touched is not None and touched((b"", "/api/v1/athlete/i1/events", ())) and not touched(
        (b"", "/api/v1/athlete/i1", ()))
