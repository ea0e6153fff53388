"""One target -> absolute numbers (W, bpm, pace per unit, rpm) for one athlete.

Zone N spans from zone N-1's upper bound to its own upper bound. The bottom of
Z1 and an upper bound of 999 (upstream's "no limit") are open ends, shown as
"≤138 W" or "≥375 W". Pace zones and % Pace are % of threshold *speed*, so a
higher percentage is a faster, smaller pace number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from icusync.coach.sport_settings import SportSettings
from icusync.coach.workout.lex import syntax_number, syntax_pace
from icusync.coach.workout.model import PACE_PER, PACE_UNIT_SETTING, Target, workout_family
from icusync.coach.workout.render import render_target
from icusync.coach.zones import zone_span

_DEFAULT_PACE_PER: Final = {"run": "/km", "swim": "/100m", "row": "/500m"}
# Estimates for open zone ends, used only for load/distance (documented in resolve_workout).
_OPEN_LOW_FACTOR: Final = 0.8
_OPEN_HIGH_FACTOR: Final = 1.1


class MissingSetting(Exception):
    """The athlete's settings cannot resolve a target; the message says what to set and where."""


@dataclass(frozen=True)
class ResolvedTarget:
    """A target in absolute units. `start`/`end` equal for one value; None is an open end.

    `unit` is "W", "bpm", "rpm", a pace unit such as "/km" (values in seconds), or
    "%MMP" (left to Intervals.icu, which holds the power model).
    """

    kind: str
    spec: str
    start: float | None
    end: float | None
    unit: str
    text: str
    intensity: float | None = None  # fraction of threshold, for the load estimate
    speed: float | None = None  # m/s, for distance and time estimates

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "spec": self.spec, "start": _plain(self.start), "end": _plain(self.end),
                "unit": self.unit, "text": self.text}


def _plain(x: float | None) -> float | int | None:
    return int(x) if x is not None and float(x).is_integer() else x


def half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def pace_unit_for(sport: str, settings: SportSettings) -> str:
    """The unit paces are shown in: the athlete's setting, else the sport's usual one."""
    return PACE_UNIT_SETTING.get(settings.pace_units or "", _DEFAULT_PACE_PER.get(workout_family(sport), "/km"))


def resolve_target(kind: str, t: Target, settings: SportSettings, sport: str, ramp: bool) -> ResolvedTarget:
    spec = render_target(t)
    group = settings.types[0] if settings.types else sport
    where = f"in Intervals.icu → Settings → {group} →"
    if t.units == "%mmp":
        return ResolvedTarget(kind, spec, t.start, t.end if t.end is not None else t.start, "%MMP", spec)
    if t.units == "rpm":
        lo, hi = t.start, t.end if t.end is not None else t.start
        return ResolvedTarget(kind, spec, lo, hi, "rpm", _span(lo, hi, ramp, " rpm"))
    if kind == "power":
        if settings.ftp is None and t.units != "w" and workout_family(sport) in ("run", "swim", "row"):
            # On a run "Z2" or "95%" is a power target: almost always meant as pace or heart rate.
            raise MissingSetting(
                f'"{spec}" is a power target (a power zone or % of FTP) and your {group} settings have no FTP; '
                f'for pace write "{spec} Pace", for heart rate "{spec} HR" (or set an FTP {where} FTP if you '
                "train with power)"
            )
        return _power(t, settings, spec, where, ramp)
    if kind == "hr":
        return _hr(t, settings, spec, where, ramp)
    return _pace(t, settings, spec, where, ramp, pace_unit_for(sport, settings))


def _pair(t: Target) -> tuple[float, float]:
    return t.start, t.end if t.end is not None else t.start


def _zone_bounds(t: Target, zones: tuple[float, ...], what: str, spec: str, where: str,
                 ) -> tuple[float | None, float | None]:
    """(lower, upper) in the zone list's units; None for Z1's floor or a 999 ceiling."""
    lo_zone, hi_zone = (int(z) for z in _pair(t))
    if not zones:
        raise MissingSetting(f"{what} zones are not set: set them {where} {what.capitalize()} zones")
    if hi_zone > len(zones):
        raise MissingSetting(f"your settings have {len(zones)} {what} zones (Z1-Z{len(zones)}), "
                             f'so "{spec}" does not exist; edit them {where} {what.capitalize()} zones')
    span = zone_span(zones, lo_zone, hi_zone)
    if span is None:
        raise MissingSetting(f'"{spec}" names no zone of your settings; edit them {where} {what.capitalize()} zones')
    return span


