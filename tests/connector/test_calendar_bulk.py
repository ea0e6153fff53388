"""Changing the calendar in bulk: a preview of exactly what changes, then clear, shift or copy; undo; faults."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def calendar(live: Live, first: int, last: int) -> list[dict[str, Any]]:
    today = live.demo.today
    return list(await upstream_get(live.demo, "/athlete/{athlete}/events",
                                   oldest=str(today + timedelta(days=first)), newest=str(today + timedelta(days=last))))


def shape(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return sorted((e["start_date_local"][:10], e["category"], e["name"]) for e in events)


def placed(events: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return sorted((e["id"], e["start_date_local"], e["name"]) for e in events)


def workouts(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["category"] == "WORKOUT"]


async def test_sick_clear_the_next_three_days_preview_then_confirm_then_undo(live: Live) -> None:
    before = await calendar(live, 1, 3)
    doomed = workouts(before)
    assert doomed, "the demo plans workouts in the next three days"
    ask = {"action": "clear", "oldest": "tomorrow", "newest": "in 3 days"}
    async with live.client() as client:
        preview = await client.call_tool("change_calendar", ask)
        assert not preview.is_error, text_of(preview)
        assert await calendar(live, 1, 3) == before and await live.history() == []
        text = text_of(preview)
        assert text.count("(event ") == len(doomed) and all(f"(event {e['id']})" in text for e in doomed)
        assert "confirm=true" in text and "not_created_by_icusync=true" in text  # the demo plan's, not ours
        projected = await client.call_tool("get_fitness", {"newest": "in 3 days"})
        done = await client.call_tool("change_calendar", {**ask, "confirm": True, "not_created_by_icusync": True})
        assert not done.is_error, text_of(done)
        assert done.structured_content["written"] is True
        # Gone from the calendar, and from the projection: those days add no load now.
        assert workouts(await calendar(live, 1, 3)) == []
        after = await client.call_tool("get_fitness", {"newest": "in 3 days"})
        loads = [r[5] for r in after.structured_content["series"]["rows"] if r[-1]]
        assert loads == [0, 0, 0] and projected.structured_content != after.structured_content
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error and f"re-created {len(doomed)} events" in text_of(undone)
    assert shape(await calendar(live, 1, 3)) == shape(before)


async def test_push_everything_one_day_and_back(live: Live) -> None:
    before = await calendar(live, 1, 7)
    moving = workouts(before)
    async with live.client() as client:
        done = await client.call_tool("change_calendar", {
            "action": "shift", "oldest": "tomorrow", "newest": "in 7 days", "days": 1, "confirm": True,
            "not_created_by_icusync": True})
        assert not done.is_error, text_of(done)
        now = {e["id"]: e for e in await calendar(live, 1, 8)}
        for e in moving:
            assert now[e["id"]]["start_date_local"][:10] == str(date.fromisoformat(e["start_date_local"][:10])
                                                                + timedelta(days=1))
        notes = [e for e in before if e["category"] == "NOTE"]
        assert all(now[n["id"]]["start_date_local"] == n["start_date_local"] for n in notes)  # notes only if asked
        await client.call_tool("undo_last_write", {})
    assert shape(await calendar(live, 1, 7)) == shape(before)


async def test_copy_this_week_to_next_week_is_repeat_safe_and_undoable(live: Live) -> None:
    today = live.demo.today
    busy = {e["start_date_local"][:10] for e in await calendar(live, 1, 6)}
    free = next(n for n in range(1, 7) if str(today + timedelta(days=n)) not in busy)
    week = [{"date": str(today + timedelta(days=n)), "sport": "Run", "name": f"Own {n}", "workout": "- 30m Z2 Pace"}
            for n in (free, 6 if free != 6 else 5)]
    async with live.client() as client:
        await client.call_tool("create_workouts", {"workouts": week})
        ask = {"action": "copy", "oldest": "tomorrow", "newest": "in 6 days", "days": 7, "confirm": True}
        refused = await client.call_tool("change_calendar", ask)  # the demo plan's workouts are in that week too
        assert refused.is_error and "not created by icusync" in text_of(refused)
        assert "Nothing was changed" in text_of(refused)
        # Only the athlete's own: a day holding only icusync's workout.
        own = {**ask, "oldest": str(today + timedelta(days=free)), "newest": str(today + timedelta(days=free))}
        first = await client.call_tool("change_calendar", own)
        again = await client.call_tool("change_calendar", own)
        assert not first.is_error and not again.is_error, text_of(first) + text_of(again)
        copies = [e for e in await calendar(live, free + 7, free + 7) if e["name"] == f"Own {free}"]
        assert len(copies) == 1 and copies[0]["description"].strip() == "- 30m Z2 Pace"  # the repeat landed on it again
        await client.call_tool("undo_last_write", {})
        await client.call_tool("undo_last_write", {})
    assert [e for e in await calendar(live, free + 7, free + 7) if e["name"] == f"Own {free}"] == []
    assert [e["name"] for e in await calendar(live, free, free)] == [f"Own {free}"]


async def test_refusals_write_nothing(live: Live) -> None:
    before = await calendar(live, -3, 40)
    async with live.client() as client:
        into_past = await client.call_tool("change_calendar", {
            "action": "shift", "oldest": "tomorrow", "newest": "in 2 days", "days": -3, "confirm": True,
            "not_created_by_icusync": True})
        no_days = await client.call_tool("change_calendar", {"action": "shift", "oldest": "tomorrow"})
        too_long = await client.call_tool("change_calendar", {"action": "clear", "oldest": "tomorrow",
                                                              "newest": "in 100 days"})
        races = await client.call_tool("change_calendar", {
            "action": "clear", "oldest": str(live.demo.today + timedelta(days=30)),
            "newest": str(live.demo.today + timedelta(days=60)), "confirm": True})
        read_only = await client.call_tool("change_calendar", {"action": "clear", "oldest": "tomorrow",
                                                               "confirm": True})
    assert into_past.is_error and "in the past" in text_of(into_past) and "allow_past=true" in text_of(into_past)
    assert no_days.is_error and "days: give how many days to shift by" in text_of(no_days)
    assert too_long.is_error and "change at most 62 days at a time" in text_of(too_long)
    assert not races.is_error and "races are never moved or cleared" in text_of(races)
    assert read_only.is_error and "not created by icusync" in text_of(read_only)
    assert await calendar(live, -3, 40) == before and await live.history() == []


async def test_a_fault_half_way_through_a_shift_puts_back_what_moved(live: Live) -> None:
    before = await calendar(live, 1, 7)
    third = workouts(before)[2]
    live.demo.faults.server_error(count=1, status=500, path=f"/events/{third['id']}")
    async with live.client() as client:
        failed = await client.call_tool("change_calendar", {
            "action": "shift", "oldest": "tomorrow", "newest": "in 7 days", "days": 2, "confirm": True,
            "not_created_by_icusync": True})
    assert failed.is_error and "were put back. Nothing was changed" in text_of(failed)
    assert placed(await calendar(live, 1, 7)) == placed(before)  # moved ones back (only `updated` differs)
    assert [w.status for w in await live.history()] == []


async def test_a_failed_clear_leaves_the_days_and_a_lost_answer_is_settled(live: Live) -> None:
    before = await calendar(live, 1, 3)
    ask = {"action": "clear", "oldest": "tomorrow", "newest": "in 3 days", "confirm": True,
           "not_created_by_icusync": True}
    live.demo.faults.server_error(count=1, status=503, path="/events/bulk-delete")
    async with live.client() as client:
        failed = await client.call_tool("change_calendar", ask)
        assert failed.is_error and await calendar(live, 1, 3) == before
        await client.call_tool("get_calendar", {})  # a 5xx may hide an applied change: the next call looks
        assert [w.status for w in await live.history()] == ["failed"]
        live.upstream.lose("PUT", "/events/bulk-delete", "timeout")
        lost = await client.call_tool("change_calendar", ask)
        assert lost.is_error and "may have gone through" in text_of(lost)
        await client.call_tool("get_calendar", {})
        assert [(w.action, w.status) for w in await live.history()] == [("bulk", "done"), ("bulk", "failed")]
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error, text_of(undone)
    assert shape(await calendar(live, 1, 3)) == shape(before)


async def test_away_sick_and_injured_days_as_calendar_entries(live: Live) -> None:
    today = live.demo.today
    first, last = today + timedelta(days=100), today + timedelta(days=104)
    async with live.client() as client:
        away = await client.call_tool("add_calendar_entry", {
            "kind": "holiday", "date": str(first), "end_date": str(last), "name": "Away"})
        sick = await client.call_tool("add_calendar_entry", {"kind": "sick", "date": "today", "name": "Flu"})
        backwards = await client.call_tool("add_calendar_entry", {
            "kind": "injured", "date": str(last), "end_date": str(first), "name": "Calf"})
    assert not away.is_error and f"Added holiday 'Away' from {first} to {last}" in text_of(away)
    [stored] = await calendar(live, 100, 104)
    assert (stored["category"], stored["start_date_local"][:10], stored["end_date_local"][:10]) == (
        "HOLIDAY", str(first), str(last + timedelta(days=1)))  # all-day entries end at the next midnight
    assert not sick.is_error and [e["category"] for e in await calendar(live, 0, 0)].count("SICK") == 1
    assert backwards.is_error and "must be on or after" in text_of(backwards)
    assert [w.tool for w in await live.history()] == ["add_calendar_entry", "add_calendar_entry"]
