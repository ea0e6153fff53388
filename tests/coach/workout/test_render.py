"""Model -> canonical text, and the round trips text -> model -> text.

hypothesis is not in the venv, so the property test draws models from a seeded
`random.Random`: reproducible, and wide enough to hit every target spelling.
"""

from __future__ import annotations

import random

import pytest

from icusync.coach.workout.model import (
    Header,
    Item,
    RepeatBlock,
    Step,
    Target,
    TextLine,
    Workout,
    WorkoutSyntaxError,
)
from icusync.coach.workout.parse import parse_workout
from icusync.coach.workout.render import render_step, render_workout


def canon(text: str, sport: str = "Ride") -> str:
    return render_workout(parse_workout(text, sport).workout)


CANONICAL = [
    ("Ride", "Warmup\n- 10m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 50% 85rpm\n\n"
             "Cooldown\n- 10m 55% 85rpm\n"),
    ("Ride", "Sharpen up before Sunday.\n\n5x\n- 30s 120%\n- 30s 50%\n\n- 10m 55%\n\nWell done\n"),
    ("Ride", "- 1h10m30s 200-240w 90-100rpm\n- 5m30s 60% MMP 5m keep it smooth\n- 20m freeride\n"),
    ("Ride", "- Recovery 4m 50% Press lap\n- Settle in^120 Lift cadence <!> 10m ramp 25-75%\n"),
    ("Ride", "- Go hard for 30s <!> 5m 110%\n- 10m ramp 75-50%\n- 10m Z3-Z4\n"),
    ("Run", "Warmup\n- 15m Z1-Z2 Pace\n\nMain Set 4x\n- 8m Z4 Pace\n- 2m jog\n\nCooldown\n- 10m 70% HR\n"),
    ("Run", "- 1mi 70% HR 4:00-4:10/km Pace\n- 2km Z2-Z3 HR\n- 0.4km 3:00-4:00/km Pace\n- 500mtr 5:00 Pace\n"),
    ("Run", "- 10m 250w 90-95% LTHR 78-82% Pace 88rpm\n"),
    ("Swim", "- 400mtr 1:45/100m Pace\n- 100mtr 2:00-1:50/100y Pace\n"),
]


@pytest.mark.parametrize(("sport", "text"), CANONICAL)
def test_canonical_text_round_trips_exactly(sport: str, text: str) -> None:
    assert canon(text, sport) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Blank lines are added around repeats and before headers; spellings are normalised.
        ("Warmup\n- 10m ramp 50%-75%\nMain Set 4x\n- 8m 100-105%\n- 4m 50%\nCooldown\n- 10m 55%",
         "Warmup\n- 10m ramp 50-75%\n\nMain Set 4x\n- 8m 100-105%\n- 4m 50%\n\nCooldown\n- 10m 55%\n"),
        ("- 1h 10m 30s 75%\n- 5' 30\" 75%\n- 1m30 75%\n- 1'30\" 75%",
         "- 1h10m30s 75%\n- 5m30s 75%\n- 1m30s 75%\n- 1m30s 75%\n"),
        ("- 5m 200W-240W\n- 5m 3:00/km-4:00/km pace\n- 5m 90rpm 75%\n- 5m z2 hr",
         "- 5m 200-240w\n- 5m 3:00-4:00/km Pace\n- 5m 75% 90rpm\n- 5m Z2 HR\n"),
        ("\n\n  - 10m 75%  \n\n\n\n- 5m 50%\n\n", "- 10m 75%\n- 5m 50%\n"),
        ("- Walk 2m 50% press lap", "- Walk 2m 50% Press lap\n"),
        ("- 10m easy 75%", "- 10m 75% easy\n"),
        ("- 2.50km 75%\n- 1.0mi 75%", "- 2.5km 75%\n- 1mi 75%\n"),
    ],
)
def test_render_normalises(text: str, expected: str) -> None:
    assert canon(text) == expected
    assert canon(expected) == expected


@pytest.mark.parametrize(("sport", "text"), CANONICAL)
def test_parse_render_parse_keeps_the_model(sport: str, text: str) -> None:
    model = parse_workout(text, sport).workout
    assert parse_workout(render_workout(model), sport).workout == model


def test_render_step_orders_targets_power_hr_pace_cadence() -> None:
    step = Step(duration=60, cadence=Target("rpm", 90), pace=Target("%pace", 80), hr=Target("hr_zone", 2),
                power=Target("w", 200), cue="Push", freeride=True, extra="then relax")
    assert render_step(step) == "- Push 1m freeride 200w Z2 HR 80% Pace 90rpm then relax"


# --- property-style round trip over generated models --------------------------------------------

_WORDS = ["easy", "Spin", "hold", "form", "relax", "steady", "Recovery", "Push"]


def _range(rng: random.Random, lo: int, hi: int, ordered: bool = True) -> tuple[float, float | None]:
    a = rng.randint(lo, hi)
    if rng.random() < 0.5:
        return float(a), None
    b = rng.randint(lo, hi)
    if ordered:
        a, b = min(a, b), max(a, b)
    return float(a), float(b)


