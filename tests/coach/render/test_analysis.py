"""Answers about one activity's streams: the athlete's units, what is missing said in words, and a size that
stays small however long the activity."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from icusync.coach.analysis.channels import ANALYSES
from icusync.coach.render.analysis import render_analysis
from icusync.coach.render.analysis_units import display_for
from icusync.coach.sport_settings import SportSettings
from tests.answers import longest_list

RUN_KM = SportSettings(id=2, types=("Run",), lthr=170, max_hr=190, threshold_pace=4.0, pace_units="MINS_KM",
                       hr_zones=(140, 155, 165, 175, 190), pace_zones=(77.5, 87.7, 94.3, 100, 103.4, 111.5, 999))
RUN_MILES = SportSettings(id=2, types=("Run",), pace_units="MINS_MILE")
RIDE = SportSettings(id=1, types=("Ride",), ftp=250, lthr=165, power_zones=(55, 75, 90, 105, 120, 150, 999),
                     hr_zones=(130, 145, 155, 165, 175, 190))


def run(secs: int = 825, speed: float = 4.0) -> dict[str, list[Any]]:
    return {"time": list(range(secs)), "velocity_smooth": [speed] * secs,
            "distance": [speed * (i + 1) for i in range(secs)], "heartrate": [150] * secs}


ACTIVITY = {"id": "i7", "type": "Run", "name": "Lunch run", "start_date_local": "2026-05-02T12:00:00"}


def test_units_follow_the_sport_then_the_athlete() -> None:
    assert display_for(ACTIVITY, RUN_MILES).unit == "mi"
    assert display_for(ACTIVITY, RUN_KM, {"measurement_preference": "feet"}).unit == "km"  # the sport says km
    assert display_for(ACTIVITY, None, {"measurement_preference": "feet"}).unit == "mi"
    assert display_for({**ACTIVITY, "type": "Ride"}, None).pace is False
    swim = display_for({**ACTIVITY, "type": "Swim"}, None)
    assert (swim.unit, swim.unit_m, swim.pace) == ("100m", 100.0, True)
    assert display_for(ACTIVITY, None, {"fahrenheit": True}).temp(30) == "86 °F"


def test_splits_per_mile_for_an_athlete_in_miles() -> None:
    answer = render_analysis("splits", ACTIVITY, run(), settings=RUN_MILES)
    # 3300 m at 4 m/s: two full miles and 81 m, which joins the second; a mile at 4 m/s takes 6:42.
    assert "splits per 1 mi (2.1 mi in 2)" in answer.text
    splits = answer.data["analysis"]["splits"]
    assert splits["columns"][:3] == ["split", "to_mi", "pace_per_mi"]  # a one-mile split's time is its pace
    assert [row[2] for row in splits["rows"]] == ["6:42", "6:42"]
    assert "Not recorded: power (no power meter), cadence, altitude" in answer.text


def test_what_is_not_there_is_said() -> None:
    histogram = render_analysis("histogram", ACTIVITY, run(), settings=RUN_KM)
    assert "Power (W): none recorded (no power meter)." in histogram.text
    assert "Pace (/km, fastest first): 4:10-4:15 13m45s (100%)" in histogram.text
    climbs = render_analysis("climbs", ACTIVITY, run(), settings=RUN_KM)
    assert "No altitude or distance recorded" in climbs.text
    drift = render_analysis("drift", ACTIVITY, {"heartrate": [120] * 100}, settings=RUN_KM)
    assert "No power or speed recorded" in drift.text
    nothing = render_analysis("zones", ACTIVITY, {}, settings=RUN_KM)
    assert "no streams for this activity" in nothing.text
    assert nothing.data == {"analysis": {"kind": "zones", "missing": ["heartrate", "watts", "velocity_smooth"]}}
    no_zones = render_analysis("zones", ACTIVITY, run(), settings=None)
    assert "No zones to place the samples in" in no_zones.text


def test_temperatures_in_fahrenheit_for_an_athlete_who_reads_them() -> None:
    streams = {**run(3000), "temp": [25] * 1500 + [35] * 1500}
    answer = render_analysis("why_hard", ACTIVITY, streams, settings=RUN_KM, athlete={"fahrenheit": True})
    assert "Heat: 77 °F → 95 °F (average 86 °F, peak 95 °F)." in answer.text


def six_hour_ride(laps: int = 30) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """21,600 samples with rolling hills every 10 km, `laps` laps, and every stream the analyses read."""
    n = 6 * 3600
    watts = [round(180 + 60 * math.sin(i / 240)) for i in range(n)]
    speed = [8 + 1.5 * math.sin(i / 240) for i in range(n)]
    distance = [0.0] * n
    for i in range(n):
        distance[i] = (distance[i - 1] if i else 0) + speed[i]
    altitude = [100 + 60 * math.sin(d / 1600) for d in distance]
    streams = {"time": list(range(n)), "watts": watts, "velocity_smooth": speed, "distance": distance,
               "altitude": altitude, "heartrate": [round(120 + w / 6 + i / 900) for i, w in enumerate(watts)],
               "cadence": [88] * n, "temp": [round(15 + 12 * i / n) for i in range(n)]}
    size = n // laps if laps else n
    intervals = [{"type": "WORK" if k % 2 else "RECOVERY", "label": f"Lap {k + 1}", "start_index": k * size,
                  "end_index": k * size + size - 1} for k in range(laps)]
    activity = {"id": "i9", "type": "Ride", "name": "Six hours", "start_date_local": "2026-06-20T07:00:00",
                "icu_intervals": intervals, "icu_ftp": 250, "icu_ctl": 80, "icu_atl": 95, "decoupling": 6.0}
    return activity, streams


@pytest.mark.parametrize("laps", [0, 30])
@pytest.mark.parametrize("kind", ANALYSES)
def test_a_six_hour_ride_stays_small(kind: str, laps: int) -> None:
    activity, streams = six_hour_ride(laps)
    answer = render_analysis(kind, activity, streams, settings=RIDE, athlete={})
    assert len(answer.text) < 3000, answer.text
    assert longest_list(answer.data) <= 41  # tables of a few dozen rows at most, never the samples
    assert len(json.dumps(answer.data)) < 6000
    assert "{" not in answer.text


def test_a_marathon_keeps_its_splits_per_km() -> None:
    streams = {**run(10_548, 4.0), "watts": [250] * 10_548, "cadence": [88] * 10_548}  # 42.19 km
    answer = render_analysis("splits", ACTIVITY, streams, settings=RUN_KM)
    assert "splits per 1 km (42.2 km in 43)" in answer.text and len(answer.text) < 3000


ODD_STREAMS: dict[str, dict[str, list[Any]]] = {
    "one sample": {"time": [0], "heartrate": [140], "velocity_smooth": [3.0], "distance": [3.0]},
    "standing still": {"time": list(range(600)), "velocity_smooth": [0.0] * 600, "heartrate": [90] * 600},
    "heart rate with gaps": {"heartrate": [None, 120, None, 130] * 900},
    "ragged lengths": {"time": list(range(1000)), "watts": [200] * 400, "heartrate": [150] * 1000,
                       "velocity_smooth": [8.0] * 700, "altitude": [None] * 1000, "temp": [20] * 10},
    "a broken clock": {"time": [None, None, *range(2, 500), None, 9000, 9001], "heartrate": [150] * 502,
                       "velocity_smooth": [3.5] * 502, "distance": [None] * 502},
}


@pytest.mark.parametrize("case", sorted(ODD_STREAMS))
@pytest.mark.parametrize("kind", ANALYSES)
def test_odd_streams_get_an_answer_not_a_crash(kind: str, case: str) -> None:
    answer = render_analysis(kind, {**ACTIVITY, "icu_intervals": [{"type": "WORK", "start_index": 0,
                                                                   "end_index": 99_999}]},
                             ODD_STREAMS[case], settings=RUN_KM)
    assert answer.text.startswith("2026-05-02 12:00 Run 'Lunch run' [i7]") and len(answer.text) < 3000
    assert answer.data["analysis"]["kind"] == kind


def test_zones_of_many_laps_keep_the_reps_and_put_the_recoveries_together() -> None:
    activity, streams = six_hour_ride(30)
    rows = render_analysis("zones", activity, streams, settings=RIDE).data["analysis"]["power"]["rows"]
    labels = [row[0] for row in rows]
    assert labels == [f"Lap {k}" for k in range(2, 31, 2)] + ["recoveries (15)", "whole"]
    assert rows[-2][1] == "3h00"  # fifteen 12-minute recoveries
