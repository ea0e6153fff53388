"""Changing gear: retire an item or bring it back, rename it, add, reset or remove a reminder.

Gear is named by id or by its (unique, case-insensitive) name. A reminder's distance and hours
count the item's whole use by default ("change the chain at 3,000 km" means 3,000 km on that
chain), or from today with `from_now`; its days count from today. A reset ("I changed the chain")
starts a reminder counting again from now. Each change is recorded before it is sent and settled
after; undo puts back the old name or retired date, deletes a reminder that was added, re-creates
one that was removed and puts a reset reminder's old count back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from icusync.coach.render.gear import UNIT_METRES, distance_unit, reminder_line, reminder_view
from icusync.errors import InputError, UpstreamNotFound
from icusync.intervals.client import IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from icusync.services.athlete import Caller
from icusync.services.writes import in_flight, plan, settle
from icusync.store.writes import Write

ACTIONS: Final = ("retire", "unretire", "rename", "add_reminder", "reset_reminder", "remove_reminder")
# What a reset changes: where the reminder counts from.
RESET_FIELDS: Final = ("last_reset", "starting_distance", "starting_time", "starting_activities")
# What the history keeps of a removed reminder, to re-create it.
REMINDER_FIELDS: Final = ("name", "distance", "time", "activities", "days", "last_reset", "starting_distance",
                          "starting_time", "starting_activities")
_TARGETS: Final = ("distance", "time", "activities", "days")
SHOWN_NAMES: Final = 12


@dataclass(frozen=True)
class GearChange:
    gear: str  # id or name
    action: str
    name: str | None = None  # the new name (rename); the reminder's name (add_reminder) or name or id (remove)
    distance: float | None = None  # in the athlete's unit (km or mi)
    hours: float | None = None
    days: int | None = None
    from_now: bool = False


def find_gear(items: list[dict[str, Any]], ref: str) -> dict[str, Any]:
    """The item whose id is `ref`, or whose name is `ref` ignoring case; an error naming the choices."""
    wanted = ref.strip()
    by_id = [g for g in items if str(g.get("id")) == wanted]
    if by_id:
        return by_id[0]
    named = [g for g in items if str(g.get("name") or "").strip().casefold() == wanted.casefold()]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(str(g.get("id")) for g in named)
        raise InputError(f"gear: {len(named)} items are named '{wanted}' ({ids}); give the id instead.")
    choices = "; ".join(f"'{g.get('name')}' ({g.get('id')})" for g in items[:SHOWN_NAMES])
    more = f" and {len(items) - SHOWN_NAMES} more" if len(items) > SHOWN_NAMES else ""
    raise InputError(f"gear: no item with the id or name '{wanted}'. The athlete's gear: {choices or 'none'}{more}; "
                     "get_gear lists it all.")


def _find_reminder(gear: dict[str, Any], ref: str | None, action: str) -> dict[str, Any]:
    reminders = [r for r in gear.get("reminders") or [] if isinstance(r, dict)]
    listed = "; ".join(f"'{r.get('name')}' (id {r.get('id')})" for r in reminders)
    if not reminders:
        raise InputError(f"'{gear.get('name')}' has no reminders to {action.split('_')[0]}.")
    if not ref and len(reminders) == 1 and action == "reset_reminder":
        return reminders[0]  # "I changed the chain": its one reminder
    if not ref:
        raise InputError(f"{action}: give name, the reminder's name or id: {listed}.")
    wanted = ref.strip().casefold()
    found = [r for r in reminders if str(r.get("id")) == wanted or str(r.get("name") or "").casefold() == wanted]
    if len(found) != 1:
        what = "several reminders match" if found else "no reminder matches"
        raise InputError(f"name: {what} '{ref}' on '{gear.get('name')}'; its reminders: {listed}.")
    return found[0]


def _refuse_extras(change: GearChange) -> None:
    """Arguments another action takes would be silently ignored: say so instead."""
    extras = [k for k in ("distance", "hours", "days") if getattr(change, k) is not None]
    extras += ["from_now"] if change.from_now else []
    if change.action != "add_reminder" and extras:
        raise InputError(f"{', '.join(extras)}: only for action add_reminder; leave them out for {change.action}.")
    if change.action in ("retire", "unretire") and change.name is not None:
        raise InputError(f"name: not used by {change.action}; leave it out (use action rename to rename).")


def _reminder_payload(change: GearChange, gear: dict[str, Any], unit: str, today: date) -> dict[str, Any]:
    if change.distance is None and change.hours is None and change.days is None:
        raise InputError(f"add_reminder needs a target: distance ({unit}), hours and/or days.")
    for key in ("distance", "hours", "days"):
        value = getattr(change, key)
        if value is not None and value <= 0:
            raise InputError(f"{key}: {value} is not a target; give a number above 0.")
    payload: dict[str, Any] = {
        "name": (change.name or f"Check {gear.get('name')}").strip(),
        "distance": None if change.distance is None else round(change.distance * UNIT_METRES[unit], 1),
        "time": None if change.hours is None else round(change.hours * 3600),
        "days": change.days,
    }
    # Days count from the athlete's today; distance and hours over the item's whole use, or from today's totals.
    payload["last_reset"] = f"{today.isoformat()}T00:00:00Z"
    if change.from_now:
        payload.update(starting_distance=gear.get("distance") or 0, starting_time=gear.get("time") or 0,
                       starting_activities=gear.get("activities") or 0)
    else:
        payload.update(starting_distance=0, starting_time=0, starting_activities=0)
    return payload


async def change_gear(caller: Caller, change: GearChange) -> dict[str, Any]:
    """Apply one change; returns what changed, in words and as data."""
    if change.action not in ACTIONS:
        raise InputError(f"action: give one of {', '.join(ACTIONS)}.")
    _refuse_extras(change)
    api, cred = caller.deps.intervals, caller.cred
    items = await api.list_gear(cred)
    gear = find_gear(items, change.gear)
    gear_id, title = str(gear.get("id")), str(gear.get("name"))
    unit = distance_unit((await caller.settings()).athlete)
    if change.action == "add_reminder":
        payload = _reminder_payload(change, gear, unit, await caller.today())
        return await _add_reminder(caller, gear, payload, unit)
    if change.action == "remove_reminder":
        return await _remove_reminder(caller, gear, _find_reminder(gear, change.name, change.action))
    if change.action == "reset_reminder":
        return await _reset_reminder(caller, gear, _find_reminder(gear, change.name, change.action), unit)
    if change.action == "rename":
        new_name = (change.name or "").strip()
        if not new_name:
            raise InputError("name: give the new name for action rename.")
        if new_name == title:
            raise InputError(f"'{title}' already has that name; nothing to change.")
        clash = [g for g in items if g is not gear and str(g.get("name") or "").casefold() == new_name.casefold()]
        if clash:
            raise InputError(f"name: '{clash[0].get('name')}' ({clash[0].get('id')}) already has that name; pick "
                             "another, so each item can be named.")
        fields: dict[str, Any] = {"name": new_name}
        said = f"renamed '{title}' to '{new_name}'"
    elif change.action == "retire":
        if gear.get("retired"):
            raise InputError(f"'{title}' was already retired on {str(gear['retired'])[:10]}; nothing to change.")
        fields = {"retired": (await caller.today()).isoformat()}
        said = f"retired '{title}' ({fields['retired']})"
    else:
        if not gear.get("retired"):
            raise InputError(f"'{title}' is not retired; nothing to change.")
        fields = {"retired": None}
        said = f"brought '{title}' back into use"
    write_id = await plan(caller, "update_gear", "gear", gear_id, said,
                          before={k: gear.get(k) for k in fields}, after={"op": change.action, **fields})
    async with in_flight(caller, [write_id]):
        await api.update_gear(cred, gear_id, fields)
    await settle(caller, write_id)
    return {"gear_id": gear_id, "name": fields.get("name", title), "changed": said, "reminder": None}


async def _add_reminder(caller: Caller, gear: dict[str, Any], payload: dict[str, Any], unit: str) -> dict[str, Any]:
    gear_id, title = str(gear.get("id")), str(gear.get("name"))
    taken = {str(r.get("name") or "").casefold() for r in gear.get("reminders") or [] if isinstance(r, dict)}
    if payload["name"].casefold() in taken:
        raise InputError(f"name: '{title}' already has a reminder '{payload['name']}'; remove it first or give "
                         "another name.")
    said = f"added reminder '{payload['name']}' to '{title}'"
    write_id = await plan(caller, "update_gear", "gear", gear_id, said,
                          after={"op": "add_reminder", "reminder": payload})
    async with in_flight(caller, [write_id]):
        answered = await caller.deps.intervals.create_gear_reminder(caller.cred, gear_id, payload)
    made = _newest_like(answered, payload)
    await settle(caller, write_id, target=None if made is None else f"{gear_id}/reminder/{made.get('id')}")
    line = None if made is None else reminder_line(reminder_view(made, answered, unit))
    return {"gear_id": gear_id, "name": title, "changed": said, "reminder": line}


async def _remove_reminder(caller: Caller, gear: dict[str, Any], reminder: dict[str, Any]) -> dict[str, Any]:
    gear_id, title, rid = str(gear.get("id")), str(gear.get("name")), int(reminder["id"])
    said = f"removed reminder '{reminder.get('name')}' from '{title}'"
    write_id = await plan(caller, "update_gear", "gear", f"{gear_id}/reminder/{rid}", said,
                          before={"reminder": {k: reminder.get(k) for k in REMINDER_FIELDS}},
                          after={"op": "remove_reminder"})
    async with in_flight(caller, [write_id]):
        await caller.deps.intervals.delete_gear_reminder(caller.cred, gear_id, rid)
    await settle(caller, write_id)
    return {"gear_id": gear_id, "name": title, "changed": said, "reminder": None}


async def _reset_reminder(
    caller: Caller, gear: dict[str, Any], reminder: dict[str, Any], unit: str
) -> dict[str, Any]:
    gear_id, title, rid = str(gear.get("id")), str(gear.get("name")), int(reminder["id"])
    said = f"reset reminder '{reminder.get('name')}' on '{title}': it counts again from today"
    before = {k: reminder.get(k) for k in RESET_FIELDS}
    write_id = await plan(caller, "update_gear", "gear", f"{gear_id}/reminder/{rid}", said,
                          before=before, after={"op": "reset_reminder"})
    async with in_flight(caller, [write_id]):
        answered = await caller.deps.intervals.update_gear_reminder(caller.cred, gear_id, rid, {}, reset=True)
    now = next((r for r in answered.get("reminders") or [] if isinstance(r, dict) and r.get("id") == rid), None)
    await settle(caller, write_id, after={"op": "reset_reminder", "last_reset": (now or {}).get("last_reset")})
    line = None if now is None else reminder_line(reminder_view(now, answered, unit))
    return {"gear_id": gear_id, "name": title, "changed": said, "reminder": line}


def _same_targets(reminder: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    def close(a: Any, b: Any) -> bool:
        return (a or 0) == (b or 0) or (a is not None and b is not None and abs(float(a) - float(b)) < 0.5)

    same_name = str(reminder.get("name") or "").casefold() == str(sent.get("name") or "").casefold()
    return same_name and all(close(reminder.get(k), sent.get(k)) for k in _TARGETS)


def _newest_like(gear: Mapping[str, Any], sent: Mapping[str, Any]) -> dict[str, Any] | None:
    """The reminder on `gear` that `sent` made: the newest with its name and targets."""
    found = [r for r in gear.get("reminders") or [] if isinstance(r, dict) and _same_targets(r, sent)]
    return max(found, key=lambda r: int(r.get("id") or 0), default=None)


def _parts(target: str) -> tuple[str, int | None]:
    """ "g123/reminder/4" → ("g123", 4); "g123" → ("g123", None)."""
    gear_id, _, rest = target.partition("/reminder/")
    return gear_id, int(rest) if rest.isdigit() else None


async def reverse(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> str:
    """Undo one gear change; safe to repeat."""
    op = (w.after or {}).get("op")
    gear_id, reminder_id = _parts(w.target)
    if op == "add_reminder":
        if reminder_id is None:  # its answer was lost and never settled with the id: find it
            gear = next((g for g in await api.list_gear(cred) if str(g.get("id")) == gear_id), {})
            made = _newest_like(gear, (w.after or {}).get("reminder") or {})
            if made is None:
                return "the reminder was already gone"
            reminder_id = int(made["id"])
        try:
            await api.delete_gear_reminder(cred, gear_id, reminder_id)
        except UpstreamNotFound:
            return "the reminder was already gone"
        return "removed the reminder it added"
    if op == "remove_reminder":
        sent = {k: v for k, v in ((w.before or {}).get("reminder") or {}).items() if v is not None}
        gear = next((g for g in await api.list_gear(cred) if str(g.get("id")) == gear_id), {})
        if _newest_like(gear, sent) is not None:
            return "the reminder was already back"
        await api.create_gear_reminder(cred, gear_id, sent)
        return "re-created the reminder"
    if op == "reset_reminder" and reminder_id is not None:
        await api.update_gear_reminder(cred, gear_id, reminder_id, w.before or {})
        return "put the reminder's count back"
    await api.update_gear(cred, gear_id, w.before or {})
    return "restored the previous name" if op == "rename" else "restored the previous retired state"


async def outcome(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> tuple[bool, str | None]:
    """Did an unconfirmed gear change happen? (applied, the target it has)"""
    after: dict[str, Any] = w.after if isinstance(w.after, dict) else {}
    gear_id, reminder_id = _parts(w.target)
    gear = next((g for g in await api.list_gear(cred) if str(g.get("id")) == gear_id), None)
    if gear is None:
        return False, None
    op = after.get("op")
    if op == "add_reminder":
        made = _newest_like(gear, after.get("reminder") or {})
        return (True, f"{gear_id}/reminder/{made.get('id')}") if made is not None else (False, None)
    if op == "remove_reminder":
        present = {r.get("id") for r in gear.get("reminders") or [] if isinstance(r, dict)}
        return reminder_id not in present, w.target
    if op == "reset_reminder":
        now = next((r for r in gear.get("reminders") or [] if isinstance(r, dict) and r.get("id") == reminder_id), {})
        return now.get("last_reset") != (w.before or {}).get("last_reset"), w.target
    fields = {k: v for k, v in after.items() if k != "op"}
    held = all(str(gear.get(k) or "")[:10] == str(v or "")[:10] if k == "retired" else gear.get(k) == v
               for k, v in fields.items())
    return held, w.target
