"""Intervals.icu workout text -> `Workout`, with line-precise problems.

The grammar is the upstream one (see the reference, section 4). We are stricter
than Intervals.icu where it would silently drop or misread something (a pace
without "Pace", a step line without "- ", "400m" meaning 400 minutes on a run):
those are errors that say what to write instead. Problems that do not change
the meaning are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from icusync.coach.workout import lex
from icusync.coach.workout.model import (
    Header,
    Item,
    ParsedWorkout,
    RepeatBlock,
    Step,
    TextLine,
    Workout,
    WorkoutProblem,
    WorkoutSyntaxError,
    workout_family,
)
from icusync.coach.workout.steps import StepError, parse_step

MAX_REPEATS: Final = 50
MAX_TOTAL_SECONDS: Final = 12 * 3600
_MINUTES_ONLY = re.compile(r"(?<!\S)(\d+)m(?!\S)", re.I)
_SWIM_PACE: Final = frozenset({"/100m", "/100y"})
_TARGET_EXAMPLES: Final = {"ride": '"Z2" or "75%"', "run": '"Z2 Pace" or "Z2 HR"', "swim": '"Z2 Pace"'}
_SWIM_LENGTHS: Final = 25  # pool lengths: a swim "50m" is meant as metres, but "m" is minutes
_ALLOWED_PACE: Final[dict[str, frozenset[str]]] = {
    "swim": _SWIM_PACE,
    "run": frozenset({"/km", "/mi", "/400m", "/250m"}),
}


@dataclass
class _Block:
    count: int
    title: str
    line: int
    text: str
    steps: list[Step] = field(default_factory=list)
    had_steps: bool = False  # true even when a step line failed to parse


@dataclass
class _State:
    sport: str
    items: list[Item] = field(default_factory=list)
    problems: list[WorkoutProblem] = field(default_factory=list)
    warnings: list[WorkoutProblem] = field(default_factory=list)
    block: _Block | None = None

    def close_block(self) -> None:
        b, self.block = self.block, None
        if b is None:
            return
        if not b.had_steps:
            self.problems.append(WorkoutProblem(
                b.line, b.text, 'the repeat has no steps; put its "- " step lines directly below it, '
                'e.g. "4x" then "- 1m 120%" and "- 1m 50%"'))
        elif b.steps:
            self.items.append(RepeatBlock(b.count, tuple(b.steps), b.title, line=b.line))


def parse_workout(text: str, sport: str = "Ride") -> ParsedWorkout:
    """Parse workout text for `sport` (an Intervals.icu activity type such as "Run").

    Raises `WorkoutSyntaxError` listing every problem found; returns the workout
    and any warnings otherwise.
    """
    state = _State(sport)
    lines = text.splitlines()
    for n, raw in enumerate(lines, 1):
        s = raw.strip()
        if not s:
            state.close_block()
        elif s.startswith("-"):
            _step_line(state, n, s)
        elif m := (lex.REPEAT.match(s) or lex.TITLED_REPEAT.match(s)):
            _repeat_line(state, n, s, m)
        else:
            if state.block is not None and state.block.had_steps:
                state.warnings.append(WorkoutProblem(
                    n, s, f'the repeat "{state.block.text}" ends here without a blank line; Intervals.icu ends a '
                    "repeat at a blank line, so icusync writes one before this line"))
            state.close_block()
            _text_line(state, n, s, lines[n] if n < len(lines) else "")
    state.close_block()
    workout = Workout(sport, tuple(state.items))
    if not workout.leaf_steps() and not state.problems:
        state.problems.append(WorkoutProblem(
            0, "", 'the workout has no steps; each step is a line starting with "- ", e.g. "- 10m 60%"'))
    elif not any(step.targets or step.freeride for step in workout.leaf_steps()):
        state.warnings.append(WorkoutProblem(
            0, "", "no step has a target, so the watch shows every step as open; add targets such as "
            f'{_TARGET_EXAMPLES.get(workout_family(sport), _TARGET_EXAMPLES["ride"])} to the steps'))
    _check_total(workout, state, lines)
    if state.problems:
        raise WorkoutSyntaxError(sorted(state.problems, key=lambda p: p.line))
    return ParsedWorkout(workout, tuple(state.warnings))


def _step_line(state: _State, n: int, s: str) -> None:
    try:
        step = parse_step(s[1:].strip(), n, workout_family(state.sport))
    except StepError as e:
        state.problems.append(WorkoutProblem(n, s, str(e)))
        step = None
    if step is not None:
        _check_sport(state, step, s)
    if state.block is not None:
        state.block.had_steps = True
        if step is not None:
            state.block.steps.append(step)
    elif step is not None:
        state.items.append(step)


def _repeat_line(state: _State, n: int, s: str, m: re.Match[str]) -> None:
    if state.block is not None:
        outer = state.block.text
        why = (f'"{outer}" is still open (its steps end at a blank line)' if state.block.had_steps
               else f'"{outer}" is directly followed by another repeat')
        state.problems.append(WorkoutProblem(
            n, s, f"repeats cannot be nested: {why}; put a blank line between two repeats, and write an inner "
            "repeat out as plain steps"))
        state.block = None
    state.close_block()
    count = int(m[m.lastindex or 1])
    title = m[1] if m.lastindex == 2 else ""
    if not 1 <= count <= MAX_REPEATS:
        state.problems.append(WorkoutProblem(
            n, s, f"a repeat count must be 1 to {MAX_REPEATS}, not {count}; e.g. \"4x\" or \"Main Set 4x\""))
    state.block = _Block(count, title, n, s)


def _text_line(state: _State, n: int, s: str, next_line: str) -> None:
    first = s.lstrip("*•+>").split()
    if first and lex.is_length(first[0]):
        state.problems.append(WorkoutProblem(
            n, s, f'step lines start with "- ", or Intervals.icu reads them as plain text; '
            f'write "- {" ".join(first)}"'))
        return
    is_header = next_line.strip().startswith("-")
    state.items.append(Header(s, line=n) if is_header else TextLine(s, line=n))


def _check_sport(state: _State, step: Step, s: str) -> None:
    family = workout_family(state.sport)
    sport = state.sport

    def problem(message: str) -> None:
        state.problems.append(WorkoutProblem(step.line, s, message))

    def warn(message: str) -> None:
        if all(w.message != message for w in state.warnings):  # once per workout is enough
            state.warnings.append(WorkoutProblem(step.line, s, message))

    if family == "swim" and step.power is not None:
        problem(f'{sport} workouts have no power targets; use pace ("2:00/100m Pace", "Z2 Pace") or HR')
    pace = step.pace
    if pace is not None and pace.pace_per:
        allowed = _ALLOWED_PACE.get(family)
        if allowed is None and pace.pace_per in _SWIM_PACE:
            problem(f'"{pace.pace_per}" is a swim pace; a {sport} pace is per km or mile, e.g. "4:30/km Pace"')
        elif allowed is not None and pace.pace_per not in allowed:
            example = "2:00/100m Pace" if family == "swim" else "4:30/km Pace"
            problem(f'a {sport} pace cannot be per {pace.pace_per[1:]}; use {", ".join(sorted(allowed))}, '
                    f'e.g. "{example}"')
    if family == "ride" and pace is not None:
        warn("pace targets on a ride need a threshold pace in the Ride settings; power or HR is usual")
    if family in ("run", "swim", "row") and step.power is not None and step.power.units == "power_zone":
        warn('a bare zone such as "Z2" is a power zone; for heart rate or pace write "Z2 HR" or "Z2 Pace"')
    for m in _MINUTES_ONLY.finditer(s):
        minutes = int(m[1])
        as_seconds = f"{minutes * 60}s"
        if family == "swim" and minutes % _SWIM_LENGTHS == 0:
            problem(f'"{m[0]}" means {minutes} minutes in Intervals.icu, not metres; for a distance write '
                    f'"{minutes}mtr" (for {minutes} minutes of swimming write "{as_seconds}")')
        elif minutes >= 100 and family in ("run", "swim", "row"):
            problem(f'"{m[0]}" means {minutes} minutes ({lex.syntax_duration(minutes * 60)}); '
                    f'for metres write "{minutes}mtr", for time "{lex.syntax_duration(minutes * 60)}"')
        elif minutes >= 100:
            warn(f'"{m[0]}" means {minutes} minutes; for metres write "{minutes}mtr"')


def _check_total(workout: Workout, state: _State, lines: list[str]) -> None:
    total = 0
    for item in workout.items:
        if isinstance(item, Step):
            total += item.duration or 0
        elif isinstance(item, RepeatBlock):
            total += item.count * sum(s.duration or 0 for s in item.steps)
        else:
            continue
        if total > MAX_TOTAL_SECONDS:
            state.problems.append(WorkoutProblem(
                item.line, lines[item.line - 1].strip(), f"the workout is over {MAX_TOTAL_SECONDS // 3600}h "
                f"({lex.syntax_duration(total)} by here); check the durations (\"m\" means minutes)"))
            return
