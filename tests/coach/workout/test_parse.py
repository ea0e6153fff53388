"""Workout text -> model: what the syntax reads, and what it refuses with which message."""

from __future__ import annotations

import pytest

from icusync.coach.workout.model import Header, RepeatBlock, Step, Target, TextLine, Workout, WorkoutSyntaxError
from icusync.coach.workout.parse import parse_workout


def one_step(text: str, sport: str = "Ride") -> Step:
    (step,) = parse_workout(text, sport).workout.items
    assert isinstance(step, Step)
    return step


def pct(a: float, b: float | None = None) -> Target:
    return Target("%ftp", a, b)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 10m 75%", Step(duration=600, power=pct(75))),
        ("- 1h 10m 30s 75%", Step(duration=4230, power=pct(75))),
        ("- 1h2m30s 75%", Step(duration=3750, power=pct(75))),
        ("- 5m30s 75%", Step(duration=330, power=pct(75))),
        ("- 1m30 75%", Step(duration=90, power=pct(75))),
        ("- 5' 75%", Step(duration=300, power=pct(75))),
        ('- 30" 75%', Step(duration=30, power=pct(75))),
        ("- 1'30\" 75%", Step(duration=90, power=pct(75))),
        ("- 5' 30\" 75%", Step(duration=330, power=pct(75))),
        ("- 1h 75%", Step(duration=3600, power=pct(75))),
        ("- 500mtr 75%", Step(distance=500.0, distance_unit="mtr", power=pct(75))),
        ("- 0.4km 75%", Step(distance=400.0, distance_unit="km", power=pct(75))),
        ("- 2km 75%", Step(distance=2000.0, distance_unit="km", power=pct(75))),
        ("- 1mi 75%", Step(distance=1609.344, distance_unit="mi", power=pct(75))),
        ("- 4.5mi 75%", Step(distance=4.5 * 1609.344, distance_unit="mi", power=pct(75))),
        ("- 5m 95-105%", Step(duration=300, power=pct(95, 105))),
        ("- 5m 87.5%", Step(duration=300, power=pct(87.5))),
        ("- 5m 220w", Step(duration=300, power=Target("w", 220))),
        ("- 5m 200-240w", Step(duration=300, power=Target("w", 200, 240))),
        ("- 5m 200W-240W", Step(duration=300, power=Target("w", 200, 240))),
        ("- 5m Z2", Step(duration=300, power=Target("power_zone", 2))),
        ("- 5m Z3-Z4", Step(duration=300, power=Target("power_zone", 3, 4))),
        ("- 5m 60% MMP 5m", Step(duration=300, power=Target("%mmp", 60, mmp_seconds=300))),
        ("- 5m 70% HR", Step(duration=300, hr=Target("%hr", 70))),
        ("- 5m 95% LTHR", Step(duration=300, hr=Target("%lthr", 95))),
        ("- 5m 90-95% LTHR", Step(duration=300, hr=Target("%lthr", 90, 95))),
        ("- 5m Z2 HR", Step(duration=300, hr=Target("hr_zone", 2))),
        ("- 5m Z2-Z3 HR", Step(duration=300, hr=Target("hr_zone", 2, 3))),
        ("- 5m 60% Pace", Step(duration=300, pace=Target("%pace", 60))),
        ("- 5m 78-82% Pace", Step(duration=300, pace=Target("%pace", 78, 82))),
        ("- 5m Z2 Pace", Step(duration=300, pace=Target("pace_zone", 2))),
        ("- 5m 5:00/km Pace", Step(duration=300, pace=Target("pace", 300, pace_per="/km"))),
        ("- 5m 7:15-7:00/km Pace", Step(duration=300, pace=Target("pace", 435, 420, pace_per="/km"))),
        ("- 5m 8:00/mi pace", Step(duration=300, pace=Target("pace", 480, pace_per="/mi"))),
        ("- 5m 5:00 Pace", Step(duration=300, pace=Target("pace", 300))),
        ("- 5m 75% 90rpm", Step(duration=300, power=pct(75), cadence=Target("rpm", 90))),
        ("- 5m 75% 90-100rpm", Step(duration=300, power=pct(75), cadence=Target("rpm", 90, 100))),
        ("- 10m ramp 50%-75%", Step(duration=600, ramp=True, power=pct(50, 75))),
        ("- 10m Ramp 75-50%", Step(duration=600, ramp=True, power=pct(75, 50))),
        ("- 10m RAMP 60-80% Pace", Step(duration=600, ramp=True, pace=Target("%pace", 60, 80))),
        ("- 20m freeride", Step(duration=1200, freeride=True)),
        ("- Recovery 30s 50%", Step(duration=30, cue="Recovery", power=pct(50))),
        ("- Press lap 10m 50%", Step(duration=600, until_lap_press=True, power=pct(50))),
        ("- Walk 2m 50% press lap", Step(duration=120, cue="Walk", until_lap_press=True, power=pct(50))),
        ("- 10m 75% keep it smooth", Step(duration=600, power=pct(75), extra="keep it smooth")),
        ("- 10m easy 75%", Step(duration=600, power=pct(75), extra="easy")),
        ("- 10m 75% 70% HR 80% Pace",
         Step(duration=600, power=pct(75), hr=Target("%hr", 70), pace=Target("%pace", 80))),
        ("- Settle in^120 Lift cadence <!> 10m ramp 25-75%",
         Step(duration=600, cue="Settle in^120 Lift cadence", ramp=True, power=pct(25, 75))),
        ("- 2m jog", Step(duration=120, extra="jog")),
    ],
)
def test_step_lines(line: str, expected: Step) -> None:
    assert one_step(line) == expected


