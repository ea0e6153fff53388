"""The library and plans onto the calendar; fuller wellness logging on the right scales."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def library(live: Live) -> list[dict[str, Any]]:
    return list(await upstream_get(live.demo, "/athlete/{athlete}/folders"))


async def test_library_and_plan_listed_with_ids(live: Live) -> None:
    folders = await library(live)
    plan = next(f for f in folders if f["type"] == "PLAN")
    async with live.client() as client:
        whole = await client.call_tool("get_library", {})
        only_plan = await client.call_tool("get_library", {"folder": plan["name"][:4].lower()})
        none = await client.call_tool("get_library", {"folder": "no such folder"})
    assert not whole.is_error and len(text_of(whole)) < 4000
    listed = {w["id"] for f in whole.structured_content["folders"] for w in f["workouts"]}
    assert listed == {w["id"] for f in folders for w in f["children"]}
    assert [f["name"] for f in only_plan.structured_content["folders"]] == [plan["name"]]
    assert f"{plan['name']} (plan, {plan['duration_weeks']} weeks" in text_of(only_plan)
    assert "day 1: " in text_of(only_plan)  # plan workouts by day
    assert "No folders named like 'no such folder'" in text_of(none)


async def test_a_library_workout_put_on_thursday_and_undone(live: Live) -> None:
    saved = next(w for f in await library(live) if f["type"] != "PLAN" for w in f["children"])
    today = live.demo.today
    thursday = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
    async with live.client() as client:
        done = await client.call_tool("create_workouts", {"workouts": [
            {"date": str(thursday), "library_id": saved["id"]}]})
        assert not done.is_error, text_of(done)
        [event] = [e for e in await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(thursday),
                                                 newest=str(thursday)) if e["name"] == saved["name"]]
        assert event["type"] == saved["type"] and event["workout_doc"]["steps"]
        assert event["icu_training_load"] == saved["icu_training_load"]  # the same session, the same load
        missing = await client.call_tool("create_workouts", {"workouts": [{"date": str(thursday), "library_id": 9}]})
        half = await client.call_tool("create_workouts", {"workouts": [{"date": str(thursday), "sport": "Run"}]})
        await client.call_tool("undo_last_write", {})
    assert missing.is_error and "no library workout 9; get_library lists them" in text_of(missing)
    assert half.is_error and "give sport, name and workout, or a library_id" in text_of(half)
    assert [e for e in await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(thursday),
                                          newest=str(thursday)) if e["name"] == saved["name"]] == []


async def test_sleep_hrv_resting_hr_injury_and_weight_logged_read_back_and_undone(live: Live) -> None:
    today = live.demo.today
    before = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    logged = {"sleep_hours": 7.5, "sleep_quality": 2, "hrv": 61.5, "resting_hr": 46, "injury": 1, "weight": 70.4}
    async with live.client() as client:
        done = await client.call_tool("log_wellness", logged)
        assert not done.is_error, text_of(done)
        stored = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
        assert (stored["sleepSecs"], stored["sleepQuality"], stored["hrv"], stored["restingHR"], stored["injury"],
                stored["weight"]) == (27000, 2, 61.5, 46, 1, 70.4)
        text = text_of(done)
        for said in ("sleep 7.5 h", "sleep quality 2/4", "HRV 61.5 ms", "resting HR 46 bpm", "injury 1/4",
                     "weight 70.4 kg"):
            assert said in text
        read = await client.call_tool("get_wellness", {"oldest": "today"})
        assert "61.5" in text_of(read) or "62" in text_of(read)
        await client.call_tool("undo_last_write", {})
    restored = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    for key in ("sleepSecs", "hrv", "restingHR", "weight"):
        if before.get(key) is not None:
            assert restored[key] == before[key]


async def test_wellness_out_of_scale_or_refused_writes_nothing(live: Live) -> None:
    today = live.demo.today
    before = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    live.demo.faults.rate_limit(count=1, retry_after=3, path="/wellness/")
    async with live.client() as client:
        refused = await client.call_tool("log_wellness", {"sleep_hours": 6})
        scale = await client.call_tool("log_wellness", {"sleep_quality": 5})
        hours = await client.call_tool("log_wellness", {"sleep_hours": 30})
    assert refused.is_error and "Retry in 3 seconds" in text_of(refused)
    assert scale.is_error and "`sleep_quality`" in text_of(scale) and "4" in text_of(scale)
    assert hours.is_error and "`sleep_hours`" in text_of(hours)
    assert await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}") == before
    assert await live.history() == []
