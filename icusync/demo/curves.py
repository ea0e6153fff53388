"""Best efforts: per-activity mean-max data and the athlete's season curves (reference §3.7).

An athlete curve is the pointwise best of its window's activities, and each point
names the activity that set it, so a curve never disagrees with an activity.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from icusync.demo.dates import parse_day
from icusync.demo.errors import unprocessable
from icusync.demo.history import RIDES, RUNS, SWIMS, best_window, sprint_bonus
from icusync.demo.store import AthleteData

POWER_SECS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2400, 3600,
              5400, 7200, 10800, 14400]
HR_SECS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 5400, 7200]
PACE_METRES = [400, 800, 1000, 1609, 3000, 5000, 10000, 15000, 21097, 30000, 42195]
_GROUPS = {"Ride": RIDES, "Run": RUNS, "Swim": SWIMS}
_SUMMARY_FIELDS = ("id", "start_date_local", "type", "name", "distance", "moving_time", "icu_training_load",
                   "icu_average_watts", "icu_weighted_avg_watts", "average_heartrate", "average_speed", "icu_ftp")


def power_mm(data: AthleteData, act_id: str) -> dict[int, int]:
    """Best average watts per duration of one ride."""
    stretches, act = data.stretches.get(act_id), data.by_id.get(act_id)
    if not stretches or not act or act.get("icu_ftp") is None:
        return {}
    parts = [(float(s.secs), s.watts or 0.0) for s in stretches]
    out: dict[int, int] = {}
    for secs in POWER_SECS:
        best = best_window(parts, secs)
        if best is None:
            break
        if secs < 60:  # short surges that segment averages do not show
            best = max(best, sprint_bonus(act["icu_ftp"], secs, data.peaks.get(act_id, 0.6)))
        out[secs] = round(best)
    return out


def hr_mm(data: AthleteData, act_id: str) -> dict[int, int]:
    stretches, act = data.stretches.get(act_id), data.by_id.get(act_id)
    if not stretches or not act:
        return {}
    parts = [(float(s.secs), s.hr) for s in stretches]
    out: dict[int, int] = {}
    for secs in HR_SECS:
        best = best_window(parts, secs)
        if best is None:
            break
        out[secs] = act["max_heartrate"] if secs == 1 else round(best)
    return out


def pace_mm(data: AthleteData, act_id: str) -> dict[int, float]:
    """Best time (s) per distance (m) of one run or swim."""
    stretches = data.stretches.get(act_id)
    if not stretches or any(not s.speed for s in stretches):
        return {}
    parts = [(s.secs * (s.speed or 1.0), 1 / (s.speed or 1.0)) for s in stretches]
    out: dict[int, float] = {}
    for metres in PACE_METRES:
        best = best_window(parts, metres, lowest=True)
        if best is None:
            break
        out[metres] = round(best * metres, 1)
    return out


_MM: dict[str, Any] = {"power": power_mm, "hr": hr_mm, "pace": pace_mm}


def _window(spec: str, newest: dt.date, first: dt.date) -> tuple[dt.date, dt.date, str]:
    """(start, end, label) of a curve id: 42d, 1y, all, r.YYYY-MM-DD.YYYY-MM-DD."""
    spec = spec.removesuffix("-kj0").removesuffix("-kj1")  # fatigued curves: not modelled, same data
    if spec.startswith("r."):
        _, a, b = (spec.split(".") + ["", ""])[:3]
        return parse_day(a, "curves"), parse_day(b, "curves"), f"{a} to {b}"
    if spec == "all":
        return first, newest, "All time"
    if spec[:-1].isdigit() and spec[-1] in "dy" and int(spec[:-1]) > 0:
        n = int(spec[:-1])
        days = n if spec[-1] == "d" else 365 * n
        label = f"{n} day{'s' if n > 1 else ''}" if spec[-1] == "d" else f"{n} year{'s' if n > 1 else ''}"
        return newest - dt.timedelta(days=days - 1), newest, label
    raise unprocessable(f"Invalid curve: {spec}")


def athlete_curves(data: AthleteData, kind: str, args: dict[str, str]) -> dict[str, Any]:
    """`DataCurveSet*` for power-curves, pace-curves and hr-curves."""
    sport = args.get("type")
    if kind == "power" and not sport:
        raise unprocessable("type is required")
    types = _GROUPS.get(sport or "", (sport,)) if sport else None
    newest = parse_day(args["newest"], "newest") if args.get("newest") else data.today
    first = dt.date.fromisoformat(data.activities[0]["start_date_local"][:10]) if data.activities else newest
    specs = [s for s in (args.get("curves") or "1y").split(",") if s]
    curves, used = [], set()
    for spec in specs:
        start, end, label = _window(spec, newest, first)
        best: dict[int, tuple[float, str]] = {}
        for act in data.activities:
            day = act["start_date_local"][:10]
            if not start.isoformat() <= day <= end.isoformat() or "moving_time" not in act:
                continue
            if types is not None and act["type"] not in types:
                continue
            mm: dict[int, Any] | None = data.cache.get((kind, act["id"]))
            if mm is None:
                mm = data.cache[(kind, act["id"])] = _MM[kind](data, act["id"])
            for x, v in mm.items():
                better = x not in best or (v < best[x][0] if kind == "pace" else v > best[x][0])
                if better:
                    best[x] = (v, act["id"])
        xs = sorted(best)
        item: dict[str, Any] = {
            "id": spec, "label": label, "start_date_local": start.isoformat() + "T00:00:00",
            "end_date_local": end.isoformat() + "T00:00:00", "days": (end - start).days + 1,
            "values": [best[x][0] for x in xs], "activity_id": [best[x][1] for x in xs],
        }
        item["distance" if kind == "pace" else "secs"] = xs
        if kind == "power":
            item["watts_per_kg"] = [round(best[x][0] / data.by_id[best[x][1]]["icu_weight"], 2) for x in xs]
        if kind == "pace":
            item["type"] = sport
        used.update(item["activity_id"])
        curves.append(item)
    activities = {a: {k: data.by_id[a].get(k) for k in _SUMMARY_FIELDS} for a in sorted(used)}
    return {"list": curves, "activities": activities}


def activity_power_curve(data: AthleteData, act_id: str) -> dict[str, Any]:
    """`PowerCurve` of one activity (`GET /activity/{id}/power-curve`)."""
    mm = power_mm(data, act_id)
    act = data.by_id[act_id]
    return {"id": act_id, "label": act.get("name"), "start_date_local": act["start_date_local"],
            "secs": list(mm), "watts": list(mm.values()), "values": list(mm.values()),
            "weight": act.get("icu_weight")}
