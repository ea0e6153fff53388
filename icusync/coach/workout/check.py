"""Turning a workout text into what will land on the watch, or a precise refusal."""

from __future__ import annotations

from dataclasses import dataclass

from icusync.coach.sport_settings import SportSettings, settings_for
from icusync.coach.workout.model import WorkoutResolveError, WorkoutSyntaxError
from icusync.coach.workout.parse import parse_workout
from icusync.coach.workout.render import render_workout
from icusync.coach.workout.resolve import ResolvedWorkout, resolve_workout
from icusync.errors import InputError

SYNTAX_HINT = (
    "Write one step per line starting with '-', e.g.\n"
    "Warmup\n- 15m 60-70% Pace\n\nMain Set 4x\n- 8m 95-100% Pace\n- 2m 60% Pace\n\nCooldown\n- 10m 60% Pace"
)


@dataclass(frozen=True)
class CheckedWorkout:
    text: str  # canonical Intervals.icu text, what is sent upstream
    resolved: ResolvedWorkout
    warnings: tuple[str, ...]


def check_workout(text: str, sport: str, sports: tuple[SportSettings, ...], label: str = "workout") -> CheckedWorkout:
    """Parse, validate and resolve against the athlete's current zones; InputError says exactly what is wrong."""
    try:
        parsed = parse_workout(text, sport)
    except WorkoutSyntaxError as exc:
        raise InputError(f"{label}: the workout text has problems, nothing was written.\n{exc}\n{SYNTAX_HINT}") from exc
    try:
        resolved = resolve_workout(parsed.workout, settings_for(sport, sports))
    except WorkoutResolveError as exc:
        message = f"{label}: the athlete's settings cannot resolve a target, nothing was written.\n{exc}"
        raise InputError(message) from exc
    return CheckedWorkout(
        text=render_workout(parsed.workout), resolved=resolved, warnings=tuple(str(w) for w in parsed.warnings)
    )
