"""Gear: bikes, shoes and the rest, with components under their bike and reminders saying how much is
used and left ("2,441 of 3,000 km, 559 km left"), flagged when due soon or past due.

Distances are in the athlete's unit: miles when their Intervals.icu account measures in feet
(`measurement_preference`), kilometres otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from icusync.coach.render.rendered import Rendered
from icusync.coach.units import METRES_PER_MILE, num

UNIT_METRES: Final = {"km": 1000.0, "mi": METRES_PER_MILE}
DUE_SOON_PERCENT: Final = 90.0
MAX_TEXT = 2_800  # the answer stays under 3,000 characters; items past it are counted, not shown
# A reminder's targets: (upstream target key, its "used" key, unit shown, upstream units per unit shown).
_LIMITS: Final = (("time", "time_used", "h", 3600.0), ("activities", "activities_used", "activities", 1.0),
                  ("days", "days_used", "days", 1.0))


def distance_unit(athlete: Mapping[str, Any]) -> str:
    """ "mi" for an account set to feet and miles, else "km"."""
    return "mi" if str(athlete.get("measurement_preference") or "").lower() == "feet" else "km"


def _amount(value: float) -> float | int:
    """Whole numbers from 100 up, one decimal below (none when it is 0)."""
    shown = round(value) if abs(value) >= 100 else round(value, 1)
    return int(shown) if float(shown).is_integer() else shown


def _fmt(value: float) -> str:
    shown = _amount(value)
    return f"{shown:,}" if isinstance(shown, int) else f"{shown:,.1f}"


def status_of(percent: float | None) -> str | None:
    if percent is None:
        return None
    if percent >= 100:
        return "past due"
    return "due soon" if percent >= DUE_SOON_PERCENT else None


def _limits(reminder: Mapping[str, Any], gear: Mapping[str, Any], unit: str) -> list[dict[str, Any]]:
    """Each target the reminder has: used, of, left, in shown units. Intervals.icu's `*_used` figures
    when it gives them, else the gear's totals since the reminder's start."""
    found = []
    keys = (("distance", "distance_used", unit, UNIT_METRES[unit]), *_LIMITS)
    for key, used_key, shown, per in keys:
        target = num(reminder.get(key))
        if not target:
            continue
        used = num(reminder.get(used_key))
        if used is None and key != "days":
            used = (num(gear.get(key)) or 0.0) - (num(reminder.get(f"starting_{key}")) or 0.0)
        if used is None:
            continue
        found.append({"unit": shown, "used": _amount(used / per), "of": _amount(target / per),
                      "left": _amount((target - used) / per)})
    return found


def reminder_view(reminder: Mapping[str, Any], gear: Mapping[str, Any], unit: str) -> dict[str, Any]:
    limits = _limits(reminder, gear, unit)
    percent = num(reminder.get("percent_used"))
    if percent is None and limits:
        percent = max(lim["used"] / lim["of"] * 100 for lim in limits)
    return {"id": reminder.get("id"), "name": reminder.get("name"), "limits": limits,
            "percent_used": None if percent is None else round(percent), "status": status_of(percent)}


def reminder_line(view: Mapping[str, Any]) -> str:
    """ "'Replace chain' (reminder 3): 2,441 of 3,000 km, 559 km left (81%)", with a flag when due."""
    parts = []
    for lim in view["limits"]:
        left = lim["left"]
        tail = f"{_fmt(left)} {lim['unit']} left" if left >= 0 else f"{_fmt(-left)} {lim['unit']} over"
        parts.append(f"{_fmt(lim['used'])} of {_fmt(lim['of'])} {lim['unit']}, {tail}")
    percent = "" if view["percent_used"] is None else f" ({view['percent_used']}%)"
    flag = f" {view['status'].upper()}" if view["status"] else ""
    return f"'{view['name']}' (reminder {view['id']}): {'; '.join(parts) or 'no target'}{percent}{flag}"


def _retired(gear: Mapping[str, Any]) -> str | None:
    value = gear.get("retired")
    return str(value)[:10] if value else None


def item_view(gear: Mapping[str, Any], unit: str) -> dict[str, Any]:
    return {"id": gear.get("id"), "type": gear.get("type"), "name": gear.get("name"),
            "distance": _amount((num(gear.get("distance")) or 0.0) / UNIT_METRES[unit]),
            "hours": _amount((num(gear.get("time")) or 0.0) / 3600),
            "activities": int(num(gear.get("activities")) or 0), "retired": _retired(gear),
            "reminders": [reminder_view(r, gear, unit) for r in gear.get("reminders") or [] if isinstance(r, dict)]}


def _item_lines(view: Mapping[str, Any], unit: str, indent: str) -> list[str]:
    retired = f" (retired {view['retired']})" if view["retired"] else ""
    lines = [f"{indent}{view['type']} '{view['name']}' [{view['id']}]: {_fmt(view['distance'])} {unit}, "
             f"{_fmt(view['hours'])} h, {view['activities']} activities{retired}"]
    lines += [f"{indent}  reminder {reminder_line(r)}" for r in view["reminders"]]
    return lines


def render_gear(items: Sequence[Mapping[str, Any]], unit: str, *, include_retired: bool = False) -> Rendered:
    """Every item, components under the bike that lists them; retired ones only when asked for."""
    by_id = {str(g.get("id")): g for g in items}
    fitted = {str(c) for g in items for c in g.get("component_ids") or []}
    shown = [g for g in items if include_retired or not _retired(g)]
    hidden = len(items) - len(shown)
    views: list[dict[str, Any]] = []
    lines: list[str] = []
    left_out = 0
    for gear in shown:
        if str(gear.get("id")) in fitted:
            continue  # shown under its bike
        view = item_view(gear, unit)
        block = _item_lines(view, unit, "")
        parts = []
        for part_id in gear.get("component_ids") or []:
            part = by_id.get(str(part_id))
            if part is not None and (include_retired or not _retired(part)):
                parts.append(item_view(part, unit))
                block += _item_lines(parts[-1], unit, "  ")
        if sum(len(line) + 1 for line in lines + block) > MAX_TEXT:
            left_out += 1 + len(parts)
            continue
        view["components"] = parts
        views.append(view)
        lines += block
    due = [r["status"] for v in views for item in (v, *v["components"]) for r in item["reminders"] if r["status"]]
    head = f"Gear (distances in {unit}, times in hours):"
    if not views:
        head = "No gear" + ("" if include_retired else " in use") + "."
    if due:
        head += f" {due.count('due soon')} reminder(s) due soon, {due.count('past due')} past due."
    notes = []
    if hidden and not include_retired:
        notes.append(f"{hidden} retired item(s) hidden; include_retired=true lists them.")
    if left_out:
        notes.append(f"{left_out} more item(s) not shown (answer size).")
    data = {"unit": unit, "items": views, "retired_hidden": 0 if include_retired else hidden, "not_shown": left_out}
    return Rendered("\n".join([head, *lines, *notes]), data)
