"""A parsed `Workout` resolved for one athlete: absolute targets, a summary, totals.

Estimates, so an assistant can say what a workout asks before it is saved:
- Time of a distance step and distance of a timed step come from its pace
  target (the middle of a range); steps without one are left out and a note says so.
- Training load ≈ Σ hours × IF² × 100, like TSS, where IF is the step's intensity
  as a fraction of threshold: % FTP (watts / FTP), % threshold speed for pace,
  and % LTHR for heart rate, first of power, pace, HR that resolves. A range
  counts at its middle and a ramp at the root-mean-square of its span. An open
  zone end counts at 80% of Z1's ceiling or 110% of the top zone's floor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from icusync.coach.sport_settings import SportSettings
from icusync.coach.workout.lex import syntax_number
from icusync.coach.workout.model import Header, RepeatBlock, Step, Workout, WorkoutResolveError
from icusync.coach.workout.render import render_target
from icusync.coach.workout.resolve_target import MissingSetting, ResolvedTarget, half_up, resolve_target


@dataclass(frozen=True)
class ResolvedStep:
    """One leaf step (not expanded: `reps` says how often its repeat block runs it)."""

    line: int
    section: str
    reps: int
    cue: str
    duration_s: int | None
    distance_m: float | None
    targets: tuple[ResolvedTarget, ...]
    text: str  # "8m at 4:11–4:26/km"
    est_duration_s: float | None = None
    est_distance_m: float | None = None
    intensity: float | None = None
    until_lap_press: bool = False
    ramp: bool = False
    freeride: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Plain data for structured tool output; empty and false fields left out to stay small."""
        out: dict[str, Any] = {
            "line": self.line, "section": self.section, "reps": self.reps, "cue": self.cue,
            "duration_s": self.duration_s, "distance_m": self.distance_m, "text": self.text,
            "targets": [t.as_dict() for t in self.targets],
            "until_lap_press": self.until_lap_press, "ramp": self.ramp, "freeride": self.freeride,
        }
        if self.intensity is not None:
            out["intensity"] = round(self.intensity, 3)
        if self.reps == 1:
            del out["reps"]
        return {k: v for k, v in out.items() if not _empty(v)}


@dataclass(frozen=True)
class ResolvedWorkout:
    sport: str
    steps: tuple[ResolvedStep, ...]
    summary: tuple[str, ...]  # one line per section, e.g. "Main Set: 4 × 8m at 238–263 W, 4m at 125 W"
    duration_s: int  # includes time estimated for distance steps
    distance_m: float | None  # distance steps plus distance estimated from pace targets
    load: int | None
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "sport": self.sport, "duration_s": self.duration_s,
            "distance_m": None if self.distance_m is None else round(self.distance_m),
            "load": self.load, "summary": list(self.summary),
            "steps": [s.as_dict() for s in self.steps], "notes": list(self.notes),
        }
        return {k: v for k, v in out.items() if not _empty(v)}


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def resolve_workout(workout: Workout, settings: SportSettings | None, *, indoor: bool = False) -> ResolvedWorkout:
    """Resolve every target against `settings` (None: the athlete has no settings for the sport).
    `indoor` sessions (and virtual sports) use the indoor FTP when the athlete has one, as
    Intervals.icu does.

    Raises `WorkoutResolveError` naming each missing setting and where to set it.
    """
    settings = settings or SportSettings(id=None, types=(workout.sport,))
    if (indoor or workout.sport.startswith("Virtual")) and settings.indoor_ftp:
        settings = replace(settings, ftp=settings.indoor_ftp)
    missing: list[str] = []
    steps: list[ResolvedStep] = []
    groups: list[tuple[str, list[str]]] = []  # summary: (section title, step/block texts)
    open_group: list[str] | None = None  # the group plain steps join; None after a block
    section = ""
    for item in workout.items:
        if isinstance(item, Header):
            section = item.text
            open_group = []
            groups.append((section, open_group))
        elif isinstance(item, Step):
            step = _resolve_step(item, settings, workout.sport, section, 1, missing)
            steps.append(step)
            if open_group is None:
                open_group = []
                groups.append(("", open_group))
            open_group.append(step.text)
        elif isinstance(item, RepeatBlock):
            section = item.title or section
            block = [_resolve_step(s, settings, workout.sport, section, item.count, missing)
                     for s in item.steps]
            steps.extend(block)
            # Brackets show where the repeat ends: everything inside runs `count` times.
            text = f"{item.count} × [" + ", ".join(s.text for s in block) + "]"
            if open_group is not None and not open_group and not item.title:
                open_group.append(text)  # an untitled repeat straight under a header
            else:
                groups.append((item.title, [text]))
            open_group = None
    if missing:
        raise WorkoutResolveError("\n".join(missing))
    summary = tuple(f"{title}: {'; '.join(texts)}" if title else "; ".join(texts)
                    for title, texts in groups if texts)
    return _totals(workout.sport, tuple(steps), summary)


