"""A write whose answer is lost after Intervals.icu applied it: recorded, shown as unconfirmed, settled later.

The lossy transport lets the demo apply the request and then loses the answer as a network
can (a timeout, a dropped connection, a 502 from a proxy). Nothing may be reported as done
that is not, and nothing applied may vanish from the history: the next call settles it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import pytest

from icusync.services.runtime import Unsettled
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get

BULK = "/events/bulk"


async def named(live: Live, day: object, name: str) -> list[dict[str, object]]:
    events = await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(day), newest=str(day))
    return [e for e in events if e["name"] == name]


@pytest.mark.parametrize("how", ["timeout", "drop", "502"])
async def test_a_lost_answer_is_unconfirmed_then_settled_by_the_next_call(live: Live, how: str) -> None:
    day = live.demo.today + timedelta(days=5)
    spec = {"date": day.isoformat(), "sport": "Ride", "name": f"Lost {how}", "workout": "- 1h Z2"}
    live.upstream.lose("POST", BULK, how)
    async with live.client() as client:
        lost = await client.call_tool("create_workouts", {"workouts": [spec]})
        assert lost.is_error and "it may have gone through" in text_of(lost)
        [applied] = await named(live, day, f"Lost {how}")  # the demo did apply it
        [row] = await live.history()
        assert (row.status, row.external_id) == ("uncertain", applied["external_id"])
        async with live.http(follow_redirects=True) as browser:
            page = await browser.get("/dashboard", cookies=await demo_session(browser))
        assert "Unconfirmed" in page.text and f"Lost {how}" in page.text

        await client.call_tool("get_fitness", {})  # any next call settles it
        [settled] = await live.history()
        assert (settled.status, settled.target) == ("done", str(applied["id"]))
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error and "deleted it from the calendar" in text_of(undone)
    assert await named(live, day, f"Lost {how}") == []


async def test_a_write_refused_before_it_was_sent_leaves_no_row(live: Live) -> None:
    live.demo.faults.rate_limit(count=1, retry_after=5, path=BULK)
    day = live.demo.today + timedelta(days=5)
    async with live.client() as client:
        spec = {"date": day.isoformat(), "sport": "Ride", "name": "x", "workout": "- 1h Z2"}
        refused = await client.call_tool("create_workouts", {"workouts": [spec]})
    assert refused.is_error and await live.history() == []


async def test_a_write_left_pending_by_a_crash_is_settled_too(live: Live) -> None:
    """A row recorded before sending, whose process died before settling it."""
    user = live.deps.db
    async with live.client() as client:
        await client.call_tool("log_wellness", {"soreness": 2})
    [logged] = await live.history()
    async with user.write() as conn:  # as a crash right after sending would leave it
        an_hour_ago = int(time.time()) - 3600
        await conn.execute("UPDATE writes SET status = 'pending', at = ? WHERE id = ?", (an_hour_ago, logged.id))
    async with live.client() as client:
        await client.call_tool("get_calendar", {})
    [settled] = await live.history()
    assert settled.status == "done"  # the soreness is there upstream: it happened


async def test_undoing_a_delete_twice_after_a_lost_answer_restores_one_copy(live: Live) -> None:
    day = live.demo.today + timedelta(days=6)
    spec = {"date": day.isoformat(), "sport": "Run", "name": "Keep me", "workout": "- 40m Z2 Pace"}
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [spec]})
        event_id = (made.structured_content or {})["events"][0]["id"]
        assert not (await client.call_tool("delete_calendar_event", {"event_id": event_id})).is_error
        live.upstream.lose("POST", BULK, "timeout")  # the re-creation is applied, its answer lost
        first = await client.call_tool("undo_last_write", {})
        second = await client.call_tool("undo_last_write", {})
    assert first.is_error and not second.is_error, text_of(second)
    assert len(await named(live, day, "Keep me")) == 1


async def demo_session(browser: httpx.AsyncClient) -> dict[str, str]:
    """Sign in as the demo athlete in this browser; its cookies."""
    page = await browser.get("/signin")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    await browser.post("/signin/demo", data={"csrf_token": csrf})
    return dict(browser.cookies)


async def test_a_workout_intervals_icu_reads_differently_is_said_and_kept(live: Live) -> None:
    """After the write the event is read back: here Intervals.icu's reading lost the last step."""
    day = live.demo.today + timedelta(days=7)
    spec = {"date": day.isoformat(), "sport": "Ride", "name": "Read back", "workout": "- 10m 60%\n- 20m 90%"}

    def drop_last_step(events: list[dict[str, object]]) -> list[dict[str, object]]:
        for event in events:
            doc = event.get("workout_doc")
            if event.get("name") == "Read back" and isinstance(doc, dict):
                doc["steps"] = doc["steps"][:-1]
        return events

    live.upstream.rewrite("GET", "/events", drop_last_step, count=2)  # the look before the write, and after
    async with live.client() as client:
        result = await client.call_tool("create_workouts", {"workouts": [spec]})
    text = text_of(result)
    assert not result.is_error  # written, but not claimed as read the same way
    assert "Intervals.icu reads it differently" in text
    assert "part 2: icusync wrote 20 min at 90% FTP; Intervals.icu reads nothing" in text
    [row] = await live.history()
    assert row.status == "done" and row.note is not None and "part 2" in row.note


async def test_a_write_that_went_through_says_so_when_reading_it_back_fails(live: Live) -> None:
    day = live.demo.today + timedelta(days=6)
    spec = {"date": day.isoformat(), "sport": "Ride", "name": "Unread", "workout": "- 1h Z2"}
    # The read before the write passes; the reading back after it gets a 502.
    live.upstream.rewrite("GET", "/events", lambda answer: answer)
    live.upstream.lose("GET", "/events", "502")
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [spec]})
        assert not made.is_error, text_of(made)
        assert "written; Intervals.icu did not answer when asked to read it back" in text_of(made)
        [stored] = await named(live, day, "Unread")
        [row] = await live.history()
        assert (row.status, row.target) == ("done", "")
        live.upstream.rewrite("GET", f"/events/{stored['id']}", lambda answer: answer)
        live.upstream.lose("GET", f"/events/{stored['id']}", "timeout")
        changed = await client.call_tool("update_workout", {"event_id": stored["id"], "workout": "- 45m Z2"})
        assert not changed.is_error and "did not answer when asked to read it back" in text_of(changed)
        assert [w.status for w in await live.history()] == ["done", "done"]
        await client.call_tool("undo_last_write", {})
        undone = await client.call_tool("undo_last_write", {})  # the create, found by icusync's own id
    assert not undone.is_error and "deleted it from the calendar" in text_of(undone)
    assert await named(live, day, "Unread") == []


def test_a_check_that_ran_across_a_change_does_not_make_the_user_quiet() -> None:
    """Calls skip the database only for users known to have nothing to settle; a check that began
    before a change was sent does not count."""
    unsettled = Unsettled()
    stamp = unsettled.stamp(7)
    unsettled.changing(7)  # a write planned while the check read the history
    unsettled.found_none(7, stamp)
    assert 7 not in unsettled.quiet
    unsettled.found_none(7, unsettled.stamp(7))
    assert 7 in unsettled.quiet
    unsettled.changing(7)  # the next change, or a lost answer, asks again
    assert 7 not in unsettled.quiet
