"""Inside one activity: get_activity's analyses of the streams, through the MCP client against the demo.

Each answer is checked against the demo's streams and summary read directly, with the sums done here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from icusync.coach.analysis.channels import ANALYSES
from tests.answers import longest_list
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def activities(live: Live, days: int) -> list[dict[str, Any]]:
    today = live.demo.today
    found = await upstream_get(live.demo, "/athlete/{athlete}/activities",
                               oldest=str(today - timedelta(days=days)), newest=str(today))
    return [a for a in found if "moving_time" in a]


async def streams_of(live: Live, activity_id: str) -> dict[str, list[Any]]:
    got = await upstream_get(live.demo, f"/activity/{activity_id}/streams",
                             types="time,watts,heartrate,velocity_smooth,distance,altitude,temp")
    return {s["type"]: s["data"] for s in got}


def seconds(clock_text: str) -> int:
    """ "4:05" → 245, "1:02:05" → 3725."""
    total = 0
    for part in clock_text.split(":"):
        total = total * 60 + int(part)
    return total


def clock(secs: int) -> str:
    """ "4:05", "1:02:05"."""
    if secs >= 3600:
        return f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
    return f"{secs // 60}:{secs % 60:02d}"


async def test_every_analysis_of_the_longest_activity(live: Live) -> None:
    ride = max(await activities(live, 400), key=lambda a: a["moving_time"])
    raw = await streams_of(live, ride["id"])
    fetched: list[set[str]] = []

    def seen(body: Any) -> Any:
        fetched.append({s["type"] for s in body})
        return body

    before = sum(1 for _, path in live.demo.requests if path.endswith("/streams"))
    answers = {}
    async with live.client() as client:
        for kind in ANALYSES:
            live.upstream.rewrite("GET", "/streams", seen)
            answer = await client.call_tool("get_activity", {"activity_id": ride["id"], "analysis": kind})
            assert not answer.is_error, text_of(answer)
            answers[kind] = (text_of(answer), (answer.structured_content or {})["analysis"])
    assert sum(1 for _, path in live.demo.requests if path.endswith("/streams")) - before == len(ANALYSES)
    recorded = set(ride["stream_types"])
    assert fetched[ANALYSES.index("drift")] == {"time", "heartrate", "watts", "velocity_smooth"} & recorded
    assert "temp" in fetched[ANALYSES.index("why_hard")] and "altitude" not in fetched[ANALYSES.index("why_hard")]
    for kind, (text, data) in answers.items():
        assert len(text) < 3000, (kind, len(text))
        assert data["kind"] == kind and longest_list(data) <= 41  # summaries, never the samples
        assert ride["id"] in text.splitlines()[0]

    # The first split, summed here from the raw samples: moving seconds and heart rate up to the split mark.
    splits = answers["splits"][1]
    mark = next(i for i, d in enumerate(raw["distance"]) if d >= splits["split_m"])
    moving = [i for i in range(mark + 1) if raw["velocity_smooth"][i] > 0.3]
    hr = [raw["heartrate"][i] for i in moving if raw["heartrate"][i] is not None]
    first = dict(zip(splits["splits"]["columns"], splits["splits"]["rows"][0], strict=True))
    assert first["time"] == clock(len(moving)) and first["hr_bpm"] == round(sum(hr) / len(hr))

    # Decoupling as the summary has it (the demo's streams drift the way its summary says).
    assert abs(answers["drift"][1]["decoupling_pct"] - ride["decoupling"]) <= 0.3
    # Climbing in all: the summary's elevation gain.
    assert abs(answers["climbs"][1]["total_climbed_m"] - ride["total_elevation_gain"]) <= 2
    # Time in power zones adds up to the moving time.
    whole = answers["zones"][1]["power"]["rows"][-1]
    minutes = round(ride["moving_time"] / 60)
    assert whole[0] == "whole" and whole[1] == f"{minutes // 60}h{minutes % 60:02d}"
    in_zones = sum(seconds(cell) for cell in whole[2:] if cell)
    assert abs(in_zones - ride["moving_time"]) <= 7  # each zone's time rounded to the second
    histogram = answers["histogram"][1]["power"]["rows"]
    assert 99 <= sum(row[2] for row in histogram) <= 101


async def test_why_a_hot_session_felt_hard(live: Live) -> None:
    recent = await activities(live, 10)
    hot = next(a for a in recent if (a.get("min_temp") or 0) >= 24 and (a.get("decoupling") or 0) >= 5)
    async with live.client() as client:
        answer = await client.call_tool("get_activity", {"activity_id": hot["id"], "analysis": "why_hard"})
    assert not answer.is_error, text_of(answer)
    causes = [c["cause"] for c in (answer.structured_content or {})["analysis"]["likely"]]
    assert {"heat", "drift"} <= set(causes)
    text = text_of(answer)
    assert "Heat: " in text and f"peak {hot['max_temp']} °C)" in text  # the summary's hottest reading
    assert "Cardiac drift: heart rate per unit of output up" in text


async def test_refusals_and_an_upstream_fault_read_plainly(live: Live) -> None:
    recent = await activities(live, 28)
    run = next(a for a in recent if a["type"] == "Run")
    stub = next(a for a in await upstream_get(live.demo, "/athlete/{athlete}/activities",
                                              oldest=str(live.demo.today - timedelta(days=365)))
                if a.get("source") == "STRAVA")
    async with live.client() as client:
        unknown = await client.call_tool("get_activity", {"activity_id": run["id"], "analysis": "laps"})
        strava = await client.call_tool("get_activity", {"activity_id": stub["id"], "analysis": "splits"})
        both = await client.call_tool("get_activity", {"activity_id": run["id"], "compare_with": [recent[0]["id"]],
                                                       "analysis": "drift"})
        no_power = await client.call_tool("get_activity", {"activity_id": run["id"], "analysis": "histogram"})
        live.demo.faults.server_error(count=1, status=503, path="/streams")
        fault = await client.call_tool("get_activity", {"activity_id": run["id"], "analysis": "zones"})
    assert unknown.is_error and ("`analysis`: 'laps' is not accepted; give one of splits, drift, zones, histogram, "
                                 "climbs, why_hard") in text_of(unknown)
    assert strava.is_error and "came from Strava" in text_of(strava)
    assert not any(path.endswith(f"{stub['id']}/streams") for _, path in live.demo.requests)
    assert both.is_error and "leave out compare_with" in text_of(both)
    assert not no_power.is_error and "Power (W): none recorded (no power meter)." in text_of(no_power)
    assert fault.is_error and "Intervals.icu answered 503" in text_of(fault) and "Retry in a minute" in text_of(fault)
