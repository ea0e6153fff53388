"""The demo athlete's gear: bikes with their components, a trainer, shoes, and reminders (reference §3.8).

Totals are not stored: a gear's `distance` (m), `time` (s) and `activities` are sums over the
athlete's activities that carry it in `gear`, so they always agree with the activity list. A
component (a chain, a tyre) counts its bike's activities while it was fitted: from `purchased`
to `retired`. A reminder counts the gear's use since `last_reset`, from the `starting_*` totals
it had then, and `percent_used` is the largest share of any target it has.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from icusync.demo.errors import ApiError, unprocessable
from icusync.demo.profiles import Profile

GEAR_TYPES = frozenset({
    "Bike", "Shoes", "Wetsuit", "RowingMachine", "Skis", "Snowboard", "Boat", "Board", "Equipment", "Accessories",
    "Apparel", "Computer", "Light", "Battery", "Brake", "BrakePads", "Rotor", "Drivetrain", "BottomBracket",
    "Cassette", "Chain", "Chainrings", "Crankset", "Derailleur", "Pedals", "Lever", "Cable", "Frame", "Fork",
    "Handlebar", "Headset", "Saddle", "Seatpost", "Shock", "Stem", "Axel", "Hub", "Trainer", "Tube", "Tyre", "Wheel",
    "Wheelset", "PowerMeter", "Cleats", "CyclingShoes", "Paddle",
})  # fmt: skip
# Gear fields a client may set; totals and reminders are the server's (reminders have their own routes).
WRITABLE = ("type", "name", "purchased", "notes", "use_elapsed_time", "retired", "component_ids",
            "activity_filters", "component")
REMINDER_WRITABLE = ("name", "distance", "time", "activities", "days", "last_reset", "starting_distance",
                     "starting_time", "starting_activities", "snoozed_until")
TARGETS = ("distance", "time", "activities", "days")


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _day_of(value: Any, name: str) -> str | None:
    """A date or date-time string, checked; None clears it."""
    if value is None:
        return None
    try:
        dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise unprocessable(f"Invalid {name}: {value!r}") from None
    return str(value)


def _number(value: Any, name: str, *, whole: bool = False) -> float | int | None:
    if value is None:
        return None
    ok = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not ok or value < 0:
        raise unprocessable(f"Invalid {name}: {value!r}")
    return int(value) if whole else float(value)


class GearShed:
    """One athlete's gear, over that athlete's activity list (shared, so deletions count)."""

    def __init__(self, profile: Profile, activities: list[dict[str, Any]], now: Callable[[], dt.datetime],
                 today: Callable[[], dt.date]) -> None:
        self.profile = profile
        self.items: dict[str, dict[str, Any]] = {}  # stored fields, without totals
        self.summaries: dict[str, dict[str, Any]] = {}  # what an activity's `gear` is: {id, name, distance}
        self.activities = activities
        self._now = now
        self._today = today
        self._ids = itertools.count(10_000_001 + profile.index * 1_000)
        self._reminder_ids = itertools.count(1)

    # -- reading ----------------------------------------------------------------------------------

    def get(self, gear_id: str) -> dict[str, Any]:
        gear = self.items.get(gear_id)
        if gear is None:
            raise ApiError(404, f"Gear {gear_id} not found")
        return gear

    def used_by(self, gear: dict[str, Any]) -> list[dict[str, Any]]:
        """The activities a gear's totals are summed over."""
        if not gear.get("component"):
            return [a for a in self.activities if (a.get("gear") or {}).get("id") == gear["id"]]
        bikes = {g["id"] for g in self.items.values() if gear["id"] in (g.get("component_ids") or [])}
        lo, hi = str(gear.get("purchased") or "")[:10], str(gear.get("retired") or "9999")[:10]
        return [a for a in self.activities
                if (a.get("gear") or {}).get("id") in bikes and lo <= a["start_date_local"][:10] < hi]

    def stats(self, gear: dict[str, Any]) -> dict[str, Any]:
        """`GearStats`: what `GET .../calc` answers."""
        acts = self.used_by(gear)
        return {"distance": round(sum(a.get("distance") or 0 for a in acts), 1),
                "elapsed_time": sum(a.get("elapsed_time") or 0 for a in acts),
                "moving_time": sum(a.get("moving_time") or 0 for a in acts), "activities": len(acts)}

    def out(self, gear: dict[str, Any]) -> dict[str, Any]:
        """`Gear` with its totals and each reminder's use."""
        s = self.stats(gear)
        time = s["elapsed_time"] if gear.get("use_elapsed_time") else s["moving_time"]
        totals = {"distance": s["distance"], "time": time, "activities": s["activities"]}
        reminders = [self._reminder_out(r, totals) for r in gear["reminders"]]
        return {**{k: v for k, v in gear.items() if k != "reminders"}, **totals, "reminders": reminders}

    def listing(self) -> list[dict[str, Any]]:
        return [self.out(g) for g in self.items.values()]

    def _reminder_out(self, r: dict[str, Any], totals: dict[str, Any]) -> dict[str, Any]:
        used = {"distance": totals["distance"] - (r.get("starting_distance") or 0),
                "time": totals["time"] - (r.get("starting_time") or 0),
                "activities": totals["activities"] - (r.get("starting_activities") or 0)}
        reset = dt.date.fromisoformat(str(r["last_reset"])[:10]) if r.get("last_reset") else None
        used["days"] = max(0, (self._today() - reset).days) if reset else 0
        shares = [used[k] / r[k] for k in TARGETS if r.get(k)]
        return {**r, "percent_used": round(max(shares) * 100, 1) if shares else None,
                "distance_used": round(used["distance"], 1), "time_used": used["time"],
                "activities_used": used["activities"], "days_used": used["days"]}

    # -- writing ----------------------------------------------------------------------------------

    def create(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        if payload.get("type") not in GEAR_TYPES:
            raise unprocessable(f"Invalid type: {payload.get('type')!r}")
        gear_id = f"{'b' if payload['type'] == 'Bike' else 'g'}{next(self._ids)}"  # Strava's style of gear id
        gear: dict[str, Any] = {
            "id": gear_id, "athlete_id": self.profile.athlete_id, "type": None, "name": None, "purchased": None,
            "notes": None, "use_elapsed_time": False, "retired": None, "component_ids": [], "reminders": [],
            "activity_filters": [], "component": False,
        }
        self._apply(gear, payload, new=True)
        self.items[gear_id] = gear
        self.summaries[gear_id] = {"id": gear_id, "name": gear["name"], "distance": 0.0}
        return gear

    def update(self, gear_id: str, payload: Any) -> dict[str, Any]:
        """Change the fields given; a null clears `retired`, `purchased` or `notes` (unretiring)."""
        gear = self.get(gear_id)
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        self._apply(gear, payload, new=False)
        self.summaries[gear_id]["name"] = gear["name"]
        return gear

    def _apply(self, gear: dict[str, Any], payload: dict[str, Any], *, new: bool) -> None:
        given = {k: payload[k] for k in WRITABLE if k in payload}
        changed = {**gear, **given}
        name = changed["name"]
        if not isinstance(name, str) or not name.strip():
            raise unprocessable("name is required")
        if len(name) > 80:
            raise unprocessable("Name is too long")
        if changed["type"] not in GEAR_TYPES:
            raise unprocessable(f"Invalid type: {changed['type']!r}")
        changed["retired"] = _day_of(changed["retired"], "retired")
        changed["purchased"] = _day_of(changed["purchased"], "purchased")
        parts = changed["component_ids"] or []
        if not isinstance(parts, list) or any(p not in self.items or p == gear["id"] for p in parts):
            raise unprocessable(f"Invalid component_ids: {parts!r}")
        changed["component_ids"] = list(parts)
        for flag in ("use_elapsed_time", "component"):
            changed[flag] = bool(changed[flag])
        gear.update(changed)

    def delete(self, gear_id: str) -> None:
        self.get(gear_id)
        del self.items[gear_id]
        del self.summaries[gear_id]
        for other in self.items.values():
            if gear_id in other["component_ids"]:
                other["component_ids"].remove(gear_id)
        for act in self.activities:
            if (act.get("gear") or {}).get("id") == gear_id:
                act["gear"] = None

    def add_reminder(self, gear_id: str, payload: Any) -> dict[str, Any]:
        gear = self.get(gear_id)
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        s = self.out(gear)
        reminder: dict[str, Any] = {
            "id": next(self._reminder_ids), "gear_id": gear_id, "name": None, "distance": None, "time": None,
            "activities": None, "days": None, "last_reset": _stamp(self._now()), "starting_distance": s["distance"],
            "starting_time": s["time"], "starting_activities": s["activities"], "snoozed_until": None,
        }
        self._apply_reminder(reminder, payload)
        gear["reminders"].append(reminder)
        return reminder

    def update_reminder(self, gear_id: str, reminder_id: str, payload: Any, *, reset: bool,
                        snooze_days: int) -> dict[str, Any]:
        gear = self.get(gear_id)
        reminder = self._reminder(gear, reminder_id)
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        self._apply_reminder(reminder, payload)
        if reset:
            s = self.out(gear)
            reminder.update(last_reset=_stamp(self._now()), starting_distance=s["distance"],
                            starting_time=s["time"], starting_activities=s["activities"], snoozed_until=None)
        if snooze_days > 0:
            reminder["snoozed_until"] = _stamp(self._now() + dt.timedelta(days=snooze_days))
        return gear

    def delete_reminder(self, gear_id: str, reminder_id: str) -> dict[str, Any]:
        gear = self.get(gear_id)
        gear["reminders"].remove(self._reminder(gear, reminder_id))
        return gear

    @staticmethod
    def _reminder(gear: dict[str, Any], reminder_id: str) -> dict[str, Any]:
        found: dict[str, Any] | None = next((r for r in gear["reminders"] if str(r["id"]) == reminder_id), None)
        if found is None:
            raise ApiError(404, f"Reminder {reminder_id} not found")
        return found

    @staticmethod
    def _apply_reminder(reminder: dict[str, Any], payload: dict[str, Any]) -> None:
        changed = {**reminder, **{k: payload[k] for k in REMINDER_WRITABLE if k in payload}}
        if not isinstance(changed["name"], str) or not changed["name"].strip():
            raise unprocessable("name is required")
        for key in ("distance", "time", "starting_distance", "starting_time"):
            changed[key] = _number(changed[key], key)
        for key in ("activities", "days", "starting_activities"):
            changed[key] = _number(changed[key], key, whole=True)
        if not any(changed[k] for k in TARGETS):
            raise unprocessable("A reminder needs a distance, time, activities or days")
        changed["last_reset"] = _day_of(changed["last_reset"], "last_reset")
        changed["snoozed_until"] = _day_of(changed["snoozed_until"], "snoozed_until")
        reminder.update(changed)


# -- the seeded gear --------------------------------------------------------------------------------

_RIDES = ("Ride", "GravelRide", "MountainBikeRide")


def _outdoor_ride(a: dict[str, Any]) -> bool:
    return a.get("type") in _RIDES


def _virtual_ride(a: dict[str, Any]) -> bool:
    return a.get("type") == "VirtualRide"


def _fast_run(a: dict[str, Any]) -> bool:
    return a.get("type") == "Run" and (bool(a.get("race")) or "intervals" in (a.get("tags") or []))


def _easy_run(a: dict[str, Any]) -> bool:
    return a.get("type") == "Run" and not _fast_run(a)


@dataclass(frozen=True)
class Line:
    """Items of one kind used one after another: the newest is in use, the older ones retired.

    The newest holds about `first_km` of the activities, each older one about `each_km`, the
    oldest the rest. `replace_km` adds a reminder to the one in use."""

    type: str
    names: tuple[str, ...]  # newest first
    first_km: float = 0.0
    each_km: float = 0.0
    replace_km: float | None = None
    parts: tuple[Line, ...] = ()  # components of a bike, cut over the bike's activities
    service_days: tuple[int, int] | None = None  # (every, days since the last service)


_CYCLIST = (
    (_outdoor_ride, Line("Bike", ("Canyon Endurace CF SL",), service_days=(365, 300), parts=(
        Line("Chain", ("Shimano Ultegra chain", "KMC X11 chain"), 2400, 3000, replace_km=3000),
        Line("Cassette", ("Shimano Ultegra 11-30 cassette",)),
        Line("Tyre", ("Continental GP5000 S TR tyres", "Continental GP5000 tyres"), 1500, 4000, replace_km=4000),
    ))),
    (_virtual_ride, Line("Trainer", ("Wahoo KICKR",))),
    (_easy_run, Line("Shoes", ("Nike Pegasus 40", "Nike Pegasus 39"), 740, 800, replace_km=800)),
    (_fast_run, Line("Shoes", ("Saucony Endorphin Pro 3",))),
)
_RUNNER = (
    (_easy_run, Line("Shoes", ("Brooks Ghost 15", "Brooks Ghost 14", "Brooks Ghost 13", "Brooks Ghost 12"),
                     610, 780, replace_km=800)),
    (_fast_run, Line("Shoes", ("Saucony Endorphin Speed 3",))),
    (_outdoor_ride, Line("Bike", ("Trek Domane AL 3",), service_days=(365, 380), parts=(
        Line("Chain", ("KMC X10 chain",), replace_km=3000),
    ))),
)


def _windows(acts: list[dict[str, Any]], line: Line) -> list[list[dict[str, Any]]]:
    """`acts` (oldest first) cut between days into one run per item, newest first."""
    days: dict[str, list[dict[str, Any]]] = {}
    for a in acts:
        days.setdefault(a["start_date_local"][:10], []).append(a)
    windows: list[list[dict[str, Any]]] = [[]]
    used, budget = 0.0, line.first_km * 1000
    for day in sorted(days, reverse=True):
        if used >= budget and len(windows) < len(line.names):
            windows.append([])
            used, budget = 0.0, line.each_km * 1000
        windows[-1][:0] = days[day]
        used += sum(a.get("distance") or 0 for a in days[day])
    return windows


def _seed_line(shed: GearShed, line: Line, acts: list[dict[str, Any]], start: dt.date, *,
               component: bool) -> list[dict[str, Any]]:
    """Create a line's items over `acts`; top-level items are put on their activities."""
    made: list[dict[str, Any]] = []
    windows = _windows(acts, line)
    for n, (name, window) in enumerate(zip(line.names, windows, strict=False)):
        oldest = n == len(windows) - 1
        purchased = start.isoformat() if oldest or not window else window[0]["start_date_local"][:10]
        retired = made[-1]["purchased"] if made else None  # the day the newer one took over
        gear = shed.create({"type": line.type, "name": name, "purchased": purchased, "retired": retired,
                            "component": component})
        if not component:
            summary = shed.summaries[gear["id"]]
            for a in window:
                a["gear"] = summary
            summary["distance"] = shed.stats(gear)["distance"]
        if not made and line.replace_km:
            shed.add_reminder(gear["id"], {
                "name": f"Replace {line.type.lower()}", "distance": line.replace_km * 1000,
                "last_reset": purchased + "T00:00:00.000+00:00", "starting_distance": 0, "starting_time": 0,
                "starting_activities": 0})
        made.append(gear)
    return made


def seed_gear(shed: GearShed, today: dt.date) -> None:
    """The gear an athlete of this kind owns, fitted to their activities."""
    start = today - dt.timedelta(days=430)  # before the history starts: the oldest items were bought then
    acts = [a for a in shed.activities if "moving_time" in a]  # Strava stubs show no gear
    for act in acts:
        act.setdefault("gear", None)
    for uses, line in _CYCLIST if shed.profile.index % 2 == 0 else _RUNNER:
        mine = [a for a in acts if uses(a)]
        in_use = _seed_line(shed, line, mine, start, component=False)[0]
        for part in line.parts:  # a bike's components, over the bike's activities
            made = _seed_line(shed, part, mine, start, component=True)
            shed.update(in_use["id"], {"component_ids": [*in_use["component_ids"], *(g["id"] for g in made)]})
        if line.service_days:
            every, since = line.service_days
            reset = today - dt.timedelta(days=since)
            before = [a for a in mine if a["start_date_local"][:10] < reset.isoformat()]
            shed.add_reminder(in_use["id"], {
                "name": "Service", "days": every, "last_reset": reset.isoformat() + "T00:00:00.000+00:00",
                "starting_distance": round(sum(a.get("distance") or 0 for a in before), 1),
                "starting_time": sum(a.get("moving_time") or 0 for a in before), "starting_activities": len(before)})
