"""Answers that look right must be right: indoor FTP, the athlete's own "today", totals that add up,
search rows with their numbers, and every date phrase said back with today's date."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from icusync.coach.dates import today_in
from icusync.store import users
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def test_virtual_rides_use_the_indoor_ftp_and_are_stored_indoor(live: Live) -> None:
    day = live.demo.today + timedelta(days=3)
    ride = {"date": day.isoformat(), "sport": "Ride", "name": "Out", "workout": "- 20m 100%"}
    trainer = {"date": day.isoformat(), "sport": "VirtualRide", "name": "In", "workout": "- 20m 100%"}
    settings = await upstream_get(live.demo, "/athlete/{athlete}/sport-settings")
    ride_group = next(s for s in settings if "Ride" in s["types"])
    async with live.client() as client:
        written = await client.call_tool("create_workouts", {"workouts": [ride, trainer]})
    assert not written.is_error, text_of(written)
    out, indoor = (written.structured_content or {})["events"]
    assert out["on_the_watch"] == [f"20 min at {ride_group['ftp']} W"]
    assert indoor["on_the_watch"] == [f"20 min at {ride_group['indoor_ftp']} W"]
    stored = {e["name"]: e for e in await upstream_get(live.demo, "/athlete/{athlete}/events",
                                                       oldest=str(day), newest=str(day))}
    assert stored["In"]["indoor"] is True and stored["Out"]["indoor"] is False
    assert "intervals_reads_differently" not in indoor  # the demo resolves it against the indoor FTP too


async def test_an_athlete_who_moves_gets_their_new_today(live: Live) -> None:
    athlete = live.demo.athlete_ids[0]
    data = live.demo.data[athlete]
    seen = {}
    # UTC+14 and UTC-11: at any moment these two places are in different days.
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        data.profile = dataclasses.replace(data.profile, timezone=zone)
        before = today_in(zone)
        async with live.client() as client:
            preview = await client.call_tool("create_workouts", {"preview": True, "workouts": [
                {"date": "today", "sport": "Run", "name": "Today", "workout": "- 30m Z2 Pace"}]})
        assert not preview.is_error, text_of(preview)
        seen[zone] = date.fromisoformat((preview.structured_content or {})["events"][0]["date"])
        assert seen[zone] in (before, today_in(zone))  # the clock may tick past midnight between the two
        user = await users.get_user_by_athlete(live.deps.db, athlete)
        assert user is not None and user.timezone == zone  # stored for the pages too
    assert seen["Pacific/Kiritimati"] > seen["Pacific/Pago_Pago"]


async def test_weekly_load_counts_strava_imports_as_fitness_does(live: Live) -> None:
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities",
                              oldest=str(live.demo.today - timedelta(days=200)), newest=str(live.demo.today))
    stub = next(a for a in acts if a.get("source") == "STRAVA")
    day = date.fromisoformat(stub["start_date_local"][:10])
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    wellness = await upstream_get(live.demo, "/athlete/{athlete}/wellness", oldest=str(monday), newest=str(sunday))
    fitness_load = sum(row.get("ctlLoad") or 0 for row in wellness)
    async with live.client() as client:
        summary = await client.call_tool("get_training_summary", {"oldest": str(monday), "newest": str(sunday)})
    assert not summary.is_error, text_of(summary)
    data = summary.structured_content or {}
    assert data["total"]["load"] == round(fitness_load)
    [week] = data["weeks"]["rows"]
    assert week[-1] == round(fitness_load)
    assert "load from Intervals.icu's daily load" in text_of(summary)


async def test_search_rows_carry_their_numbers(live: Live) -> None:
    async with live.client() as client:
        found = await client.call_tool("list_activities", {"query": "Threshold", "limit": 5})
    data = found.structured_content or {}
    assert data["rows"], text_of(found)
    load = data["columns"].index("load")
    assert all(row[load] for row in data["rows"])
    assert "load 0" not in text_of(found)


async def test_every_phrase_is_said_back_with_today(live: Live) -> None:
    today = live.demo.today
    async with live.client() as client:
        preview = await client.call_tool("create_workouts", {"preview": True, "workouts": [
            {"date": "Thursday", "sport": "Run", "name": "Thu", "workout": "- 30m Z2 Pace"}]})
        fitness = await client.call_tool("get_fitness", {"oldest": "last week"})
        refused = await client.call_tool("log_wellness", {"date": "last week", "soreness": 2})
    thursday = today + timedelta(days=(3 - today.weekday()) % 7)
    label = f"{today.strftime('%a')} {today.isoformat()}"
    said = f"Dates: 'Thursday' = {thursday.strftime('%a')} {thursday.isoformat()} (today is {label})"
    assert said in text_of(preview)
    assert "Dates: 'last week' = Mon " in text_of(fitness) and f"(today is {label})" in text_of(fitness)
    assert refused.is_error and f"Today is {label}" in text_of(refused) and "a range" in text_of(refused)
