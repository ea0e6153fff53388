"""The read tools' numbers against the demo Intervals.icu, read independently of our code.

Every read tool is called with its defaults; its answer must fit its advertised output schema and
stay compact. Then the figures an athlete would act on (thresholds, wellness, volume, best efforts,
calendar counts) are checked against the demo API read straight through `upstream_get`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import jsonschema
import pytest

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get

# The read tools that need no arguments; get_activity needs an id (see test_tools.py).
DEFAULT_CALLABLE = (
    "get_athlete_profile",
    "get_fitness",
    "list_activities",
    "get_wellness",
    "get_best_efforts",
    "get_calendar",
    "get_training_summary",
    "list_recent_writes",
    "get_library",
    "get_gear",
)
NEED_ARGUMENTS = {"get_activity"}

# Output keys the tool returns but its output schema does not name (see the report; the Output base says
# "the published schema names the top-level keys").

# Metres a pace is quoted over, by the upstream's pace_units (Intervals.icu's own names).
PACE_METRES = {"MINS_KM": (1000.0, "/km"), "SECS_100M": (100.0, "/100m"), "MINS_MILE": (1609.344, "/mi")}


def clock_secs(text: str) -> int:
    """ "4:11" → 251, "1:02:05" → 3725."""
    secs = 0
    for part in text.split(":"):
        secs = secs * 60 + int(part)
    return secs


def table_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


# -- every read tool with its defaults --------------------------------------------------------------


async def test_the_default_callable_list_covers_every_read_tool(live: Live) -> None:
    async with live.client() as client:
        tools = (await client.list_tools()).tools
    read_only = {t.name for t in tools if t.annotations is not None and t.annotations.read_only_hint}
    assert read_only == set(DEFAULT_CALLABLE) | NEED_ARGUMENTS


@pytest.mark.parametrize("name", DEFAULT_CALLABLE)
async def test_read_tool_defaults_answer_compactly_in_the_advertised_shape(live: Live, name: str) -> None:
    async with live.client() as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == name)
        result = await client.call_tool(name, {})
    assert not result.is_error, text_of(result)
    data = result.structured_content
    schema = tool.output_schema or {}
    advertised = set(schema.get("properties") or {})
    assert advertised, f"{name} advertises no output properties"
    assert data is not None
    missing = advertised - set(data)
    assert not missing, f"{name} leaves out advertised keys {sorted(missing)}"
    assert set(schema.get("required") or []) <= set(data)
    jsonschema.validate(data, schema)
    text = text_of(result)
    assert 0 < len(text) <= 4_000, f"{name} text is {len(text)} characters"
    assert "Traceback" not in text and "{'" not in text


@pytest.mark.parametrize("name", DEFAULT_CALLABLE)
async def test_read_tool_defaults_return_no_unadvertised_top_level_keys(live: Live, name: str) -> None:
    async with live.client() as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == name)
        result = await client.call_tool(name, {})
    assert not result.is_error, text_of(result)
    extra = set(result.structured_content or {}) - set((tool.output_schema or {}).get("properties") or {})
    assert not extra, f"{name} returns keys its output schema does not name: {sorted(extra)}"


# -- the numbers against the demo -------------------------------------------------------------------


async def test_profile_thresholds_equal_the_demo_sport_settings(live: Live) -> None:
    upstream = await upstream_get(live.demo, "/athlete/{athlete}/sport-settings")
    async with live.client() as client:
        result = await client.call_tool("get_athlete_profile", {})
    assert not result.is_error, text_of(result)
    sports = (result.structured_content or {})["sports"]
    by_types = {tuple(s["types"]): s for s in sports}
    assert len(by_types) == len(sports) == len(upstream)
    text = text_of(result)
    paces = 0
    for row in upstream:
        got = by_types[tuple(row["types"])]
        label = row["types"][0]
        assert got.get("ftp_w") == row["ftp"], label
        assert got.get("indoor_ftp_w") == row["indoor_ftp"], label
        assert got.get("lthr_bpm") == row["lthr"], label
        assert got.get("max_hr_bpm") == row["max_hr"], label
        if row["ftp"]:
            assert f"FTP {row['ftp']} W" in text
        if row["threshold_pace"]:
            metres, suffix = PACE_METRES[row["pace_units"]]
            shown = got["threshold_pace"]
            match = re.fullmatch(r"(\d+:\d{2})" + re.escape(suffix), shown)
            assert match, f"{label}: threshold pace {shown!r} is not in {suffix}"
            assert clock_secs(match.group(1)) == pytest.approx(metres / row["threshold_pace"], abs=1.0), label
            assert f"threshold pace {shown}" in text
            paces += 1
        else:
            assert "threshold_pace" not in got, label
    assert paces >= 2  # run (min/km) and swim (min/100m) in the demo
    assert any(s.get("ftp_w") for s in sports)


async def test_latest_wellness_day_equals_the_demo(live: Live) -> None:
    async with live.client() as client:
        result = await client.call_tool("get_wellness", {})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    rows = table_rows(data["table"])
    latest = rows[-1]
    today = live.demo.today
    upstream_days = await upstream_get(
        live.demo, "/athlete/{athlete}/wellness", oldest=str(today - timedelta(days=13)), newest=str(today)
    )
    assert latest["date"] == max(r["id"] for r in upstream_days)
    assert [r["date"] for r in rows] == sorted(r["id"] for r in upstream_days)
    day = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{latest['date']}")
    expected = {
        "hrv_ms": (day["hrv"], 0.5),
        "resting_hr_bpm": (day["restingHR"], 0.5),
        "sleep_h": (day["sleepSecs"] / 3600, 0.05),
        "weight_kg": (day["weight"], 0.05),
    }
    baseline = {r["metric"]: r["value"] for r in table_rows(data["baseline"])}
    assert data["baseline"]["date"] == latest["date"]
    for column, (value, tolerance) in expected.items():
        assert latest[column] == pytest.approx(value, abs=tolerance + 1e-9), column
        assert baseline[column] == latest[column], column


async def test_training_summary_last_4_weeks_equals_sums_over_the_demo_activities(live: Live) -> None:
    today = live.demo.today
    start = today - timedelta(days=27)
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities", oldest=str(start), newest=str(today))
    assert acts, "the demo has activities in the last 4 weeks"
    async with live.client() as client:
        result = await client.call_tool("get_training_summary", {"oldest": "last 4 weeks"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["range"] == {"start": start.isoformat(), "end": today.isoformat()}
    total = data["total"]
    secs = sum(a.get("moving_time") or 0 for a in acts)
    metres = sum(a.get("distance") or 0 for a in acts)
    # Strava imports have no load in the list; the fitness model's daily load (ctlLoad) counts them.
    wellness = await upstream_get(live.demo, "/athlete/{athlete}/wellness", oldest=str(start), newest=str(today))
    load = sum(row.get("ctlLoad") or 0 for row in wellness)
    assert any(a.get("source") == "STRAVA" for a in acts)  # so the two sums differ here
    assert total["sessions"] == len(acts)
    assert total["time_h"] == pytest.approx(secs / 3600, abs=0.051)
    assert total["distance_km"] == pytest.approx(metres / 1000, abs=0.051)
    assert total["load"] == pytest.approx(load, abs=0.51)
    weeks = table_rows(data["weeks"])
    assert sum(w["sessions"] for w in weeks) == len(acts)
    assert sum(w["load"] for w in weeks) == pytest.approx(load, abs=0.51 * len(weeks))
    sports = {r["sport"]: r for r in table_rows(data["sports"])}
    rides = [a for a in acts if a.get("type") == "Ride"]
    assert sports["Ride"]["sessions"] == len(rides)
    assert sports["Ride"]["distance_km"] == pytest.approx(sum(a["distance"] for a in rides) / 1000, abs=0.051)
    assert f"{len(acts)}x" in text_of(result)


async def test_best_20_minute_power_equals_the_demo_curve_and_names_a_real_ride(live: Live) -> None:
    today = live.demo.today
    start = today - timedelta(days=41)  # the default window: the last 6 weeks
    curve_id = f"r.{start.isoformat()}.{today.isoformat()}"
    payload = await upstream_get(live.demo, "/athlete/{athlete}/power-curves", type="Ride", curves=curve_id)
    curve = payload["list"][0]
    async with live.client() as client:
        result = await client.call_tool("get_best_efforts", {})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["kind"] == "power" and data["unit"] == "W"
    assert [c["id"] for c in data["curves"]] == [curve_id]
    efforts = {r["duration"]: r for r in table_rows(data["efforts"])}
    # 20 minutes, or the nearest standard duration the tool reports.
    standard = {"5m": 300, "10m": 600, "20m": 1200, "30m": 1800, "60m": 3600}
    label = min((lbl for lbl in standard if lbl in efforts), key=lambda lbl: abs(standard[lbl] - 1200))
    secs = standard[label]
    assert secs in curve["secs"], f"the demo curve has no point at {secs}s"
    i = curve["secs"].index(secs)
    assert efforts[label]["A_W"] == pytest.approx(curve["values"][i], abs=0.5)
    activity_id = efforts[label]["A_activity"]
    assert activity_id == curve["activity_id"][i]
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities", oldest=str(start), newest=str(today))
    ride = next((a for a in acts if a["id"] == activity_id), None)
    assert ride is not None, f"{activity_id} is not among the demo's activities in {curve_id}"
    assert "Ride" in ride["type"]
    assert f"{round(curve['values'][i])} W" in text_of(result)


async def test_calendar_count_equals_the_demo_events_in_the_default_range(live: Live) -> None:
    today = live.demo.today
    events = await upstream_get(
        live.demo, "/athlete/{athlete}/events", oldest=str(today), newest=str(today + timedelta(days=28))
    )
    assert events, "the demo has planned events in the next 4 weeks"
    async with live.client() as client:
        result = await client.call_tool("get_calendar", {})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["count"] == len(events)
    assert data["shown"] == len(data["events"]["rows"]) == min(len(events), 60)
    assert data["by_category"] == dict(Counter(e["category"] for e in events))
    assert {r["id"] for r in table_rows(data["events"])} <= {e["id"] for e in events}


# -- an upstream that does not answer ---------------------------------------------------------------


@pytest.mark.upstream_timeout(0.3)
async def test_an_upstream_timeout_comes_back_as_a_tool_error(live: Live) -> None:
    async with live.client() as client:
        live.demo.faults.slow(30)  # far past the 0.3 s timeout and its overall deadline
        try:
            result = await client.call_tool("list_activities", {})
        finally:
            live.demo.faults.clear()
        assert result.is_error
        text = text_of(result)
        assert "Intervals.icu did not answer in time" in text
        assert "Retry in a minute" in text
        after = await client.call_tool("list_activities", {})
    assert not after.is_error, text_of(after)