def test_swim_pace_per_100() -> None:
    step = one_step("- 400mtr 3:00/100m-4:00/100m Pace", "Swim")
    assert step == Step(distance=400.0, pace=Target("pace", 180, 240, pace_per="/100m"))


def test_example_from_the_reference() -> None:
    text = (
        "Warmup\n- 10m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 50% 85rpm\n\n"
        "Cooldown\n- 10m 55% 85rpm\n"
    )
    parsed = parse_workout(text, "Ride")
    rpm = Target("rpm", 90)
    assert parsed.workout == Workout("Ride", (
        Header("Warmup"),
        Step(duration=600, ramp=True, power=pct(50, 75), cadence=rpm),
        RepeatBlock(4, (
            Step(duration=480, power=pct(100, 105), cadence=rpm),
            Step(duration=240, power=pct(50), cadence=Target("rpm", 85)),
        ), title="Main Set"),
        Header("Cooldown"),
        Step(duration=600, power=pct(55), cadence=Target("rpm", 85)),
    ))
    assert parsed.warnings == ()
    assert [i.line for i in parsed.workout.items] == [1, 2, 4, 8, 9]


def test_standalone_repeat_and_free_text() -> None:
    text = "Sharpen up before Sunday.\n\n5x\n- 30s 120%\n- 30s 50%\n\n- 10m 55%\nWell done\n"
    items = parse_workout(text).workout.items
    assert items == (
        TextLine("Sharpen up before Sunday."),
        RepeatBlock(5, (Step(duration=30, power=pct(120)), Step(duration=30, power=pct(50)))),
        Step(duration=600, power=pct(55)),
        TextLine("Well done"),
    )


def test_repeat_ends_at_a_text_line() -> None:
    items = parse_workout("3x\n- 1m 100%\nEasy\n- 5m 50%").workout.items
    assert items == (RepeatBlock(3, (Step(duration=60, power=pct(100)),)), Header("Easy"),
                     Step(duration=300, power=pct(50)))


