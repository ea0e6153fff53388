"""The weeks ahead: fitness, fatigue and form projected from the planned workouts.

From today's real CTL and ATL, each following day adds its planned load (the workouts
on the calendar, as Intervals.icu puts their load) through the same 42/7-day recursion
Intervals.icu uses. A day with nothing planned adds no load: both decay. Projected days
are marked, never mixed up with measured ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from icusync.coach.dates import parse_upstream_date
from icusync.coach.fitness import FitnessPoint, step
from icusync.coach.units import num
from icusync.errors import InputError


def daily_loads(wellness: Sequence[Mapping[str, Any]]) -> dict[date, float]:
    """The load that fed the fitness model each day (wellness `ctlLoad`): every activity counted,
    Strava imports included."""
    loads: dict[date, float] = {}
    for row in wellness:
        day, load = parse_upstream_date(row.get("id")), num(row.get("ctlLoad"))
        if day is not None and load is not None:
            loads[day] = load
    return loads


def planned_loads(events: Sequence[Mapping[str, Any]], after: date) -> dict[date, float]:
    """Planned load per day after `after`, summed over the events that carry one."""
    loads: dict[date, float] = {}
    for event in events:
        day, load = parse_upstream_date(event.get("start_date_local")), num(event.get("icu_training_load"))
        if day is not None and day > after and load:
            loads[day] = loads.get(day, 0.0) + load
    return loads


def project(start: FitnessPoint, loads: Mapping[date, float], end: date) -> list[FitnessPoint]:
    """One projected point per day after `start.day` up to `end`, each with that day's planned load
    and a ramp rate over the seven days before it (measured days count for the first week)."""
    points: list[FitnessPoint] = []
    ctl, atl = start.ctl, start.atl
    history = {start.day: start.ctl}
    day = start.day
    while day < end:
        day += timedelta(days=1)
        load = loads.get(day, 0.0)
        ctl, atl = step(ctl, atl, load)
        history[day] = ctl
        week_ago = history.get(day - timedelta(days=7))
        ramp = None if week_ago is None else ctl - week_ago
        points.append(FitnessPoint(day, ctl, atl, ramp, load, projected=True))
    return points


def with_measured_ramps(measured: Sequence[FitnessPoint], projected: list[FitnessPoint]) -> list[FitnessPoint]:
    """Fill the first projected week's ramp rates from the measured days before it."""
    by_day = {p.day: p.ctl for p in measured}
    out = []
    for p in projected:
        if p.ramp is None and (week_ago := by_day.get(p.day - timedelta(days=7))) is not None:
            p = replace(p, ramp=p.ctl - week_ago)
        out.append(p)
    return out


@dataclass(frozen=True)
class WhatIf:
    """One change to try on the plan: drop an event, move it to another day, or add a load on a day."""

    event_id: int | None = None
    to: date | None = None
    day: date | None = None
    load: float | None = None


def with_changes(
    events: Sequence[Mapping[str, Any]], changes: Sequence[WhatIf]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The planned events with the changes applied (nothing is written), and a line saying each change."""
    out = [dict(e) for e in events]
    said = []
    for change in changes:
        if change.event_id is not None:
            found = next((e for e in out if e.get("id") == change.event_id), None)
            if found is None:
                raise InputError(f"what_if: event {change.event_id} is not planned in the projected days")
            if change.to is None:
                out.remove(found)
                said.append(f"without '{found.get('name')}' ({found.get('start_date_local', '')[:10]})")
            else:
                said.append(f"'{found.get('name')}' moved to {change.to.isoformat()}")
                found["start_date_local"] = change.to.isoformat() + "T00:00:00"
        elif change.day is not None and change.load is not None:
            out.append({"start_date_local": change.day.isoformat() + "T00:00:00", "icu_training_load": change.load,
                        "name": "added"})
            said.append(f"load {round(change.load)} added on {change.day.isoformat()}")
        else:
            raise InputError("what_if: each change is {event_id} to drop it, {event_id, to} to move it, "
                             "or {date, load} to add load")
    return out, said
