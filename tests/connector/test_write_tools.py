"""Write-back through the real MCP SDK client against the demo Intervals.icu."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from icusync.db import Database
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get

THRESHOLD_RUN = """Warmup
- 15m Z2 Pace

Main Set 4x
- 8m Z4 Pace
- 2m Z1 Pace

Cooldown
- 10m Z1 Pace"""


def next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


async def events_on(live: Live, day: date) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = await upstream_get(
        live.demo, "/athlete/{athlete}/events", oldest=str(day), newest=str(day)
    )
    return events


async def write_count(live: Live) -> int:
    db = Database(live.settings.db_path)
    await db.open()
    try:
        async with db.read() as conn:
            return int((await conn.execute_fetchall("SELECT count(*) FROM writes"))[0][0])
    finally:
        await db.close()


async def test_threshold_run_on_thursday_in_pace_zones(live: Live) -> None:
    thursday = next_weekday(live.demo.today, 3)
    spec = {"date": thursday.isoformat(), "sport": "Run", "name": "Threshold 4x8", "workout": THRESHOLD_RUN}
    async with live.client() as client:
        preview = await client.call_tool("create_workouts", {"workouts": [spec], "preview": True})
        assert not preview.is_error, text_of(preview)
        assert (preview.structured_content or {})["written"] is False
        assert not [e for e in await events_on(live, thursday) if e.get("name") == "Threshold 4x8"]
        result = await client.call_tool("create_workouts", {"workouts": [spec]})
        again = await client.call_tool("create_workouts", {"workouts": [spec]})
    assert not result.is_error, text_of(result)
    text = text_of(result)
    assert "4 × [8 min at" in text and "/km" in text  # what will be on the watch, in the athlete's paces
    made = [e for e in await events_on(live, thursday) if e.get("name") == "Threshold 4x8"]
    assert len(made) == 1, "a repeated create updates, never duplicates"
    event = made[0]
    assert event["category"] == "WORKOUT" and event["type"] == "Run"
    doc = event["workout_doc"]
    block = next(s for s in doc["steps"] if s.get("reps"))
    assert block["reps"] == 4
    assert [s["duration"] for s in block["steps"]] == [480, 120]
    assert block["steps"][0]["pace"] == {"value": 4, "units": "pace_zone"}
    assert event["moving_time"] == (15 + 4 * 10 + 10) * 60
    view = (again.structured_content or {})["events"][0]
    assert view["id"] == event["id"] and view["duration_s"] == event["moving_time"]


async def test_invalid_text_writes_nothing_and_points_at_the_line(live: Live) -> None:
    day = live.demo.today + timedelta(days=2)
    good = {"date": day.isoformat(), "sport": "Run", "name": "Easy", "workout": "- 40m Z2 Pace"}
    bad = {"date": day.isoformat(), "sport": "Run", "name": "Broken", "workout": "Main Set 3x\n- 8 min 100%"}
    before = await events_on(live, day)
    async with live.client() as client:
        result = await client.call_tool("create_workouts", {"workouts": [good, bad]})
    assert result.is_error
    message = text_of(result)
    assert "workouts[1]" in message and "line 2" in message and "nothing was written" in message
    assert await events_on(live, day) == before
    assert await write_count(live) == 0


async def test_past_dates_cap_and_missing_settings(live: Live) -> None:
    yesterday = (live.demo.today - timedelta(days=1)).isoformat()
    one = {"date": yesterday, "sport": "Ride", "name": "Spin", "workout": "- 30m 60%"}
    async with live.client() as client:
        past = await client.call_tool("create_workouts", {"workouts": [one]})
        allowed = await client.call_tool("create_workouts", {"workouts": [one], "allow_past": True})
        too_many = await client.call_tool(
            "create_workouts", {"workouts": [{**one, "name": f"S{i}"} for i in range(15)], "allow_past": True}
        )
    assert past.is_error and "in the past" in text_of(past) and "allow_past" in text_of(past)
    assert not allowed.is_error, text_of(allowed)
    assert too_many.is_error


async def test_update_delete_and_undo(live: Live) -> None:
    day = live.demo.today + timedelta(days=5)
    spec = {"date": day.isoformat(), "sport": "Ride", "name": "Sweet spot", "workout": "- 3x15m 88-92%"}
    async with live.client() as client:
        bad = await client.call_tool("create_workouts", {"workouts": [spec]})
        assert bad.is_error  # "3x15m" is not a step; the message says so
        spec["workout"] = "Main Set 3x\n- 15m 88-92%\n- 5m 55%"
        made = await client.call_tool("create_workouts", {"workouts": [spec]})
        event_id = (made.structured_content or {})["events"][0]["id"]
        moved = await client.call_tool(
            "update_workout", {"event_id": event_id, "date": (day + timedelta(days=1)).isoformat()}
        )
        assert not moved.is_error, text_of(moved)
        assert event_id in [e["id"] for e in await events_on(live, day + timedelta(days=1))]
        assert event_id not in [e["id"] for e in await events_on(live, day)]
        undo_move = await client.call_tool("undo_last_write", {})
        assert not undo_move.is_error, text_of(undo_move)
        assert event_id in [e["id"] for e in await events_on(live, day)]
        deleted = await client.call_tool("delete_calendar_event", {"event_id": event_id})
        assert not deleted.is_error, text_of(deleted)
        assert event_id not in [e["id"] for e in await events_on(live, day)]
        restored = await client.call_tool("undo_last_write", {})
        assert not restored.is_error, text_of(restored)
        assert [e["name"] for e in await events_on(live, day)].count("Sweet spot") == 1
        history = await client.call_tool("list_recent_writes", {})
    rows = (history.structured_content or {})["writes"]["rows"]
    assert [r[2] for r in rows] == ["delete", "update", "create"]
    assert [r[5] for r in rows] == [True, True, False]


async def test_foreign_events_need_explicit_confirmation(live: Live) -> None:
    upcoming = await upstream_get(
        live.demo,
        "/athlete/{athlete}/events",
        oldest=str(live.demo.today),
        newest=str(live.demo.today + timedelta(days=20)),
        category="WORKOUT",
    )
    plan = upcoming[0]
    async with live.client() as client:
        refused = await client.call_tool("delete_calendar_event", {"event_id": plan["id"]})
        assert refused.is_error and "not created by icusync" in text_of(refused)
        assert plan["id"] in [e["id"] for e in await events_on(live, date.fromisoformat(plan["start_date_local"][:10]))]
        done = await client.call_tool("delete_calendar_event", {"event_id": plan["id"], "not_created_by_icusync": True})
    assert not done.is_error
    assert plan["id"] not in [e["id"] for e in await events_on(live, date.fromisoformat(plan["start_date_local"][:10]))]


async def test_notes_races_wellness_and_library(live: Live) -> None:
    race_day = live.demo.today + timedelta(days=30)
    today = live.demo.today
    before = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    async with live.client() as client:
        race = await client.call_tool(
            "add_calendar_entry", {"kind": "race", "date": race_day.isoformat(), "name": "Club 10k", "priority": "C"}
        )
        note = await client.call_tool("add_calendar_entry", {"kind": "note", "date": "today", "name": "Travel"})
        logged = await client.call_tool("log_wellness", {"soreness": 3, "comments": "calves tight"})
        stored = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
        assert stored["soreness"] == 3 and stored["comments"] == "calves tight"  # only these fields changed
        assert stored["restingHR"] == before["restingHR"]
        hills = {"name": "Hill repeats", "sport": "Run", "workout": "6x\n- 90s 105% Pace\n- 2m 60% Pace"}
        saved = await client.call_tool("create_workouts", {"workouts": [hills], "to_library": True})
        again = await client.call_tool("create_workouts", {"workouts": [hills], "to_library": True})
        library = await upstream_get(live.demo, "/athlete/{athlete}/workouts")
        assert [w["name"] for w in library].count("Hill repeats") == 1  # the second save updated the first
        assert "updated" in text_of(await client.call_tool("undo_last_write", {}))
        assert "deleted it from the library" in text_of(await client.call_tool("undo_last_write", {}))
        assert "Hill repeats" not in [w["name"] for w in await upstream_get(live.demo, "/athlete/{athlete}/workouts")]
        undo = await client.call_tool("undo_last_write", {})  # the wellness log, next back
    for r in (race, note, logged, saved, again):
        assert not r.is_error, text_of(r)
    assert [e["category"] for e in await events_on(live, race_day) if e["name"] == "Club 10k"] == ["RACE_C"]
    assert (logged.structured_content or {})["fields"] == {"soreness": 3, "comments": "calves tight"}
    assert not undo.is_error and "logged soreness, comments" in text_of(undo), text_of(undo)
    assert "comments had no value before" in text_of(undo)
    restored = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    assert restored.get("soreness") == before.get("soreness") != 3
    assert restored["restingHR"] == before["restingHR"]


@pytest.mark.parametrize(
    ("status", "fragment"), [(429, "Retry in 5 seconds"), (500, "Retry in a minute"), (401, "reconnect")]
)
async def test_upstream_failure_on_the_write_itself_leaves_nothing(live: Live, status: int, fragment: str) -> None:
    """The reads before the write succeed; the bulk upsert fails: no event, and no history row once settled.

    A 5xx may have come after Intervals.icu applied the change, so its row waits as uncertain until the next
    call looks the event up; refusals (429, 401) are certain and leave no row at all."""
    day = live.demo.today + timedelta(days=4)
    spec = {"date": day.isoformat(), "sport": "Run", "name": "Fault run", "workout": "- 30m Z2 Pace"}
    if status == 429:
        live.demo.faults.rate_limit(count=1, retry_after=5, path="/events/bulk")
    else:
        live.demo.faults.server_error(count=1, status=status, path="/events/bulk")
    async with live.client() as client:
        result = await client.call_tool("create_workouts", {"workouts": [spec]})
    assert result.is_error and fragment in text_of(result)
    assert ("POST", f"/demo-intervals/api/v1/athlete/{live.demo.athlete_ids[0]}/events/bulk") in live.demo.requests
    assert "Fault run" not in [e.get("name") for e in await events_on(live, day)]
    if status == 500:
        recent = await live.history()
        assert [w.status for w in recent] == ["uncertain"]
        async with live.client() as client:
            await client.call_tool("get_calendar", {})  # the next call settles it
        assert [(w.status, w.note) for w in await live.history()] == [
            ("failed", "Intervals.icu did not apply this change")
        ]
    else:
        assert await write_count(live) == 0


@pytest.mark.parametrize(
    ("sport", "workout"),
    [
        (
            "Ride",
            "Warmup\n- 10m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 50% 85rpm\n\n"
            "Cooldown\n- 10m 55%",
        ),
        ("Ride", "- 20m Z2\n- Spin up 5m 220-240w\n- 20m freeride"),
        ("Run", "- 10m 70% HR\n\n5x\n- 3m 95% LTHR\n- 2m Z1 HR\n\n- 10m Z2 HR"),
        ("Run", "- 15m 75-80% Pace\n- 20m 4:10/km Pace\n- 10m Z1 Pace"),
        ("Swim", "- 400mtr Z2 Pace\n\n8x\n- 100mtr 1:45/100m Pace\n- 20s 50% Pace"),
    ],
)
async def test_the_demo_reads_our_canonical_text_as_we_do(live: Live, sport: str, workout: str) -> None:
    """Our rendered text, parsed independently by the demo, gives the same step count and timed duration."""
    day = live.demo.today + timedelta(days=9)
    name = f"Syntax {sport} {abs(hash(workout)) % 1000}"
    spec = {"date": day.isoformat(), "sport": sport, "name": name, "workout": workout}
    async with live.client() as client:
        result = await client.call_tool("create_workouts", {"workouts": [spec]})
    assert not result.is_error, text_of(result)
    view = (result.structured_content or {})["events"][0]
    event = next(e for e in await events_on(live, day) if e["name"] == name)
    doc = event["workout_doc"]

    def leaves(steps: list[dict[str, Any]]) -> int:
        return sum(len(s["steps"]) if s.get("reps") else 1 for s in steps)

    assert leaves(doc["steps"]) == len([line for line in view["text"].splitlines() if line.startswith("-")])
    if "mtr" not in workout:  # time-only workouts: the durations must agree exactly
        assert event["moving_time"] == view["duration_s"]


async def test_a_moved_workout_is_found_again_and_past_events_need_allow_past(live: Live) -> None:
    day = live.demo.today + timedelta(days=8)
    later = day + timedelta(days=2)
    spec = {"date": day.isoformat(), "sport": "Ride", "name": "Tempo", "workout": "- 45m 80-85%"}
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [spec]})
        event_id = (made.structured_content or {})["events"][0]["id"]
        await client.call_tool("update_workout", {"event_id": event_id, "date": later.isoformat()})
        again = await client.call_tool("create_workouts", {"workouts": [{**spec, "date": later.isoformat()}]})
        past = await client.call_tool(
            "create_workouts",
            {"workouts": [{**spec, "date": (live.demo.today - timedelta(days=2)).isoformat()}], "allow_past": True},
        )
        past_id = (past.structured_content or {})["events"][0]["id"]
        refused = await client.call_tool("delete_calendar_event", {"event_id": past_id})
        allowed = await client.call_tool("delete_calendar_event", {"event_id": past_id, "allow_past": True})
    assert (again.structured_content or {})["events"][0]["id"] == event_id  # updated, not duplicated
    assert [e["name"] for e in await events_on(live, later)].count("Tempo") == 1
    assert refused.is_error and "in the past" in text_of(refused)
    assert not allowed.is_error, text_of(allowed)