@pytest.mark.parametrize(
    ("text", "sport", "line", "fragment"),
    [
        ("- 8 min 100%", "Ride", 1, '"8 min" is not a duration; write 8m, 30s, 1h30m or 5\''),
        ("Warmup\n- 10m 50%\n- 8min 100%", "Ride", 3, '"8min" is not a duration'),
        ("- 1.5h 60%", "Ride", 1, '"1.5h" is not a duration'),
        ("- 5k 4:00/km Pace", "Run", 1, '"5k" is not a distance; write 500mtr, 2km'),
        ("- 2 km Z2 HR", "Run", 1, '"2 km" is not a distance'),
        ("- 100%", "Ride", 1, "no duration or distance"),
        ("- Easy spin", "Ride", 1, "no duration or distance"),
        ("-", "Ride", 1, "the step is empty"),
        ("- 100% 10m", "Ride", 1, '"100%" comes before the duration'),
        ("- 10m 5:00/km", "Run", 1, 'needs the word "Pace" after it ("5:00/km Pace")'),
        ("- 10m 4:00-4:10/km Z2 HR", "Run", 1, 'needs the word "Pace"'),
        ("- 10m Z0", "Ride", 1, "zone Z0 does not exist; zones are Z1 to Z7"),
        ("- 10m Z8 HR", "Run", 1, "zone Z8 does not exist"),
        ("- 10m Z3-Z9 Pace", "Run", 1, "zone Z9 does not exist"),
        ("- 10m 105-95%", "Ride", 1, "runs backwards; write it low to high (\"95-105%\")"),
        ("- 10m Z4-Z3", "Ride", 1, "runs backwards"),
        ("- 10m 1200%", "Ride", 1, "above 1000% FTP"),
        ("- 10m 5000w", "Ride", 1, "above 3000 W"),
        ("- 10m 130% HR", "Run", 1, "above 120% max HR"),
        ("- 10m 140% LTHR", "Run", 1, "above 130% LTHR"),
        ("- 10m 0% Pace", "Run", 1, "must be above zero"),
        ("- 10m 75% 80%", "Ride", 1, "two power targets"),
        ("- 10m 75% 90rpm 95rpm", "Ride", 1, "two cadence targets"),
        ("- 10m Z2 HR 80% LTHR", "Run", 1, "two heart rate targets"),
        ("- 10m 0:00/km Pace", "Run", 1, "pace target \"0:00/km Pace\" must be above zero"),
        ("- 10m ramp 75%", "Ride", 1, "a ramp needs a start and an end"),
        ("- 10m CZ2", "Ride", 1, "custom zones"),
        ("- 10m 150bpm", "Run", 1, "not in bpm"),
        ("- 10m 70%HR", "Run", 1, 'put a space before the keyword, e.g. "70% HR"'),
        ("- 10m HR 75%", "Run", 1, '"HR" must follow its value'),
        ("- 10m 5:75/km Pace", "Run", 1, "is not a pace"),
        ("- 10m 4:00/km-4:00/mi Pace", "Run", 1, "mixes /km and /mi"),
        ("- 10m 75% 5m", "Ride", 1, "a second duration"),
        ("- 10m 60% MMP", "Ride", 1, '"60% MMP 5m"'),
        ("- 0s 50%", "Ride", 1, "zero length"),
        ("- 2x 1m 100%", "Ride", 1, 'put "2x" on its own line'),
        ("10m 50%", "Ride", 1, 'step lines start with "- "'),
        ("Main Set 0x\n- 1m 100%", "Ride", 1, "a repeat count must be 1 to 50, not 0"),
        ("51x\n- 1m 100%", "Ride", 1, "not 51"),
        ("4x\n\n- 1m 100%", "Ride", 1, "the repeat has no steps"),
        ("Main Set 4x\nCooldown\n- 1m 50%", "Ride", 1, "the repeat has no steps"),
        ("4x\n- 1m 100%\n- 1m 50%\n2x\n- 30s 150%", "Ride", 4, "repeats cannot be nested"),
        ("4x\n- 1m 100%\n  2x\n  - 30s 150%", "Ride", 3, "repeats cannot be nested"),
        ("- 10h 50%\n- 3h 50%", "Ride", 2, "over 12h (13h by here)"),
        ("20x\n- 40m 50%", "Ride", 1, "over 12h"),
        ("", "Ride", 0, "the workout has no steps"),
        ("Just a note\n\nAnother", "Ride", 0, "the workout has no steps"),
        ("- 10m 75%", "Swim", 1, "Swim workouts have no power targets"),
        ("- 400mtr 4:00/km Pace", "Swim", 1, "a Swim pace cannot be per km"),
        ("- 1km 2:00/100m Pace", "Run", 1, "a Run pace cannot be per 100m"),
        ("- 10km 2:00/100m Pace", "Ride", 1, '"/100m" is a swim pace'),
        ("- 400m 4:00/km Pace", "Run", 1, '"400m" means 400 minutes (6h40m); for metres write "400mtr"'),
    ],
)
def test_rejected(text: str, sport: str, line: int, fragment: str) -> None:
    with pytest.raises(WorkoutSyntaxError) as info:
        parse_workout(text, sport)
    problem = info.value.problems[0]
    assert problem.line == line
    assert fragment in problem.message
    if line:
        assert problem.text == text.splitlines()[line - 1].strip()
        assert str(problem).startswith(f'line {line} "{problem.text}": ')


def test_message_quotes_the_line_and_says_what_is_valid() -> None:
    with pytest.raises(WorkoutSyntaxError) as info:
        parse_workout("Warmup\n- 10m 50%\n- 8 min 100%")
    assert str(info.value).startswith('line 3 "- 8 min 100%": "8 min" is not a duration; write 8m, 30s, 1h30m or 5\'')
    assert info.value.status == 400 and info.value.code == "invalid_workout"


def test_every_problem_is_reported_in_line_order() -> None:
    with pytest.raises(WorkoutSyntaxError) as info:
        parse_workout("- 8 min 100%\n- 10m 75%\n- 10m Z9\n0x\n- 1m 50%")
    assert [p.line for p in info.value.problems] == [1, 3, 4]


@pytest.mark.parametrize(
    ("text", "sport", "fragment", "line"),
    [
        ("- 10m Z2", "Run", 'for heart rate or pace write "Z2 HR" or "Z2 Pace"', 1),
        ("- 10m 80% Pace", "Ride", "pace targets on a ride need a threshold pace", 1),
        ("- 120m Z2", "Ride", '"120m" means 120 minutes; for metres write "120mtr"', 1),
        ("- 20m\n- 10m", "Ride", "no step has a target", 0),  # about the whole workout
        ("4x\n- 1m 120%\n- 1m 50%\nCooldown\n- 10m 50%", "Ride", "ends here without a blank line", 4),
    ],
)
def test_warnings(text: str, sport: str, fragment: str, line: int) -> None:
    warnings = parse_workout(text, sport).warnings
    assert len(warnings) == 1
    assert fragment in warnings[0].message
    assert warnings[0].line == line


def test_a_warning_is_given_once_per_workout() -> None:
    assert len(parse_workout("- 10m Z2\n- 10m Z3\n- 10m Z2", "Run").warnings) == 1


def test_running_power_is_allowed() -> None:
    parsed = parse_workout("- 10m 250w\n- 5m 90%", "Run")
    assert parsed.warnings == ()
    assert len(parsed.workout.leaf_steps()) == 2


def test_cue_holding_a_duration_needs_the_cue_terminator() -> None:
    step = one_step("- Go hard for 30s <!> 5m 110%")
    assert step.cue == "Go hard for 30s" and step.duration == 300
