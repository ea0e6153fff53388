"""Resolving targets against one athlete's settings: exact watts, bpm and paces, summaries, totals."""

from __future__ import annotations

from dataclasses import replace

import pytest

from icusync.coach.sport_settings import SportSettings
from icusync.coach.workout.model import WorkoutResolveError
from icusync.coach.workout.parse import parse_workout
from icusync.coach.workout.resolve import ResolvedWorkout, resolve_workout

ATHLETE = SportSettings(
    id=1, types=("Run", "VirtualRun"), ftp=250, lthr=168, max_hr=188, threshold_pace=3.99,
    pace_units="MINS_KM",
    power_zones=(55, 75, 90, 105, 120, 150, 999),
    hr_zones=(137, 151, 158, 168, 174, 180, 188),
    pace_zones=(77.5, 87.7, 94.3, 100, 103.4, 111.5, 999),
)
RIDE = replace(ATHLETE, types=("Ride",), pace_units=None)


def resolve(text: str, sport: str = "Run", settings: SportSettings | None = ATHLETE) -> ResolvedWorkout:
    return resolve_workout(parse_workout(text, sport).workout, settings)


@pytest.mark.parametrize(
    ("target", "start", "end", "text"),
    [
        ("75%", 188, 188, "188 W"),  # 187.5 rounds half up
        ("95-105%", 238, 263, "238–263 W"),
        ("220w", 220, 220, "220 W"),
        ("200-240w", 200, 240, "200–240 W"),
        ("Z1", None, 138, "≤138 W"),
        ("Z2", 138, 188, "138–188 W"),
        ("Z3-Z4", 188, 263, "188–263 W"),
        ("Z7", 375, None, "≥375 W"),
        ("70% HR", 132, 132, "132 bpm"),  # 70% of max 188
        ("95% LTHR", 160, 160, "160 bpm"),
        ("90-95% LTHR", 151, 160, "151–160 bpm"),
        ("Z1 HR", None, 137, "≤137 bpm"),
        ("Z2 HR", 137, 151, "137–151 bpm"),
        ("Z4-Z5 HR", 158, 174, "158–174 bpm"),
        ("Z7 HR", 180, 188, "180–188 bpm"),
        # Pace: % of threshold speed 3.99 m/s (4:10.6/km); a higher % is a faster, smaller pace.
        ("100% Pace", 251, 251, "4:11/km"),
        ("60% Pace", 418, 418, "6:58/km"),
        ("78-82% Pace", 306, 321, "5:06–5:21/km"),
        ("Z1 Pace", 323, None, "≥5:23/km"),
        ("Z2 Pace", 286, 323, "4:46–5:23/km"),
        ("Z4 Pace", 251, 266, "4:11–4:26/km"),
        ("Z5 Pace", 242, 251, "4:02–4:11/km"),
        ("Z7 Pace", None, 225, "≤3:45/km"),
        ("5:00/km Pace", 300, 300, "5:00/km"),
        ("7:15-7:00/km Pace", 420, 435, "7:00–7:15/km"),
        ("8:00/mi Pace", 480, 480, "8:00/mi"),
        ("90rpm", 90, 90, "90 rpm"),
        ("85-95rpm", 85, 95, "85–95 rpm"),
        ("60% MMP 5m", 60, 60, "60% MMP 5m"),
    ],
)
def test_target_resolution(target: str, start: int | None, end: int | None, text: str) -> None:
    (step,) = resolve(f"- 10m {target}").steps
    (resolved,) = step.targets
    assert (resolved.start, resolved.end, resolved.text) == (start, end, text)


def test_ramps_keep_their_direction() -> None:
    up, down, pace = resolve("- 10m ramp 50-75%\n- 10m ramp 75-50%\n- 10m ramp 80-100% Pace").steps
    assert up.targets[0].text == "125→188 W"
    assert down.targets[0].text == "188→125 W"
    assert pace.targets[0].text == "5:13→4:11/km"
    assert up.text == "10 min ramp 125→188 W"


def test_pace_units_follow_the_settings_or_the_sport() -> None:
    miles = replace(ATHLETE, pace_units="MINS_MILE")
    assert resolve("- 10m 100% Pace", settings=miles).steps[0].targets[0].text == "6:43/mi"
    swim = SportSettings(id=3, types=("Swim",), threshold_pace=0.8333, pace_zones=ATHLETE.pace_zones)
    assert resolve("- 400mtr 100% Pace", "Swim", swim).steps[0].targets[0].text == "2:00/100m"
    assert resolve("- 400mtr Z2 Pace", "Swim", swim).steps[0].targets[0].text == "2:17–2:35/100m"


def test_resolved_step_as_plain_data() -> None:
    step = resolve("Main Set 4x\n- Hold 8m Z4 Pace 88rpm").steps[0]
    assert step.as_dict() == {
        "line": 2, "section": "Main Set", "reps": 4, "cue": "Hold", "duration_s": 480,
        "text": "8 min Hold at 4:11–4:26/km (88 rpm)",
        "targets": [
            {"kind": "pace", "spec": "Z4 Pace", "start": 251, "end": 266, "unit": "/km", "text": "4:11–4:26/km"},
            {"kind": "cadence", "spec": "88rpm", "start": 88, "end": 88, "unit": "rpm", "text": "88 rpm"},
        ],
        "intensity": 0.972,
    }


def test_threshold_intervals_in_pace_zones_summary() -> None:
    resolved = resolve("4x\n- 8m Z4 Pace\n- 2m jog\n")
    assert resolved.summary == ("4 × [8 min at 4:11–4:26/km, 2 min jog]",)
    assert resolved.duration_s == 2400
    # Distance: 4 × 480 s at the middle of Z4 (97.15% of 3.99 m/s); the jog has no pace.
    assert resolved.distance_m == pytest.approx(7442.4672)
    # Load: 32 min at IF 0.9715 → 0.5333 h × 0.9715² × 100 ≈ 50.3.
    assert resolved.load == 50
    assert resolved.notes == (
        "1 step(s) without a distance or pace target are not in the distance",
        "load leaves out 1 step(s) without a target it can rate",
    )


