"""`Workout` -> canonical Intervals.icu workout text.

Canonical means: one spelling per thing (10m, 1h30m, 500mtr, 95-105%, Z2 HR,
4:10-4:00/km Pace, 90rpm), targets in the order power, HR, pace, cadence, and a
blank line before every section header and around every repeat block (upstream
only forms a repeat group when it is set off by blank lines). For any text t
that parses, `render_workout(parse(render_workout(parse(t))))` equals
`render_workout(parse(t))`.
"""

from __future__ import annotations

from icusync.coach.workout import lex
from icusync.coach.workout.model import DISTANCE_UNITS, Header, RepeatBlock, Step, Target, TextLine, Workout


def render_workout(workout: Workout) -> str:
    """The text to send upstream as the event description, ending in a newline."""
    out: list[str] = []
    prev: object = None
    for item in workout.items:
        # Paragraph breaks: before headers and repeats, after repeats, and between steps and notes
        # (a note directly above a step would read back as that step's section header).
        if out and (
            isinstance(item, Header | RepeatBlock)
            or isinstance(prev, RepeatBlock)
            or (isinstance(item, TextLine) and isinstance(prev, Step))
            or (isinstance(item, Step) and isinstance(prev, TextLine))
        ):
            out.append("")
        if isinstance(item, Header | TextLine):
            out.append(item.text)
        elif isinstance(item, Step):
            out.append(render_step(item))
        else:
            out.append(f"{item.title} {item.count}x" if item.title else f"{item.count}x")
            out.extend(render_step(s) for s in item.steps)
        prev = item
    return "\n".join(out) + "\n"


def render_step(step: Step) -> str:
    """One "- " line."""
    parts = ["-"]
    if step.cue:
        parts.append(step.cue)
        if _cue_needs_end(step.cue):
            parts.append("<!>")
    timed = step.duration is not None or step.distance is not None
    if timed:
        parts.append(render_length(step))
    elif step.until_lap_press:  # no length: "Press lap" stands where the length would
        parts.append("Press lap")
    if step.ramp:
        parts.append("ramp")
    if step.freeride:
        parts.append("freeride")
    parts.extend(render_target(t) for _, t in step.targets)
    if step.until_lap_press and timed:  # after the length and targets, where every reader looks for it
        parts.append("Press lap")
    if step.extra:
        parts.append(step.extra)
    return " ".join(parts)


def render_length(step: Step) -> str:
    if step.distance is not None:
        unit = step.distance_unit if step.distance_unit in DISTANCE_UNITS else "mtr"
        value = round(step.distance / DISTANCE_UNITS[unit], 3)
        return f"{lex.syntax_number(value)}{unit}"
    return lex.syntax_duration(step.duration or 0)


def render_target(t: Target) -> str:
    """A target as written in the text, e.g. "95-105%", "Z2 HR", "4:10-4:00/km Pace"."""
    def span() -> str:
        a, b = lex.syntax_number(t.start), (None if t.end is None else lex.syntax_number(t.end))
        return a if b is None else f"{a}-{b}"

    if t.units == "%ftp":
        return f"{span()}%"
    if t.units == "w":
        return f"{span()}w"
    if t.units == "%mmp":
        return f"{span()}% MMP {lex.syntax_duration(t.mmp_seconds or 0)}"
    if t.units in ("power_zone", "hr_zone", "pace_zone"):
        zones = f"Z{lex.syntax_number(t.start)}" + ("" if t.end is None else f"-Z{lex.syntax_number(t.end)}")
        return zones + {"power_zone": "", "hr_zone": " HR", "pace_zone": " Pace"}[t.units]
    if t.units in ("%hr", "%lthr", "%pace"):
        return f"{span()}% " + {"%hr": "HR", "%lthr": "LTHR", "%pace": "Pace"}[t.units]
    if t.units == "pace":
        pace = lex.syntax_pace(t.start) + ("" if t.end is None else f"-{lex.syntax_pace(t.end)}")
        return f"{pace}{t.pace_per or ''} Pace"
    return f"{span()}rpm"


def _cue_needs_end(cue: str) -> bool:
    """Whether a cue would be misread without "<!>" (it holds a duration, a target or a prompt)."""
    if "^" in cue:
        return True
    tokens = cue.split()
    return any(
        lex.is_length(tok) or lex.looks_like_target(tok) or lex.REPEAT.match(tok)
        or lex.bad_length_message(tok, tokens[i + 1] if i + 1 < len(tokens) else "")
        for i, tok in enumerate(tokens)
    )