def _resolve_step(step: Step, settings: SportSettings, sport: str, section: str, reps: int,
                  missing: list[str]) -> ResolvedStep:
    targets: list[ResolvedTarget] = []
    for kind, target in step.targets:
        try:
            targets.append(resolve_target(kind, target, settings, sport, step.ramp))
        except MissingSetting as e:
            if not any(m.endswith(str(e)) for m in missing):  # one report per missing setting
                missing.append(f'line {step.line} "{render_target(target)}": {e}')
    by_kind = {t.kind: t for t in targets}
    intensity = next((by_kind[k].intensity for k in ("power", "pace", "hr")
                      if k in by_kind and by_kind[k].intensity is not None), None)
    speed = by_kind["pace"].speed if "pace" in by_kind else None
    est_duration = step.distance / speed if step.distance is not None and speed else None
    est_distance = step.duration * speed if step.duration is not None and speed else None
    return ResolvedStep(
        line=step.line, section=section, reps=reps, cue=step.cue, duration_s=step.duration,
        distance_m=step.distance, targets=tuple(targets), text=_step_text(step, targets),
        est_duration_s=est_duration, est_distance_m=est_distance, intensity=intensity,
        until_lap_press=step.until_lap_press, ramp=step.ramp, freeride=step.freeride,
    )


def step_duration_text(seconds: int) -> str:
    """How a preview says a step's time: "30 s", "8 min", "1 min 30 s", "1 h 15 min" (never the
    syntax's "8m", which a swimmer reads as metres)."""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h} h" if h else "", f"{m} min" if m else "", f"{s} s" if s else ""]
    return " ".join(p for p in parts if p) or "0 s"


def _length_text(step: Step) -> str:
    if step.distance is None and step.duration is None:
        return "until lap press"
    if step.distance is None:
        return step_duration_text(step.duration or 0)
    if step.distance_unit == "mi":
        return f"{syntax_number(round(step.distance / 1609.344, 2))} mi"
    if step.distance >= 1000 or step.distance_unit == "km":
        return f"{syntax_number(round(step.distance / 1000, 2))} km"
    return f"{syntax_number(round(step.distance))} m"


def _step_text(step: Step, targets: list[ResolvedTarget]) -> str:
    """ "8m at 4:11–4:26/km", "10m ramp 125→188 W (90 rpm)", "2m jog"."""
    text = _length_text(step)
    label = step.cue or step.extra
    if label:
        text += f" {label}"
    main = [t.text for t in targets if t.kind != "cadence"]
    if main:
        text += (" ramp " if step.ramp else " at ") + " / ".join(main)
    if step.freeride:
        text += " freeride"
    cadence = [t.text for t in targets if t.kind == "cadence"]
    if cadence:
        text += f" ({cadence[0]})"
    if step.until_lap_press and (step.duration is not None or step.distance is not None):
        text += " (ends at lap press)"
    return text


def _totals(sport: str, steps: tuple[ResolvedStep, ...], summary: tuple[str, ...]) -> ResolvedWorkout:
    seconds = distance = load_sum = 0.0
    untimed = unmeasured = unloaded = open_ended = 0
    has_distance = False
    for s in steps:
        duration = s.duration_s if s.duration_s is not None else s.est_duration_s
        length = s.distance_m if s.distance_m is not None else s.est_distance_m
        if s.duration_s is None and s.distance_m is None:
            open_ended += 1
        elif duration is None:
            untimed += 1
        if duration is not None:
            seconds += s.reps * duration
        if length is None:
            unmeasured += 1
        else:
            has_distance = True
            distance += s.reps * length
        if s.intensity is None or duration is None:
            unloaded += 1
        else:
            load_sum += s.reps * duration / 3600 * s.intensity**2 * 100
    notes: list[str] = []
    if open_ended:
        notes.append(f"{open_ended} step(s) lasting until a lap press are not in the time")
    if untimed:
        notes.append(f"{untimed} distance step(s) without a pace target are not in the time")
    if has_distance and unmeasured:
        notes.append(f"{unmeasured} step(s) without a distance or pace target are not in the distance")
    if unloaded and unloaded < len(steps):
        notes.append(f"load leaves out {unloaded} step(s) without a target it can rate")
    return ResolvedWorkout(
        sport=sport, steps=steps, summary=summary, duration_s=half_up(seconds),
        distance_m=distance if has_distance else None,
        load=half_up(load_sum) if unloaded < len(steps) else None, notes=tuple(notes),
    )
