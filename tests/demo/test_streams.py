"""Activity streams: the route as documented, and samples that agree with the activity they belong to.

The checks compute averages, climbing and decoupling straight from the samples here, independently
of icusync's own analysis code.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from icusync.demo import DemoUpstream
from icusync.demo.streams import StreamCache, generate
from tests.demo.conftest import TODAY, ClientFactory

FIELDS = json.loads((Path(__file__).with_name("openapi_fields.json")).read_text())["schemas"]


def recent(demo: DemoUpstream, athlete: int, days: int = 21) -> list[dict[str, Any]]:
    data = demo.data[demo.athlete_ids[athlete]]
    since = (TODAY - dt.timedelta(days=days)).isoformat()
    return [a for a in data.activities if "moving_time" in a and a["start_date_local"] >= since]


def streams_of(demo: DemoUpstream, act: dict[str, Any]) -> dict[str, list[Any]]:
    data = demo.data[act["icu_athlete_id"]]
    return generate(act, data.stretches[act["id"]])


def one_of_each_kind(demo: DemoUpstream) -> list[dict[str, Any]]:
    """The latest outdoor ride, indoor structured ride, structured run, steady run, strength session, swim."""
    acts = recent(demo, 0, 28) + recent(demo, 1, 28)
    kinds = [
        lambda a: a["type"] == "Ride",
        lambda a: a["type"] == "VirtualRide" and a["icu_intervals"],
        lambda a: a["type"] == "Run" and a["icu_intervals"],
        lambda a: a["type"] == "Run" and not a["icu_intervals"],
        lambda a: a["type"] == "WeightTraining",
        lambda a: a["type"] == "Swim",
    ]
    return [next(a for a in reversed(acts) if kind(a)) for kind in kinds]


def moving(streams: dict[str, list[Any]]) -> list[int]:
    """Samples where the athlete moved: speed above zero, or all of them without a speed stream."""
    speed = streams.get("velocity_smooth")
    return [i for i in range(len(streams["time"])) if speed is None or speed[i] > 0]


def average(values: list[Any], at: list[int]) -> float:
    chosen = [values[i] for i in at if values[i] is not None]
    return sum(chosen) / len(chosen)


def test_streams_agree_with_the_summary(demo: DemoUpstream) -> None:
    for act in one_of_each_kind(demo):
        s = streams_of(demo, act)
        assert set(s) == set(act["stream_types"]), act["type"]
        assert len({len(v) for v in s.values()}) == 1  # aligned, one value per sample
        at = moving(s)
        assert len(at) == act["moving_time"]
        assert s["time"][-1] == act["elapsed_time"] - 1
        assert abs(average(s["heartrate"], at) - act["average_heartrate"]) <= 1.0, act["id"]
        assert max(h for h in s["heartrate"] if h is not None) == act["max_heartrate"]
        if "watts" in s:
            assert abs(average(s["watts"], at) - act["icu_average_watts"]) <= 1.5
        if "velocity_smooth" in s:
            assert abs(s["distance"][-1] - act["distance"]) < 1.0
            assert abs(average(s["velocity_smooth"], at) - act["average_speed"]) < 0.01
        if "cadence" in s:
            assert abs(average(s["cadence"], at) - act["average_cadence"]) <= 0.6
        if "altitude" in s:
            alt = s["altitude"]
            gain = sum(max(0.0, b - a) for a, b in zip(alt, alt[1:], strict=False))
            assert abs(gain - act["total_elevation_gain"]) <= max(2.0, 0.01 * act["total_elevation_gain"])
        if "temp" in s:
            assert (s["temp"][0], s["temp"][-1]) == (act["min_temp"], act["max_temp"])
            assert abs(sum(s["temp"]) / len(s["temp"]) - act["average_temp"]) <= 0.5
    indoor = [a for a in one_of_each_kind(demo) if a["type"] in ("VirtualRide", "WeightTraining", "Swim")]
    assert not any({"altitude", "temp"} & set(a["stream_types"]) for a in indoor)


def test_a_paused_recording_skips_the_stop_in_time(demo: DemoUpstream) -> None:
    strength = next(a for a in reversed(recent(demo, 0)) if a["type"] == "WeightTraining")
    s = streams_of(demo, strength)
    steps = [b - a for a, b in zip(s["time"], s["time"][1:], strict=False)]
    assert len(s["time"]) == strength["moving_time"] and sum(1 for d in steps if d > 1) >= 1
    assert s["time"][-1] - (len(s["time"]) - 1) == strength["elapsed_time"] - strength["moving_time"]


def test_hard_intervals_are_hard_in_the_streams(demo: DemoUpstream) -> None:
    ride = next(a for a in reversed(recent(demo, 0)) if a["type"] == "VirtualRide" and a["icu_intervals"])
    s = streams_of(demo, ride)
    work, rest = [], []
    for interval in ride["icu_intervals"]:
        at = list(range(interval["start_index"], interval["end_index"] + 1))
        watts = average(s["watts"], at)
        assert abs(watts - interval["average_watts"]) <= 1.0
        assert abs(average(s["heartrate"], at) - interval["average_heartrate"]) <= 2.5
        (work if interval["type"] == "WORK" else rest).append(watts)
    assert min(work) > 1.3 * max(rest)


def decoupling_pct(output: list[float], hr: list[float | None], at: list[int]) -> float:
    """Pa:HR over the moving samples after a 10-minute warm-up, first half against second."""
    steady = at[600:]
    half = len(steady) // 2
    first, second = steady[:half], steady[half:]
    ef1 = average(output, first) / average(hr, first)
    ef2 = average(output, second) / average(hr, second)
    return (ef1 - ef2) / ef1 * 100


def test_steady_sessions_decouple_as_the_summary_says(demo: DemoUpstream) -> None:
    steady = [a for a in recent(demo, 0, 14) + recent(demo, 1, 14)
              if a.get("decoupling") is not None and not a["icu_intervals"]]
    assert len(steady) >= 3
    for act in steady:
        s = streams_of(demo, act)
        output = s.get("watts") or s["velocity_smooth"]
        assert abs(decoupling_pct(output, s["heartrate"], moving(s)) - act["decoupling"]) < 0.3, act["id"]


def test_recent_weekends_bring_heat_and_cardiac_drift(demo: DemoUpstream) -> None:
    for athlete in (0, 1):
        hot = [a for a in recent(demo, athlete, 10) if (a.get("min_temp") or 0) >= 24]
        assert hot and all(a["max_temp"] - a["min_temp"] >= 6 for a in hot)
        assert all(a["decoupling"] >= 5 for a in hot if a.get("decoupling") is not None)
        cool = [a for a in recent(demo, athlete, 20) if a not in recent(demo, athlete, 10)]
        drifty = [a for a in cool if (a.get("decoupling") or 0) >= 5 and not a["icu_intervals"]]
        assert drifty and all(a["max_temp"] < 20 for a in drifty)  # drift without heat: a long day under-fuelled


def test_streams_are_the_same_every_time_and_cached(demo: DemoUpstream) -> None:
    act = next(a for a in reversed(recent(demo, 0)) if a["type"] == "Run")
    stretches = demo.data[demo.athlete_ids[0]].stretches[act["id"]]
    assert generate(act, stretches) == generate(act, stretches)
    cache = StreamCache(size=1)
    first = cache.get(act, stretches)
    assert cache.get(act, stretches) is first
    other = next(a for a in reversed(recent(demo, 0)) if a["id"] != act["id"])
    cache.get(other, demo.data[demo.athlete_ids[0]].stretches[other["id"]])
    assert cache.get(act, stretches) is not first  # evicted, made again: equal, not the same object
    assert cache.get(act, stretches) == first


# -- the route ------------------------------------------------------------------------------------------


def short_run(demo: DemoUpstream) -> dict[str, Any]:
    return min((a for a in recent(demo, 0) if a["type"] == "Run"), key=lambda a: a["moving_time"])


def short_ride(demo: DemoUpstream) -> dict[str, Any]:
    return min((a for a in recent(demo, 0) if "watts" in a["stream_types"]), key=lambda a: a["moving_time"])


async def test_streams_route_answers_the_types_asked_for(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    ride = short_ride(demo)
    for ext in ("", ".json"):
        got = (await api.get(f"/api/v1/activity/{ride['id']}/streams{ext}", params={"types": "heartrate,watts"})).json()
        assert [s["type"] for s in got] == ["heartrate", "watts"]
        for stream in got:
            assert set(stream) <= set(FIELDS["ActivityStream"])
            assert stream["allNull"] is False and stream["custom"] is False and stream["valueTypeIsArray"] is False
            assert len(stream["data"]) == ride["elapsed_time"]
    fixed = (await api.get(f"/api/v1/activity/{ride['id']}/streams", params={"types": "fixed_watts"})).json()
    raw = (await api.get(f"/api/v1/activity/{ride['id']}/streams", params={"types": "raw_watts"})).json()
    everything = (await api.get(f"/api/v1/activity/{ride['id']}/streams")).json()
    defaults = (await api.get(f"/api/v1/activity/{ride['id']}/streams",
                              params={"types": "heartrate", "includeDefaults": "true"})).json()
    assert [s["type"] for s in fixed] == ["watts"] and [s["type"] for s in raw] == ["raw_watts"]
    assert {s["type"] for s in everything} == set(ride["stream_types"]) - {"watts"} | {"raw_watts"}
    assert {s["type"] for s in defaults} == set(ride["stream_types"])
    run = short_run(demo)
    no_power = (await api.get(f"/api/v1/activity/{run['id']}/streams", params={"types": "watts,heartrate"})).json()
    assert [s["type"] for s in no_power] == ["heartrate"]  # a run without a power meter has no watts


@pytest.mark.parametrize(("case", "status"), [("strava", 422), ("unknown", 404), ("foreign", 403)])
async def test_streams_route_refuses_like_the_other_activity_routes(
    demo: DemoUpstream, make_client: ClientFactory, case: str, status: int
) -> None:
    mine = demo.data[demo.athlete_ids[0]].activities
    theirs = demo.data[demo.athlete_ids[1]].activities
    act_id = {
        "strava": next(a["id"] for a in mine if "moving_time" not in a),
        "unknown": "i1",
        "foreign": next(a["id"] for a in theirs if "moving_time" in a),
    }[case]
    response = await make_client().get(f"/api/v1/activity/{act_id}/streams", params={"types": "heartrate"})
    assert response.status_code == status
    assert response.json()["status"] == status
