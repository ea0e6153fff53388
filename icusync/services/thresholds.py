"""Thresholds the athlete sets: FTP, indoor FTP, LTHR, max HR, threshold pace, W'.

Every target icusync writes depends on them, so a change says the old and the new value and
which planned workouts will resolve differently; a preview changes nothing, and undo puts
the old values back.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Final

from icusync.coach.dates import day_label, parse_upstream_date
from icusync.coach.sport_settings import SportSettings, settings_for
from icusync.coach.units import PACE_UNITS, fmt_pace, pace_suffix
from icusync.errors import InputError
from icusync.services.athlete import Caller
from icusync.services.writes import in_flight, plan, settle

AFFECTED_WINDOW_DAYS: Final = 42
_PACE = re.compile(r"^(\d{1,2}):([0-5]\d)\s*(/\w+)?$")
_SUFFIX_METRES: Final = {suffix: metres for metres, suffix in PACE_UNITS.values()}
# What each threshold drives in a workout's targets (upstream `workout_doc` units).
_DRIVES: Final = {
    "ftp": {"%ftp", "power_zone"},
    "indoor_ftp": {"%ftp", "power_zone"},
    "lthr": {"%lthr", "hr_zone"},
    "max_hr": {"%hr", "hr_zone"},
    "threshold_pace": {"%pace", "pace_zone"},
    "w_prime": set(),
}
_UNIT: Final = {"ftp": "W", "indoor_ftp": "W", "lthr": "bpm", "max_hr": "bpm", "w_prime": "J"}


def pace_speed(text: str, suffix: str) -> float:
    """ "4:05" or "4:05/km" → metres per second."""
    found = _PACE.match(text.strip())
    unit = (found.group(3) if found else None) or suffix
    if found is None or unit not in _SUFFIX_METRES:
        units = ", ".join(_SUFFIX_METRES)
        raise InputError(f"threshold_pace: {text!r} is not a pace; write minutes:seconds with a unit, e.g. "
                         f"\"4:05/km\" or \"1:45/100m\" ({units})")
    seconds = int(found.group(1)) * 60 + int(found.group(2))
    if seconds == 0:
        raise InputError("threshold_pace: a pace of 0:00 is not a pace")
    return _SUFFIX_METRES[unit] / seconds


def _shown(key: str, value: Any, suffix: str) -> str:
    if value is None:
        return "not set"
    if key == "threshold_pace":
        return fmt_pace(float(value), suffix)
    return f"{round(float(value))} {_UNIT[key]}"


def _uses(event: dict[str, Any], units: set[str]) -> bool:
    """Does a planned workout have a step whose target is relative to the threshold?"""
    doc = event.get("workout_doc") or {}
    stack = list(doc.get("steps") or [])
    while stack:
        step = stack.pop()
        if not isinstance(step, dict):
            continue
        stack.extend(step.get("steps") or [])
        if any(isinstance(step.get(k), dict) and step[k].get("units") in units for k in ("power", "hr", "pace")):
            return True
    return False


async def set_thresholds(caller: Caller, sport: str, given: dict[str, Any], *, preview: bool) -> dict[str, Any]:
    """Change (or preview changing) thresholds of the settings group `sport` belongs to."""
    values = {k: v for k, v in given.items() if v is not None}
    if not values:
        raise InputError("Nothing to change: give ftp, indoor_ftp, lthr, max_hr, threshold_pace or w_prime.")
    settings = await caller.settings(fresh=True)
    group: SportSettings | None = settings_for(sport, settings.sports)
    if group is None or group.id is None:
        raise InputError(f"sport: the athlete has no {sport} settings in Intervals.icu; add them in Settings first.")
    raw = next(r for r in settings.raw_sports if r.get("id") == group.id)
    suffix = pace_suffix(sport, group.pace_units)
    new: dict[str, Any] = {}
    for key, value in values.items():
        new[key] = pace_speed(value, suffix) if key == "threshold_pace" else value
    old = {key: raw.get(key) for key in new}
    changes = [f"{key} {_shown(key, old[key], suffix)} → {_shown(key, new[key], suffix)}" for key in new]
    affected = await _affected(caller, group, set().union(*(_DRIVES[k] for k in new)))
    view = {"sport_group": list(group.types), "changes": changes, "affected_workouts": affected}
    if preview:
        return view
    write_id = await plan(
        caller, "set_thresholds", "settings", str(group.id), f"set {', '.join(changes)} for {group.types[0]}",
        before=old, after=new,
    )
    # A threshold change makes the port forget all the athlete's cached answers: later previews see the new values.
    async with in_flight(caller, [write_id]):
        await caller.deps.intervals.update_sport_settings(caller.cred, group.id, new)
    await settle(caller, write_id)
    return view


async def _affected(caller: Caller, group: SportSettings, units: set[str]) -> list[str]:
    """Planned workouts of the next weeks, in this group's sports, whose targets move with the change."""
    if not units:
        return []
    today = await caller.today()
    events = await caller.deps.intervals.list_events(
        caller.cred, today, today + timedelta(days=AFFECTED_WINDOW_DAYS), categories=["WORKOUT"]
    )
    found = []
    for event in events:
        day = parse_upstream_date(event.get("start_date_local"))
        if day is not None and event.get("type") in group.types and _uses(event, units):
            found.append(f"{day_label(day)} '{event.get('name')}' (event {event.get('id')})")
    return found
