"""Turning a workout text into what will land on the watch, or a precise refusal."""

from __future__ import annotations

from dataclasses import dataclass, replace

from icusync.coach.sport_settings import SportSettings, settings_for
from icusync.coach.workout.model import RepeatBlock, Step, Workout, WorkoutResolveError, WorkoutSyntaxError
from icusync.coach.workout.parse import parse_workout
from icusync.coach.workout.render import render_workout
from icusync.coach.workout.resolve import ResolvedWorkout, resolve_workout
from icusync.coach.workout.resolve_target import pace_unit_for
from icusync.errors import InputError

SYNTAX_HINT = (
    "Write one step per line starting with '-', e.g.\n"
    "Warmup\n- 15m 60-70% Pace\n\nMain Set 4x\n- 8m 95-100% Pace\n- 2m 60% Pace\n\nCooldown\n- 10m 60% Pace"
)


@dataclass(frozen=True)
class CheckedWorkout:
    text: str  # canonical Intervals.icu text, what is sent upstream
    workout: Workout  # what that text means, to compare with upstream's reading after the write
    resolved: ResolvedWorkout
    warnings: tuple[str, ...]
    pace_unit: str  # the unit an absolute pace without one was read in


def check_workout(
    text: str, sport: str, sports: tuple[SportSettings, ...], label: str = "workout", *, indoor: bool = False
) -> CheckedWorkout:
    """Parse, validate and resolve against the athlete's current zones; InputError says exactly what is wrong."""
    try:
        parsed = parse_workout(text, sport)
    except WorkoutSyntaxError as exc:
        raise InputError(f"{label}: the workout text has problems, nothing was written.\n{exc}\n{SYNTAX_HINT}") from exc
    settings = settings_for(sport, sports)
    try:
        resolved = resolve_workout(parsed.workout, settings, indoor=indoor)
    except WorkoutResolveError as exc:
        message = f"{label}: the athlete's settings cannot resolve a target, nothing was written.\n{exc}"
        raise InputError(message) from exc
    unit = pace_unit_for(sport, settings or SportSettings(id=None, types=(sport,)))
    workout = _with_pace_unit(parsed.workout, unit)
    return CheckedWorkout(
        text=render_workout(workout),
        workout=workout,
        resolved=resolved,
        warnings=tuple(str(w) for w in parsed.warnings),
        pace_unit=unit,
    )


def _with_pace_unit(workout: Workout, unit: str) -> Workout:
    """Absolute paces written without a unit get the one icusync read them in, so the text sent upstream
    cannot be read in another (Intervals.icu falls back to the sport's default unit)."""

    def fill(step: Step) -> Step:
        if step.pace is not None and step.pace.units == "pace" and step.pace.pace_per is None:
            return replace(step, pace=replace(step.pace, pace_per=unit))
        return step

    items = tuple(
        fill(item) if isinstance(item, Step)
        else replace(item, steps=tuple(fill(s) for s in item.steps)) if isinstance(item, RepeatBlock)
        else item
        for item in workout.items
    )
    return replace(workout, items=items)
