"""Thresholds: a new FTP or threshold pace, previewed, written, seen by every later preview, and undone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def group(live: Live, sport: str) -> dict[str, Any]:
    rows = await upstream_get(live.demo, "/athlete/{athlete}/sport-settings")
    return next(r for r in rows if sport in r["types"])


def ride_at_95(live: Live) -> dict[str, Any]:
    day = live.demo.today + timedelta(days=2)
    return {"workouts": [{"date": str(day), "sport": "Ride", "name": "Sweet spot", "workout": "- 20m 95%"}],
            "preview": True}


async def test_new_ftp_previewed_written_seen_by_previews_and_undone(live: Live) -> None:
    old = (await group(live, "Ride"))["ftp"]
    async with live.client() as client:
        preview = await client.call_tool("set_thresholds", {"sport": "Ride", "ftp": 300, "preview": True})
        assert not preview.is_error, text_of(preview)
        assert f"ftp {old} W → 300 W" in text_of(preview) and "nothing changed" in text_of(preview)
        assert (await group(live, "Ride"))["ftp"] == old and await live.history() == []
        affected = preview.structured_content["affected_workouts"]
        assert affected and all("(event " in line for line in affected)
        before = text_of(await client.call_tool("create_workouts", ride_at_95(live)))
        assert f"{round(old * 0.95)} W" in before

        done = await client.call_tool("set_thresholds", {"sport": "Ride", "ftp": 300})
        assert not done.is_error and "Set in Intervals.icu: ftp" in text_of(done)
        assert (await group(live, "Ride"))["ftp"] == 300
        # Every later read and preview uses the new value.
        assert "285 W" in text_of(await client.call_tool("create_workouts", ride_at_95(live)))
        assert "FTP 300 W" in text_of(await client.call_tool("get_athlete_profile", {}))

        undone = await client.call_tool("undo_last_write", {})
        assert not undone.is_error, text_of(undone)
        assert (await group(live, "Ride"))["ftp"] == old
        assert f"{round(old * 0.95)} W" in text_of(await client.call_tool("create_workouts", ride_at_95(live)))
        assert f"FTP {old} W" in text_of(await client.call_tool("get_athlete_profile", {}))


async def test_threshold_pace_in_the_athletes_words(live: Live) -> None:
    async with live.client() as client:
        done = await client.call_tool("set_thresholds", {"sport": "Run", "threshold_pace": "4:05/km", "lthr": 171})
    assert not done.is_error, text_of(done)
    assert "→ 4:05/km" in text_of(done) and "→ 171 bpm" in text_of(done)
    stored = await group(live, "Run")
    assert abs(stored["threshold_pace"] - 1000 / 245) < 1e-9 and stored["lthr"] == 171
    # Intervals.icu works out the HR zones again from the new LTHR (recalcHrZones).
    assert stored["hr_zones"][-1] >= 171


async def test_bad_thresholds_change_nothing(live: Live) -> None:
    before = await upstream_get(live.demo, "/athlete/{athlete}/sport-settings")
    async with live.client() as client:
        not_a_pace = await client.call_tool("set_thresholds", {"sport": "Run", "threshold_pace": "fast"})
        too_low = await client.call_tool("set_thresholds", {"sport": "Ride", "ftp": 5})
        nothing = await client.call_tool("set_thresholds", {"sport": "Ride"})
    assert not_a_pace.is_error and 'write minutes:seconds with a unit, e.g. "4:05/km"' in text_of(not_a_pace)
    assert too_low.is_error and "`ftp`" in text_of(too_low)
    assert nothing.is_error and "Nothing to change" in text_of(nothing)
    assert await upstream_get(live.demo, "/athlete/{athlete}/sport-settings") == before
    assert await live.history() == []


async def test_a_refused_threshold_write_leaves_the_old_value(live: Live) -> None:
    ride = await group(live, "Ride")
    old = ride["ftp"]
    live.demo.faults.rate_limit(count=1, retry_after=7, path="/sport-settings/")
    async with live.client() as client:
        refused = await client.call_tool("set_thresholds", {"sport": "Ride", "ftp": 280})
        assert refused.is_error and "Retry in 7 seconds" in text_of(refused)
        assert (await group(live, "Ride"))["ftp"] == old and await live.history() == []
        live.upstream.lose("PUT", f"/sport-settings/{ride['id']}", "drop")
        lost = await client.call_tool("set_thresholds", {"sport": "Ride", "ftp": 280})
        assert lost.is_error and "may have gone through" in text_of(lost)
        profile = await client.call_tool("get_athlete_profile", {})  # settles it, and reads the new value
    assert "FTP 280 W" in text_of(profile)
    assert [(w.action, w.status) for w in await live.history()] == [("settings", "done")]


async def test_eftp_and_w_prime_are_shown(live: Live) -> None:
    today = live.demo.today
    sport_info = (await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}"))["sportInfo"]
    ride = next(s for s in sport_info if s["type"] == "Ride")
    async with live.client() as client:
        text = text_of(await client.call_tool("get_athlete_profile", {}))
    assert f"eFTP {round(ride['eftp'])} W" in text and f"W′ {round(ride['wPrime'] / 1000, 1)} kJ" in text
