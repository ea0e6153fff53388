"""Did Intervals.icu read a workout as icusync did? Our model against the upstream `workout_doc`.

After a write, the event is read back and its parsed form compared step by step: the
length of each step, its repeats, and each target's units and values. Intervals.icu
stores absolute paces as % of threshold pace, so ours are converted before comparing.
Differences come back as sentences for the athlete, never as a silent success.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from icusync.coach.units import num
from icusync.coach.workout.lex import syntax_number
from icusync.coach.workout.model import PACE_PER, RepeatBlock, Step, Target, Workout
from icusync.coach.workout.resolve import step_duration_text

# Rounding in the pace conversion (upstream keeps one decimal of %).
PACE_PCT_TOLERANCE: Final = 0.6
DISTANCE_TOLERANCE_M: Final = 1.0
# Load is an estimate on both sides; only a large gap is worth saying.
LOAD_GAP: Final = 0.25
LOAD_GAP_MIN: Final = 8
MAX_REPORTED: Final = 4

Shape = tuple[str, float, float]  # (units, low, high)


@dataclass(frozen=True)
class Leaf:
    duration: float | None
    distance: float | None
    lap: bool
    targets: dict[str, Shape]

    def describe(self) -> str:
        if self.duration is not None:
            length = step_duration_text(int(self.duration))
        elif self.distance is not None:
            length = f"{syntax_number(round(self.distance))} m"
        else:
            length = "until lap press"
        shown = [_shape_text(s) for _, s in sorted(self.targets.items())]
        return length + (" at " + ", ".join(shown) if shown else " with no target")


@dataclass(frozen=True)
class Block:
    reps: int
    leaves: tuple[Leaf, ...]


Item = Leaf | Block


def _shape_text(shape: Shape) -> str:
    units, low, high = shape
    span = syntax_number(low) if low == high else f"{syntax_number(low)}-{syntax_number(high)}"
    return {
        "%ftp": f"{span}% FTP", "w": f"{span} W", "power_zone": f"power Z{span}", "%mmp": f"{span}% MMP",
        "%hr": f"{span}% max HR", "%lthr": f"{span}% LTHR", "hr_zone": f"HR Z{span}",
        "%pace": f"{span}% threshold pace", "pace_zone": f"pace Z{span}", "rpm": f"{span} rpm",
    }.get(units, f"{span} {units}")


def _ours_target(t: Target, threshold_speed: float | None, default_per: str) -> Shape | None:
    if t.units != "pace":
        return (t.units, t.low, t.high)
    if not threshold_speed:
        return None  # upstream cannot store an absolute pace without a threshold to relate it to
    per = PACE_PER[t.pace_per or default_per]
    pcts = sorted(per / secs / threshold_speed * 100 for secs in (t.start, t.end if t.end is not None else t.start))
    return ("%pace", pcts[0], pcts[1])


def _our_leaf(step: Step, threshold_speed: float | None, default_per: str) -> Leaf:
    targets: dict[str, Shape] = {}
    for kind, target in step.targets:
        shape = _ours_target(target, threshold_speed, default_per)
        if shape is not None:
            targets[kind] = shape
    return Leaf(step.duration, step.distance, step.until_lap_press, targets)


def ours(workout: Workout, threshold_speed: float | None, default_per: str) -> list[Item]:
    out: list[Item] = []
    for item in workout.items:
        if isinstance(item, Step):
            out.append(_our_leaf(item, threshold_speed, default_per))
        elif isinstance(item, RepeatBlock):
            out.append(Block(item.count, tuple(_our_leaf(s, threshold_speed, default_per) for s in item.steps)))
    return out


def _their_target(raw: Any) -> Shape | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("units"), str):
        return None
    value, start, end = num(raw.get("value")), num(raw.get("start")), num(raw.get("end"))
    if value is not None:
        return (raw["units"], value, value)
    if start is not None and end is not None:
        return (raw["units"], min(start, end), max(start, end))
    return None


def _their_leaf(step: Mapping[str, Any]) -> Leaf:
    targets = {}
    for kind in ("power", "hr", "pace", "cadence"):
        shape = _their_target(step.get(kind))
        if shape is not None:
            targets[kind] = shape
    return Leaf(num(step.get("duration")), num(step.get("distance")), bool(step.get("until_lap_press")), targets)


def theirs(steps: Sequence[Any]) -> list[Item]:
    out: list[Item] = []
    for step in steps:
        if not isinstance(step, Mapping):
            continue
        inner = step.get("steps")
        if isinstance(inner, Sequence) and not isinstance(inner, str):
            reps = int(num(step.get("reps")) or 1)
            out.append(Block(reps, tuple(_their_leaf(s) for s in inner if isinstance(s, Mapping))))
        else:
            out.append(_their_leaf(step))
    return out


def _same_leaf(a: Leaf, b: Leaf) -> bool:
    if (a.duration is None) != (b.duration is None) or (a.distance is None) != (b.distance is None):
        return False
    if a.duration is not None and b.duration is not None and abs(a.duration - b.duration) > 0.5:
        return False
    if a.distance is not None and b.distance is not None and abs(a.distance - b.distance) > DISTANCE_TOLERANCE_M:
        return False
    if a.lap != b.lap or set(a.targets) != set(b.targets):
        return False
    for kind, (units, low, high) in a.targets.items():
        other_units, other_low, other_high = b.targets[kind]
        slack = PACE_PCT_TOLERANCE if units == "%pace" else 0.01
        if units != other_units or abs(low - other_low) > slack or abs(high - other_high) > slack:
            return False
    return True


def _describe(item: Item) -> str:
    if isinstance(item, Leaf):
        return item.describe()
    return f"{item.reps} × [" + "; ".join(leaf.describe() for leaf in item.leaves) + "]"


def _same(a: Item, b: Item) -> bool:
    if isinstance(a, Leaf) and isinstance(b, Leaf):
        return _same_leaf(a, b)
    if isinstance(a, Block) and isinstance(b, Block):
        return a.reps == b.reps and len(a.leaves) == len(b.leaves) and all(
            _same_leaf(x, y) for x, y in zip(a.leaves, b.leaves, strict=True)
        )
    return False


def differences(workout: Workout, doc: Mapping[str, Any] | None, *, default_per: str = "/km") -> list[str]:
    """Sentences naming where Intervals.icu's reading of the steps differs from ours; empty when they agree."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("steps"), Sequence):
        return ["Intervals.icu returned no parsed workout to check against"]
    mine = ours(workout, num(doc.get("threshold_pace")), default_per)
    upstream = theirs(doc["steps"])
    found: list[str] = []
    for i in range(max(len(mine), len(upstream))):
        a = mine[i] if i < len(mine) else None
        b = upstream[i] if i < len(upstream) else None
        if a is not None and b is not None and _same(a, b):
            continue
        said = "nothing" if a is None else _describe(a)
        read = "nothing" if b is None else _describe(b)
        found.append(f"part {i + 1}: icusync wrote {said}; Intervals.icu reads {read}")
    if len(found) > MAX_REPORTED:
        found = found[:MAX_REPORTED] + [f"and {len(found) - MAX_REPORTED} more parts differ"]
    return found


def load_note(our_load: int | None, their_load: Any) -> str | None:
    """When Intervals.icu's load for the planned workout is far from icusync's estimate, say whose
    number the calendar and fitness use (theirs): the step reading itself agreed."""
    load = num(their_load)
    if our_load is None or load is None:
        return None
    gap = abs(load - our_load)
    if gap >= LOAD_GAP_MIN and gap > LOAD_GAP * max(our_load, load):
        return f"Intervals.icu puts the load at {round(load)} (icusync estimated {our_load}); fitness uses theirs"
    return None
