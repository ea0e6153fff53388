"""After the session: RPE, feel, name, notes, a message to the coach, pairing with the plan; undo; refusals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def latest_run(live: Live) -> dict[str, Any]:
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities",
                              oldest=str(live.demo.today - timedelta(days=21)), newest=str(live.demo.today))
    return next(a for a in acts if a.get("type") == "Run")


async def test_rpe_feel_name_notes_and_a_message_land_and_undo_restores(live: Live) -> None:
    run = await latest_run(live)
    async with live.client() as client:
        done = await client.call_tool("update_activity", {
            "activity_id": run["id"], "rpe": 8, "feel": 4, "name": "Tempo in the rain",
            "notes": "legs were dead", "message": "Coach, should I rest tomorrow?"})
        assert not done.is_error, text_of(done)
        stored = await upstream_get(live.demo, f"/activity/{run['id']}")
        assert (stored["icu_rpe"], stored["feel"], stored["name"]) == (8, 4, "Tempo in the rain")
        assert stored["description"].endswith("legs were dead")
        [message] = live.demo.data[live.demo.athlete_ids[0]].messages[run["id"]]
        assert message["content"] == "Coach, should I rest tomorrow?"
        text = text_of(done)
        assert "RPE 8/10" in text and "feel 4 (poor)" in text and "cannot be taken back" in text
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error and "the message to the coach stays" in text_of(undone)
    restored = await upstream_get(live.demo, f"/activity/{run['id']}")
    assert restored["name"] == run["name"] and restored.get("icu_rpe") == run.get("icu_rpe")
    assert restored.get("description") == run.get("description")


async def test_an_activity_pairs_with_the_planned_workout_it_was(live: Live) -> None:
    run = await latest_run(live)
    done_on = date.fromisoformat(run["start_date_local"][:10])
    planned = {"date": done_on.isoformat(), "sport": "Run", "name": "Planned tempo", "workout": "- 40m Z3 Pace"}
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [planned], "allow_past": True})
        event_id = (made.structured_content or {})["events"][0]["id"]
        paired = await client.call_tool("update_activity", {"activity_id": run["id"], "planned_event_id": event_id})
    assert not paired.is_error, text_of(paired)
    assert "paired with planned 'Planned tempo'" in text_of(paired)
    assert (await upstream_get(live.demo, f"/activity/{run['id']}"))["paired_event_id"] == event_id


async def test_bad_feedback_changes_nothing(live: Live) -> None:
    run = await latest_run(live)
    far = {"date": (live.demo.today + timedelta(days=20)).isoformat(), "sport": "Run", "name": "Far",
           "workout": "- 40m Z2 Pace"}
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [far]})
        far_id = (made.structured_content or {})["events"][0]["id"]
        too_hard = await client.call_tool("update_activity", {"activity_id": run["id"], "rpe": 11})
        too_far = await client.call_tool(
            "update_activity", {"activity_id": run["id"], "rpe": 5, "planned_event_id": far_id})
        nothing = await client.call_tool("update_activity", {"activity_id": run["id"]})
    assert too_hard.is_error and "`rpe`: 11 is not accepted; give a whole number from 1 to 10" in text_of(too_hard)
    assert too_far.is_error and "at most 7 days apart" in text_of(too_far)
    assert nothing.is_error and "Nothing to change" in text_of(nothing)
    assert (await upstream_get(live.demo, f"/activity/{run['id']}")).get("icu_rpe") == run.get("icu_rpe")
    assert [w.tool for w in await live.history()] == ["create_workouts"]


async def test_a_failed_update_leaves_the_activity_as_it_was(live: Live) -> None:
    run = await latest_run(live)
    live.demo.faults.server_error(count=1, status=500, path=f"/activity/{run['id']}")
    async with live.client() as client:
        # The fault hits the first request to the activity: the read before the write.
        failed = await client.call_tool("update_activity", {"activity_id": run["id"], "rpe": 9})
        assert failed.is_error and "Retry in a minute" in text_of(failed)
        live.upstream.lose("PUT", f"/activity/{run['id']}", "502")  # the write itself, applied then lost
        lost = await client.call_tool("update_activity", {"activity_id": run["id"], "rpe": 9})
        assert lost.is_error
        await client.call_tool("get_fitness", {})  # settles the unconfirmed write
    [row] = await live.history()
    assert (row.action, row.status) == ("activity", "done")  # it did reach Intervals.icu
    assert (await upstream_get(live.demo, f"/activity/{run['id']}"))["icu_rpe"] == 9
