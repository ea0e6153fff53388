"""Planned step targets in absolute units, and how an interval did against them.

A planned workout (`workout_doc`) states targets as % FTP, % LTHR, % threshold
pace, zones or absolute values; `resolve=true` adds `_power`/`_hr`/`_pace` in
watts, bpm and m/s. We reduce each leaf step to a `TargetRange` in watts, bpm
or m/s so an interval's average can be checked against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import fmt_pace, num, pace_secs
from icusync.coach.zones import zone_span

# A single-value target counts as hit within this fraction (Garmin's default power range is 2.5%).
VALUE_TOLERANCE = 0.03


@dataclass(frozen=True)
class TargetRange:
    """A target range; `kind` is power (W), hr (bpm) or pace (speed in m/s, higher is faster)."""

    kind: str
    low: float
    high: float

    def label(self, pace_suffix: str = "/km") -> str:
        if self.kind == "pace":
            slow, fast = fmt_pace(self.low, pace_suffix), fmt_pace(self.high, pace_suffix)
            return slow if slow == fast else f"{slow.removesuffix(pace_suffix)}-{fast}"
        unit = " W" if self.kind == "power" else " bpm"
        lo, hi = round(self.low), round(self.high)
        return f"{lo}{unit}" if lo == hi else f"{lo}-{hi}{unit}"


def _bounds(t: Mapping[str, Any]) -> tuple[float, float] | None:
    value = num(t.get("value"))
    if value is not None:
        return value, value
    start, end = num(t.get("start")), num(t.get("end"))
    if start is None or end is None:
        return None
    return min(start, end), max(start, end)


def _zone_range(settings: SportSettings, kind: str, lo_z: float, hi_z: float) -> tuple[float, float] | None:
    """Zones lo_z..hi_z in W or bpm; None when a bound is open (a 999 ceiling, Z1's HR floor).
    Power Z1 starts at 0 W."""
    power = kind == "power"
    uppers, scale = (settings.power_zones, (settings.ftp or 0) / 100) if power else (settings.hr_zones, 1.0)
    span = zone_span(uppers, int(lo_z), int(hi_z))
    if span is None or not scale:
        return None
    low, high = (0.0 if power and span[0] is None else span[0]), span[1]
    if low is None or high is None:
        return None
    return low * scale, high * scale


def step_target(
    step: Mapping[str, Any], doc: Mapping[str, Any] | None = None, settings: SportSettings | None = None
) -> TargetRange | None:
    """The first target of a step (power, then HR, then pace) in absolute units, or None."""
    doc = doc or {}
    ftp = num(doc.get("ftp")) or (settings.ftp if settings else None)
    lthr = num(doc.get("lthr")) or (settings.lthr if settings else None)
    threshold = num(doc.get("threshold_pace")) or (settings.threshold_pace if settings else None)
    for kind in ("power", "hr", "pace"):
        resolved = step.get(f"_{kind}")
        if isinstance(resolved, Mapping) and (b := _bounds(resolved)):
            return TargetRange(kind, *b)
        raw = step.get(kind)
        if not isinstance(raw, Mapping) or not (b := _bounds(raw)):
            continue
        units = raw.get("units")
        lo, hi = b
        if units in ("w", "bpm") or (kind == "hr" and units is None):
            return TargetRange(kind, lo, hi)
        if units == "%ftp" and ftp:
            return TargetRange(kind, lo * ftp / 100, hi * ftp / 100)
        if units == "%lthr" and lthr:
            return TargetRange(kind, lo * lthr / 100, hi * lthr / 100)
        if units == "%hr" and settings and settings.max_hr:
            return TargetRange(kind, lo * settings.max_hr / 100, hi * settings.max_hr / 100)
        if units == "%pace" and threshold:
            return TargetRange(kind, lo * threshold / 100, hi * threshold / 100)
        if units in ("power_zone", "hr_zone") and settings:
            zb = _zone_range(settings, kind, lo, hi)
            if zb:
                return TargetRange(kind, *zb)
    return None


def leaf_steps(steps: Sequence[Any]) -> list[Mapping[str, Any]]:
    """Steps in the order they are ridden, repeats expanded (upstream allows no nesting, we tolerate it)."""
    out: list[Mapping[str, Any]] = []
    for step in steps:
        if not isinstance(step, Mapping):
            continue
        inner = step.get("steps")
        if isinstance(inner, Sequence) and inner:
            reps = int(num(step.get("reps")) or 1)
            for _ in range(max(reps, 1)):
                out.extend(leaf_steps(inner))
        else:
            out.append(step)
    return out


def planned_targets(
    workout_doc: Mapping[str, Any] | None, settings: SportSettings | None = None
) -> list[TargetRange | None]:
    """One entry per leaf step of a planned workout (None where a step has no usable target)."""
    if not workout_doc:
        return []
    steps = workout_doc.get("steps")
    if not isinstance(steps, Sequence):
        return []
    return [step_target(s, workout_doc, settings) for s in leaf_steps(steps)]


def achieved(interval: Mapping[str, Any], target: TargetRange) -> float | None:
    """The interval's average in the target's units (W, bpm, m/s)."""
    key = {"power": "average_watts", "hr": "average_heartrate", "pace": "average_speed"}[target.kind]
    return num(interval.get(key))


def versus(interval: Mapping[str, Any], target: TargetRange, pace_suffix: str = "/km") -> str | None:
    """ "on target", "+12 W over", "8 bpm under", "5 s/km slow"; None without the metric.

    A range is hit inside its bounds and missed by the distance to the nearer bound;
    a single value is hit within `VALUE_TOLERANCE` and missed by the distance to the value.
    """
    got = achieved(interval, target)
    if got is None:
        return None
    lo, hi = target.low, target.high
    single = lo == hi
    if single and abs(got - lo) <= lo * VALUE_TOLERANCE or lo <= got <= hi:
        return "on target"
    bound = lo if got < lo else hi
    if target.kind == "pace":
        got_s, bound_s = pace_secs(got, pace_suffix), pace_secs(bound, pace_suffix)
        if got_s is None or bound_s is None:
            return None
        diff = round(got_s - bound_s)
        return f"{abs(diff)} s{pace_suffix} {'slow' if diff > 0 else 'fast'}"
    unit = "W" if target.kind == "power" else "bpm"
    diff = round(got - bound)
    return f"+{diff} {unit} over" if diff > 0 else f"{-diff} {unit} under"