def test_sectioned_summary() -> None:
    text = ("Warmup\n- 15m Z2 Pace\n\nMain Set 4x\n- 8m Z4 Pace\n- 2m jog\n\n"
            "Cooldown\n- 10m Z1 Pace\n- 5m 70% HR\n")
    assert resolve(text).summary == (
        "Warmup: 15 min at 4:46–5:23/km",
        "Main Set: 4 × [8 min at 4:11–4:26/km, 2 min jog]",
        "Cooldown: 10 min at ≥5:23/km; 5 min at 132 bpm",
    )


def test_ride_summary_with_untitled_repeat_under_a_header() -> None:
    text = "Warmup\n- 10m ramp 50-75% 90rpm\n\nIntervals\n\n3x\n- 1m 120%\n- Easy 1m 50%\n\n- 5m freeride\n"
    resolved = resolve(text, "Ride", RIDE)
    assert resolved.summary == (
        "Warmup: 10 min ramp 125→188 W (90 rpm)",
        "3 × [1 min at 300 W, 1 min Easy at 125 W]",
        "5 min freeride",
    )


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("- 1h 100%", 100),
        ("- 30m 80%", 32),
        ("- 1h 250w", 100),
        ("- 1h 95% LTHR", 90),
        ("- 1h ramp 50-100%", 58),  # mean of IF² over a linear ramp: (0.25 + 0.5 + 1) / 3
        ("2x\n- 15m 100%", 50),
    ],
)
def test_load_estimate(text: str, load: int) -> None:
    assert resolve(text, "Ride", RIDE).load == load


def test_distance_step_time_comes_from_its_pace() -> None:
    resolved = resolve("- 1km 100% Pace\n- 2km 5:00/km Pace")
    assert resolved.duration_s == 251 + 600
    assert resolved.distance_m == 3000
    assert resolved.notes == ()


def test_distance_step_without_pace_is_noted() -> None:
    resolved = resolve("- 10km 75%", "Ride", RIDE)
    assert resolved.duration_s == 0
    assert resolved.load is None
    assert resolved.notes == ("1 distance step(s) without a pace target are not in the time",)


def test_workout_as_dict_is_compact() -> None:
    data = resolve("- 10m 75%", "Ride", RIDE).as_dict()
    assert data == {
        "sport": "Ride", "duration_s": 600, "load": 9, "summary": ["10 min at 188 W"],
        "steps": [{"line": 1, "duration_s": 600, "text": "10 min at 188 W", "intensity": 0.75, "targets": [
            {"kind": "power", "spec": "75%", "start": 188, "end": 188, "unit": "W", "text": "188 W"}]}],
    }


@pytest.mark.parametrize(
    ("text", "settings", "message"),
    [
        ("- 10m Z2 Pace", SportSettings(id=1, types=("Run",)),
         'line 1 "Z2 Pace": pace zones need a threshold pace: '
         "set it in Intervals.icu → Settings → Run → Threshold pace"),
        ("- 10m 80% Pace", replace(ATHLETE, threshold_pace=None),
         "% Pace targets need a threshold pace: set it in Intervals.icu → Settings → Run → Threshold pace"),
        ("- 10m Z2 Pace", replace(ATHLETE, pace_zones=()),
         "pace zones are not set: set them in Intervals.icu → Settings → Run → Pace zones"),
        # On a run, a bare % or zone is a power target: the fix named is the pace or HR form.
        ("- 10m 75%", replace(ATHLETE, ftp=None),
         '"75%" is a power target (a power zone or % of FTP) and your Run settings have no FTP; '
         'for pace write "75% Pace", for heart rate "75% HR"'),
        ("- 10m Z2", replace(ATHLETE, ftp=None), 'for pace write "Z2 Pace", for heart rate "Z2 HR"'),
        ("- 10m 70% HR", replace(ATHLETE, max_hr=None),
         "need a max HR: set it in Intervals.icu → Settings → Run → Max HR"),
        ("- 10m 95% LTHR", replace(ATHLETE, lthr=None), "% LTHR targets need a threshold heart rate"),
        ("- 10m Z7 HR", replace(ATHLETE, hr_zones=(140, 155, 165, 175, 190)),
         'line 1 "Z7 HR": your settings have 5 heart rate zones (Z1-Z5), so "Z7 HR" does not exist'),
        ("- 10m Z2 HR", replace(ATHLETE, hr_zones=()), "heart rate zones are not set"),
        ("- 10m Z2 Pace", None, "set it in Intervals.icu → Settings → Run → Threshold pace"),
    ],
)
def test_missing_settings(text: str, settings: SportSettings | None, message: str) -> None:
    with pytest.raises(WorkoutResolveError) as info:
        resolve(text, settings=settings)
    assert message in str(info.value)
    assert info.value.status == 400


def test_each_missing_setting_is_reported_once_at_its_first_line() -> None:
    with pytest.raises(WorkoutResolveError) as info:
        resolve("- 10m Z2 Pace\n- 5m Z4 Pace\n- 5m 75%", settings=SportSettings(id=1, types=("Run",)))
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith('line 1 "Z2 Pace"') and lines[1].startswith('line 3 "75%"')


def test_watts_resolve_without_ftp_but_carry_no_load() -> None:
    resolved = resolve("- 10m 220w", "Ride", replace(RIDE, ftp=None))
    assert resolved.steps[0].targets[0].text == "220 W"
    assert resolved.load is None
