"""The demo's own workout text parser (reference §4)."""

from __future__ import annotations

import pytest

from icusync.demo.profiles import Zones, make_profile, ride_zones, run_zones
from icusync.demo.workout_text import parse_duration, parse_workout, resolve_doc

RIDE: Zones = ride_zones(make_profile(0, 1))
RUN: Zones = run_zones(make_profile(0, 1))


@pytest.mark.parametrize(("token", "secs"), [
    ("1h", 3600), ("10m", 600), ("30s", 30), ("1h2m30s", 3750), ("5m30s", 330), ("1m30", 90), ("1h30", 5400),
    ("5'", 300), ('30"', 30), ("1'30\"", 90), ("Z2", None), ("500mtr", None), ("90rpm", None),
])
def test_durations(token: str, secs: int | None) -> None:
    assert parse_duration(token) == secs


def test_reference_example() -> None:
    text = ("Warmup\n- 10m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 50% 85rpm\n\n"
            "Cooldown\n- 10m 55% 85rpm")
    out = parse_workout(text, "Ride", RIDE)
    doc = out["workout_doc"]
    assert out["moving_time"] == doc["duration"] == 600 + 4 * 720 + 600
    warm, main, cool = doc["steps"]
    assert warm == {"duration": 600, "ramp": True, "power": {"start": 50, "end": 75, "units": "%ftp"},
                    "cadence": {"value": 90, "units": "rpm"}, "warmup": True}
    assert main["reps"] == 4 and main["text"] == "Main Set" and main["duration"] == 4 * 720
    assert main["steps"][0]["power"] == {"start": 100, "end": 105, "units": "%ftp"}
    assert cool["cooldown"] is True and cool["power"] == {"value": 55, "units": "%ftp"}
    # IF² × 100 × hours summed over steps: 8 min at 102.5% counts about 14
    assert 70 <= out["icu_training_load"] <= 80


def test_targets_of_every_kind() -> None:
    text = "\n".join([
        "- 5m 220w", "- 5m 200-240w", "- 5m Z2", "- 5m Z3-Z4", "- 5m 70% HR", "- 5m 95% LTHR", "- 5m Z2 HR",
        "- Recovery 30s 50%", "- 20m freeride", "- 10m 60% MMP 5m",
    ])
    steps = parse_workout(text, "Ride", RIDE)["workout_doc"]["steps"]
    assert [s.get("power") or s.get("hr") for s in steps[:7]] == [
        {"value": 220, "units": "w"}, {"start": 200, "end": 240, "units": "w"},
        {"value": 2, "units": "power_zone"}, {"start": 3, "end": 4, "units": "power_zone"},
        {"value": 70, "units": "%hr"}, {"value": 95, "units": "%lthr"}, {"value": 2, "units": "hr_zone"},
    ]
    assert steps[7] == {"text": "Recovery", "duration": 30, "power": {"value": 50, "units": "%ftp"}}
    assert steps[8]["freeride"] is True and steps[9]["power"]["units"] == "%mmp"


def test_run_paces_and_distances() -> None:
    text = "- 2km 5:00/km Pace\n- 400mtr 90-95% Pace\n- 1mi Z2 Pace\n- 10m 78-82% Pace\n- 0.4km 4:10/km-4:00/km Pace"
    out = parse_workout(text, "Run", RUN)
    steps = out["workout_doc"]["steps"]
    assert steps[0]["distance"] == 2000 and steps[0]["pace"]["units"] == "%pace"
    assert steps[0]["pace"]["value"] == pytest.approx(1000 / 300 / RUN.threshold_pace * 100, abs=0.1)
    assert steps[1]["distance"] == 400 and steps[2]["distance"] == pytest.approx(1609.344)
    assert steps[2]["pace"] == {"value": 2, "units": "pace_zone"}
    assert steps[4]["pace"]["start"] < steps[4]["pace"]["end"]
    # 2 km at 5:00/km is 600 s; the other steps add their own estimates
    assert out["moving_time"] > 600 + 600 and out["distance"] > 2000 + 400 + 1609


def test_pace_needs_the_keyword() -> None:
    step = parse_workout("- 10m 5:00/km", "Run", RUN)["workout_doc"]["steps"][0]
    assert "pace" not in step and step["text"] == "5:00/km"


def test_standalone_repeat_and_blank_lines() -> None:
    text = "- 10m 60%\n\n5x\n- 1m 120%\n- 1m 50%\n\n- 10m 55%"
    steps = parse_workout(text, "Ride", RIDE)["workout_doc"]["steps"]
    assert [s.get("reps") for s in steps] == [None, 5, None] and len(steps[1]["steps"]) == 2
    assert parse_workout(text, "Ride", RIDE)["moving_time"] == 600 + 600 + 600


def test_no_steps() -> None:
    out = parse_workout("Just ride easy with friends", "Ride", RIDE)
    assert out["workout_doc"]["steps"] == [] and out["moving_time"] == 0


def test_resolve() -> None:
    doc = parse_workout("- 10m 100%\n- 10m Z2\n- 10m 95% LTHR\n- 10m 100% Pace", "Ride", RIDE)["workout_doc"]
    steps = resolve_doc(doc, RIDE)["steps"]
    assert steps[0]["_power"] == {"value": float(RIDE.ftp)}
    assert steps[1]["_power"] == pytest.approx({"start": RIDE.ftp * 0.55, "end": RIDE.ftp * 0.75}, abs=0.1)
    assert steps[2]["_hr"] == {"value": round(RIDE.lthr * 0.95)}
    assert "_pace" not in steps[3]  # no threshold pace on the ride settings: does not resolve
    run = resolve_doc(parse_workout("- 10m 100% Pace", "Run", RUN)["workout_doc"], RUN)
    assert run["steps"][0]["_pace"] == {"value": round(RUN.threshold_pace or 0, 3)}
