"""Fitness (CTL), fatigue (ATL), form and ramp rate, and what they mean today.

Intervals.icu computes CTL and ATL as exponentially weighted averages of the
daily training load (42 and 7 days); form is CTL - ATL. The values arrive in
wellness rows (`id` date, `ctl`, `atl`, `rampRate`, `ctlLoad`); the recursion
here lets us project forward and check, and the bands follow the UI's form
chart (reference §5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from icusync.coach.dates import parse_upstream_date, week_start
from icusync.coach.units import fmt_signed, num

CTL_DAYS = 42
ATL_DAYS = 7

# The UI's form chart bands, with what each means for the athlete.
BAND_MEANINGS: dict[str, str] = {
    "High risk": "fatigue far above fitness: overreaching, illness and injury risk; plan recovery",
    "Optimal": "productive training: fatigue is building fitness",
    "Grey zone": "neither building nor fresh: maintenance",
    "Fresh": "rested: good for a race or a key session",
    "Transition": "very fresh: fitness is fading if this lasts",
}


def step(
    ctl: float, atl: float, load: float, ctl_days: int = CTL_DAYS, atl_days: int = ATL_DAYS
) -> tuple[float, float]:
    """One day of the recursion: yesterday's CTL/ATL plus today's load."""
    kc = math.exp(-1.0 / ctl_days)
    ka = math.exp(-1.0 / atl_days)
    return ctl * kc + load * (1 - kc), atl * ka + load * (1 - ka)


def simulate(ctl: float, atl: float, loads: Sequence[float]) -> list[tuple[float, float]]:
    """CTL/ATL after each day of `loads`, starting from yesterday's `ctl`/`atl`."""
    out: list[tuple[float, float]] = []
    for load in loads:
        ctl, atl = step(ctl, atl, load)
        out.append((ctl, atl))
    return out


def form(ctl: float, atl: float) -> float:
    return ctl - atl


def form_percent(ctl: float, atl: float) -> float | None:
    """Form as % of fitness (the athlete's `icu_form_as_percent` view); None without fitness."""
    return None if ctl <= 0 else (ctl - atl) / ctl * 100.0


def form_band(value: float) -> tuple[str, str]:
    """(band, meaning) for a form value, absolute or % (the same numbers apply to both).

    Edges: < -30 High risk, -30..-10 Optimal, above -10 up to +5 Grey zone,
    above +5 up to +25 Fresh, above +25 Transition.
    """
    if value < -30:
        name = "High risk"
    elif value <= -10:
        name = "Optimal"
    elif value <= 5:
        name = "Grey zone"
    elif value <= 25:
        name = "Fresh"
    else:
        name = "Transition"
    return name, BAND_MEANINGS[name]


def ramp_reading(ramp: float | None) -> str:
    """How fast fitness is changing, per week of CTL change."""
    if ramp is None:
        return "ramp rate unknown"
    if ramp < -5:
        return "fitness dropping fast (taper, break or illness)"
    if ramp < 0:
        return "fitness easing off"
    if ramp <= 3:
        return "fitness steady"
    if ramp <= 5:
        return "moderate build"
    if ramp <= 8:
        return "strong build; sustainable for a few weeks"
    return "aggressive build (more than 8/week); watch for fatigue, illness and injury"


@dataclass(frozen=True)
class FitnessPoint:
    day: date
    ctl: float
    atl: float
    ramp: float | None
    load: float | None
    projected: bool = False  # from planned workouts, not measured

    @property
    def form(self) -> float:
        return self.ctl - self.atl

    @property
    def form_pct(self) -> float | None:
        return form_percent(self.ctl, self.atl)


def points_from_wellness(rows: Sequence[Mapping[str, Any]]) -> list[FitnessPoint]:
    """Wellness rows with CTL and ATL, oldest first; rows without them are skipped."""
    points = []
    for row in rows:
        day = parse_upstream_date(row.get("id"))
        ctl, atl = num(row.get("ctl")), num(row.get("atl"))
        if day is None or ctl is None or atl is None:
            continue
        points.append(FitnessPoint(day, ctl, atl, num(row.get("rampRate")), num(row.get("ctlLoad"))))
    points.sort(key=lambda p: p.day)
    return points


def ramp_from_points(points: Sequence[FitnessPoint], day_index: int = -1) -> float | None:
    """CTL change over the 7 days before `points[day_index]`, for rows without `rampRate`."""
    if not points:
        return None
    target = points[day_index]
    for p in points:
        if (target.day - p.day).days == 7:
            return target.ctl - p.ctl
    return None


def weekly(points: Sequence[FitnessPoint]) -> list[FitnessPoint]:
    """One point per ISO week: the last day's CTL/ATL/ramp, with the week's load summed.

    Long ranges read better by the week and cost a seventh of the characters.
    """
    weeks: dict[date, list[FitnessPoint]] = {}
    for p in points:
        weeks.setdefault(week_start(p.day), []).append(p)
    out = []
    for _, ps in sorted(weeks.items()):
        last = max(ps, key=lambda p: p.day)
        loads = [p.load for p in ps if p.load is not None]
        out.append(FitnessPoint(last.day, last.ctl, last.atl, last.ramp, sum(loads) if loads else None, last.projected))
    return out


@dataclass(frozen=True)
class FitnessReading:
    """Where the athlete stands on one day, in numbers and in words."""

    day: date
    fitness: float
    fatigue: float
    form: float
    form_pct: float | None
    as_percent: bool
    band: str
    meaning: str
    ramp: float | None
    ramp_meaning: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        for key in ("fitness", "fatigue", "form", "form_pct", "ramp"):
            if d[key] is not None:
                d[key] = round(d[key], 1)
        return d

    @property
    def text(self) -> str:
        shown = (
            f"form {fmt_signed(self.form_pct)}%" if self.as_percent and self.form_pct is not None
            else f"form {fmt_signed(self.form)}"
        )
        ramp = "ramp -" if self.ramp is None else f"ramp {fmt_signed(self.ramp, 1)}/week"
        return (
            f"{self.day.isoformat()}: fitness {self.fitness:.0f}, fatigue {self.fatigue:.0f}, {shown} "
            f"({self.band}: {self.meaning}); {ramp} ({self.ramp_meaning})"
        )


def reading(rows: Sequence[Mapping[str, Any]], *, as_percent: bool = False) -> FitnessReading | None:
    """Today's reading from wellness rows (the latest row with CTL/ATL); None when there is none."""
    points = points_from_wellness(rows)
    if not points:
        return None
    return reading_for(points, as_percent=as_percent)


def reading_for(points: Sequence[FitnessPoint], *, as_percent: bool = False) -> FitnessReading:
    last = points[-1]
    pct = last.form_pct
    shown = pct if as_percent and pct is not None else last.form
    band, meaning = form_band(shown)
    ramp = last.ramp if last.ramp is not None else ramp_from_points(points)
    return FitnessReading(
        day=last.day,
        fitness=last.ctl,
        fatigue=last.atl,
        form=last.form,
        form_pct=pct,
        as_percent=as_percent,
        band=band,
        meaning=meaning,
        ramp=ramp,
        ramp_meaning=ramp_reading(ramp),
    )
