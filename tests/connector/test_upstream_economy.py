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
        # The profile read the six weeks of wellness these ask for by default, and the athlete is remembered.
        fitness = await client.call_tool("get_fitness", {})
        wellness = await client.call_tool("get_wellness", {"oldest": "last 7 days"})
        again = await client.call_tool("get_fitness", {})
        profile = await client.call_tool("get_athlete_profile", {})
    assert upstream(live) == first
    assert not any(r.is_error for r in (fitness, wellness, again, profile))


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
        await client.call_tool("get_calendar", {})  # the same four weeks, and the race lookup is remembered
        assert upstream(live) - start in (1, 2)  # the next four weeks, at most one lookup
        entry = {"kind": "race", "date": race_day.isoformat(), "name": "Spring half", "priority": "A"}
        assert not (await client.call_tool("add_calendar_entry", entry)).is_error
        before = upstream(live)
        result = await client.call_tool("get_calendar", {"newest": "next 14 days"})
    # The A race is in the range: one request for the events (the calendar changed), no lookup ahead,
    # and the athlete's record is still remembered (a calendar change leaves it as it was).
    asked = [path for _, path in list(live.demo.requests)[before:]]
    assert len(asked) == 1 and asked[0].endswith("/events")
    data = result.structured_content or {}
    assert "Spring half" in (data["next_race"]["name"], (data["next_a_race"] or {}).get("name"))


async def test_a_conversation_asks_intervals_icu_at_most_once_per_call(live: Live) -> None:
    """The five asks a peer comparison uses, follow-ups and a write: the follow-ups share what the first
    asks read, and a wellness change leaves the athlete and the calendar remembered."""
    asks: list[tuple[str, dict[str, object]]] = [
        ("get_athlete_profile", {}), ("list_activities", {"oldest": "last 30 days"}), ("get_fitness", {}),
        ("get_wellness", {"oldest": "last 7 days"}), ("get_activity", {}), ("get_calendar", {"newest": "next 14 days"}),
        ("get_fitness", {}), ("get_calendar", {}), ("log_wellness", {"soreness": 2}),
        ("get_wellness", {"oldest": "last 7 days"}), ("get_calendar", {"oldest": "tomorrow", "newest": "next 7 days"}),
    ]
    async with live.client() as client:
        start = upstream(live)
        for name, args in asks:
            if name == "get_activity":
                listed = await client.call_tool("list_activities", {"oldest": "last 30 days"})
                args = {"activity_id": (listed.structured_content or {})["rows"][0][0]}
            result = await client.call_tool(name, args)
            assert not result.is_error, (name, text_of(result))
    asked = [path for _, path in list(live.demo.requests)[start:]]
    assert len(asked) <= len(asks) - 1, asked
    assert sum(p.endswith("/athlete/" + live.demo.athlete_ids[0]) for p in asked) == 1  # the athlete, once


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
