"""Tool calls spend Intervals.icu's shared rate sparingly: follow-ups from memory, writes seen at once, the race
lookup only when the range does not answer, the budget checked first, and 'busy' rather than a long wait."""

from __future__ import annotations

from datetime import timedelta

import pytest

from icusync.store import users
from tests.connector.conftest import Live, text_of


def upstream(live: Live) -> int:
    return len(live.demo.requests)


async def test_follow_up_questions_are_answered_without_asking_again(live: Live) -> None:
    async with live.client() as client:
        await client.call_tool("get_athlete_profile", {})
        first = upstream(live)
        await client.call_tool("get_fitness", {})
        assert upstream(live) == first + 1  # the wellness; the athlete is remembered
        again = await client.call_tool("get_fitness", {})
        profile = await client.call_tool("get_athlete_profile", {})
    assert upstream(live) == first + 1
    assert not again.is_error and not profile.is_error


async def test_a_write_is_seen_by_the_next_read(live: Live) -> None:
    async with live.client() as client:
        before = await client.call_tool("get_wellness", {"oldest": "today", "newest": "today"})
        await client.call_tool("log_wellness", {"soreness": 4, "fatigue": 4})
        after = await client.call_tool("get_wellness", {"oldest": "today", "newest": "today"})
    assert "soreness_1_4 high" not in text_of(before)
    assert "soreness_1_4 high" in text_of(after)


async def test_the_race_lookup_is_made_only_when_the_range_does_not_answer(live: Live) -> None:
    race_day = live.demo.today + timedelta(days=10)
    async with live.client() as client:
        await client.call_tool("get_athlete_profile", {})
        start = upstream(live)
        await client.call_tool("get_calendar", {"newest": "next 14 days"})
        await client.call_tool("get_calendar", {})  # another range: the race lookup is remembered
        assert upstream(live) - start in (2, 3)  # two ranges, at most one lookup
        entry = {"kind": "race", "date": race_day.isoformat(), "name": "Spring half", "priority": "A"}
        assert not (await client.call_tool("add_calendar_entry", entry)).is_error
        before = upstream(live)
        result = await client.call_tool("get_calendar", {"newest": "next 14 days"})
    # The A race is in the range: one request for the events, no lookup ahead (the athlete's record may be
    # read again: a write forgets every cached answer of the athlete).
    asked = [path for _, path in list(live.demo.requests)[before:]]
    assert [p for p in asked if p.endswith("/events")] == [asked[-1]] and len(asked) <= 2
    data = result.structured_content or {}
    assert "Spring half" in (data["next_race"]["name"], (data["next_a_race"] or {}).get("name"))


@pytest.mark.settings(calls_per_minute=2)
async def test_the_call_budget_is_checked_before_the_account_is_read(live: Live) -> None:
    async with live.client() as client:
        for _ in range(2):
            assert not (await client.call_tool("get_athlete_profile", {})).is_error
        user = await users.get_user_by_athlete(live.deps.db, live.demo.athlete_ids[0])
        assert user is not None
        await users.delete_credential(live.deps.db, user.id)
        before = upstream(live)
        refused = await client.call_tool("get_athlete_profile", {})
    # Had the account been read first, the answer would be "not connected".
    assert refused.is_error and "Too many icusync tool calls" in text_of(refused)
    assert upstream(live) == before


@pytest.mark.settings(upstream_rate=0.05)
async def test_a_call_that_would_wait_long_is_answered_busy_at_once(live: Live) -> None:
    async with live.client() as client:
        first = await client.call_tool("get_fitness", {})  # the two requests of the burst
        busy = await client.call_tool("list_activities", {})  # the next turn is 20 s away
    assert not first.is_error
    assert busy.is_error and "Intervals.icu is busy, retry in 20 s" in text_of(busy)