def _target(rng: random.Random, kind: str, ramp: bool) -> Target:
    if kind == "power":
        units = rng.choice(["%ftp", "w", "power_zone", "%mmp"])
        if units == "%mmp":
            return Target(units, float(rng.randint(50, 150)), mmp_seconds=rng.choice([60, 300, 1200]))
        bounds = {"%ftp": (30, 200), "w": (50, 900), "power_zone": (1, 7)}[units]
        return Target(units, *_range(rng, *bounds, ordered=not ramp))
    if kind == "hr":
        units = rng.choice(["%hr", "%lthr", "hr_zone"])
        bounds = {"%hr": (50, 100), "%lthr": (60, 110), "hr_zone": (1, 5)}[units]
        return Target(units, *_range(rng, *bounds, ordered=not ramp))
    if kind == "pace":
        units = rng.choice(["%pace", "pace_zone", "pace"])
        if units == "pace":
            start, end = _range(rng, 180, 420, ordered=False)
            return Target(units, start, end, pace_per=rng.choice(["/km", "/mi", None]))
        bounds = {"%pace": (60, 120), "pace_zone": (1, 7)}[units]
        return Target(units, *_range(rng, *bounds, ordered=not ramp))
    return Target("rpm", *_range(rng, 60, 120))


def _step(rng: random.Random) -> Step:
    kinds = [k for k in ("power", "hr", "pace", "cadence") if rng.random() < 0.4]
    ramp = rng.random() < 0.2 and bool(set(kinds) - {"cadence"})
    targets = {k: _target(rng, k, ramp) for k in kinds}
    if ramp and not any(t.is_range for k, t in targets.items() if k != "cadence"):
        ramp = False
    if rng.random() < 0.25:
        unit = rng.choice(["mtr", "km", "mi"])
        value = {"mtr": rng.randint(1, 40) * 25, "km": rng.randint(1, 40) / 4, "mi": rng.randint(1, 12) / 2}[unit]
        length: dict[str, object] = {"distance": value * {"mtr": 1, "km": 1000, "mi": 1609.344}[unit],
                                     "distance_unit": unit}
    else:
        length = {"duration": rng.choice([rng.randint(1, 300), rng.randint(1, 10) * 60])}  # stays under 12h
    return Step(
        cue=" ".join(rng.sample(_WORDS, rng.randint(0, 2))) if rng.random() < 0.4 else "",
        extra=" ".join(rng.sample(_WORDS, rng.randint(1, 2))) if rng.random() < 0.2 else "",
        until_lap_press=rng.random() < 0.1, ramp=ramp, freeride=rng.random() < 0.1,
        power=targets.get("power"), hr=targets.get("hr"), pace=targets.get("pace"),
        cadence=targets.get("cadence"), **length,  # type: ignore[arg-type]
    )


def _workout(rng: random.Random) -> Workout:
    items: list[Item] = []
    for _ in range(rng.randint(1, 6)):
        if rng.random() < 0.15:
            items.append(TextLine(f"Note {rng.randint(1, 99)}: keep it {rng.choice(_WORDS)}"))
        roll = rng.random()
        if roll < 0.5:
            items.append(Header(rng.choice(["Warmup", "Main Set", "Cooldown", "Drills"])))
            items.extend(_step(rng) for _ in range(rng.randint(1, 3)))
        elif roll < 0.8:
            steps = tuple(_step(rng) for _ in range(rng.randint(1, 3)))
            items.append(RepeatBlock(rng.randint(1, 4), steps, rng.choice(["", "Main Set", "Strides"])))
        else:
            items.append(_step(rng))
    return Workout("Run", tuple(items))


@pytest.mark.parametrize("seed", range(300))
def test_generated_models_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    model = _workout(rng)
    text = render_workout(model)
    try:
        parsed = parse_workout(text, "Run").workout
    except Exception as e:  # pragma: no cover - the message is the useful part on failure
        pytest.fail(f"{e}\n--- text ---\n{text}")
    assert render_workout(parsed) == text
    assert parsed == model, text


# --- garbage in: only WorkoutSyntaxError comes out, and whatever parses renders stably ---------

_PIECES = ["10m", "1h 10m", "30s", "5'", '30"', "1m30", "500mtr", "2km", "1mi", "75%", "95-105%", "75-50%",
           "220w", "Z2", "Z3-Z4", "Z0", "HR", "LTHR", "Pace", "pace", "MMP", "5:00/km", "7:15-7:00/km", "90rpm",
           "ramp", "freeride", "Press lap", "press", "lap", "<!>", "^", "easy", "8", "min", "CZ1", "1.5h",
           "Z2 HR", "80% Pace", "4:00/km Pace", "2:00/100m Pace", "60% MMP 5m", "4x", "Recover^30 go <!>"]
_LINES = ["", "Warmup", "Main Set 4x", "3x", "Notes here", "Main Set 2x\n- 1m 50%"]


@pytest.mark.parametrize("seed", range(200))
def test_garbage_fails_cleanly_or_round_trips(seed: int) -> None:
    rng = random.Random(seed)
    lines = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.6:
            head = rng.choice(["10m", "1km", "30s", "Go 2m", ""])
            lines.append(f"- {head} " + " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4))))
        else:
            lines.append(rng.choice(_LINES))
    sport = rng.choice(["Run", "Ride", "Swim", "Walk"])
    try:
        model = parse_workout("\n".join(lines), sport).workout
    except WorkoutSyntaxError as e:
        assert all(p.message for p in e.problems)
        return
    text = render_workout(model)
    again = parse_workout(text, sport).workout
    assert again == model and render_workout(again) == text