def _power(t: Target, s: SportSettings, spec: str, where: str, ramp: bool) -> ResolvedTarget:
    ftp = s.ftp
    if t.units == "w":
        a, b = _pair(t)
        frac = (a / ftp, b / ftp) if ftp else None
        return ResolvedTarget("power", spec, a, b, "W", _span(a, b, ramp, " W"), _mean(frac, ramp))
    if ftp is None:
        what = "power zones need" if t.units == "power_zone" else "% FTP power targets need"
        raise MissingSetting(f"{what} an FTP: set it {where} FTP")
    if t.units == "power_zone":
        lo, hi = _zone_bounds(t, s.power_zones, "power", spec, where)
        pct: tuple[float | None, float | None] = (lo, hi)
    else:
        pct = _pair(t)
    watts = tuple(None if p is None else half_up(p * ftp / 100) for p in pct)
    frac_pct = tuple(None if p is None else p / 100 for p in pct)
    text = _span(watts[0], watts[1], ramp, " W")
    return ResolvedTarget("power", spec, watts[0], watts[1], "W", text, _mean(frac_pct, ramp))


def _hr(t: Target, s: SportSettings, spec: str, where: str, ramp: bool) -> ResolvedTarget:
    bpm: tuple[float | None, float | None]
    if t.units == "%hr":
        if s.max_hr is None:
            raise MissingSetting(f"% HR targets (of max heart rate) need a max HR: set it {where} Max HR")
        bpm = (t.start * s.max_hr / 100, _pair(t)[1] * s.max_hr / 100)
    elif t.units == "%lthr":
        if s.lthr is None:
            raise MissingSetting(f"% LTHR targets need a threshold heart rate: set it {where} LTHR")
        bpm = (t.start * s.lthr / 100, _pair(t)[1] * s.lthr / 100)
    else:
        bpm = _zone_bounds(t, s.hr_zones, "heart rate", spec, where)
    rounded = tuple(None if b is None else half_up(b) for b in bpm)
    frac = tuple(None if b is None else b / s.lthr for b in bpm) if s.lthr else None
    text = _span(rounded[0], rounded[1], ramp, " bpm")
    return ResolvedTarget("hr", spec, rounded[0], rounded[1], "bpm", text, _mean(frac, ramp))


def _pace(t: Target, s: SportSettings, spec: str, where: str, ramp: bool, unit: str) -> ResolvedTarget:
    tp = s.threshold_pace
    if t.units == "pace":
        unit = t.pace_per or unit
        secs = _pair(t)
        speeds: tuple[float | None, ...] = tuple(PACE_PER[unit] / x for x in secs)
        frac = tuple(None if v is None else v / tp for v in speeds) if tp else None
    else:
        if tp is None:
            what = "pace zones need" if t.units == "pace_zone" else "% Pace targets need"
            raise MissingSetting(f"{what} a threshold pace: set it {where} Threshold pace")
        pace_pct = _zone_bounds(t, s.pace_zones, "pace", spec, where) if t.units == "pace_zone" else _pair(t)
        frac = tuple(None if p is None else p / 100 for p in pace_pct)
        speeds = tuple(None if f is None else f * tp for f in frac)
    per_m = PACE_PER[unit]
    # An open slow end (Z1's floor) is an infinite pace, an open fast end (a 999 ceiling) a zero one.
    raw = [per_m / v if v else (math.inf if i == 0 else 0.0) for i, v in enumerate(speeds)]
    keep_order = ramp and all(0 < p < math.inf for p in raw)
    if not keep_order:
        raw.sort()  # faster (smaller) pace first
    paces = [None if p in (0.0, math.inf) else half_up(p) for p in raw]
    text = _span(paces[0], paces[1], keep_order, unit, syntax_pace)
    return ResolvedTarget("pace", spec, paces[0], paces[1], unit, text, _mean(frac, ramp),
                          _mean(speeds, ramp=False))


def _span(a: float | None, b: float | None, ramp: bool, suffix: str,
          show: Callable[[float], str] = syntax_number) -> str:
    """"238–263 W", "125→188 W" (ramp), "≤138 W" / "≥375 W" (open ends), values ascending."""
    if a is None and b is None:
        return "any"
    if a is None:
        return f"≤{show(b)}{suffix}"  # type: ignore[arg-type]
    if b is None:
        return f"≥{show(a)}{suffix}"
    if a == b:
        return f"{show(a)}{suffix}"
    return f"{show(a)}{'→' if ramp else '–'}{show(b)}{suffix}"


def _mean(frac: tuple[float | None, ...] | None, ramp: bool) -> float | None:
    """The effective intensity of a span: its middle, or the root-mean-square of a linear ramp."""
    if frac is None:
        return None
    a, b = frac
    if a is None and b is None:
        return None
    if a is None:
        a = b * _OPEN_LOW_FACTOR  # type: ignore[operator]
    if b is None:
        b = a * _OPEN_HIGH_FACTOR
    if ramp:
        return math.sqrt((a * a + a * b + b * b) / 3)
    return (a + b) / 2
