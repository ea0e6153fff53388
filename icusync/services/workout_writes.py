"""Structured workouts onto the calendar or into the library: check, record, write, read back.

Every text is parsed and resolved against the athlete's current zones before anything is
sent; one invalid workout stops the whole call with nothing written. After the write the
workouts are read back and Intervals.icu's own reading compared with icusync's: a
difference is said in the reply and kept in the history, never reported as a success.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.render.writes import workout_view
from icusync.coach.workout.check import CheckedWorkout, check_workout
from icusync.coach.workout.verify import differences, load_note
from icusync.errors import InputError, UpstreamError, UpstreamNotFound
from icusync.services.athlete import Caller
from icusync.services.writes import (
    created_by_icusync,
    event_day,
    event_fields,
    external_id,
    in_flight,
    ours_by_external_id,
    plan,
    planned_workout,
    refuse_foreign,
    refuse_past_event,
    settle,
    write_day,
)


@dataclass(frozen=True)
class WorkoutSpec:
    date: str | None
    sport: str | None
    name: str | None
    workout: str | None
    indoor: bool = False
    library_id: int | None = None


@dataclass(frozen=True)
class Planned:
    """A spec made whole: its text from the library when it names a library workout."""

    date: str | None
    sport: str
    name: str
    workout: str
    indoor: bool

    @property
    def is_indoor(self) -> bool:
        """Virtual sports are indoor sessions; Intervals.icu resolves them against the indoor FTP."""
        return self.indoor or self.sport.startswith("Virtual")


async def _whole(caller: Caller, specs: list[WorkoutSpec]) -> list[Planned]:
    out = []
    for i, spec in enumerate(specs):
        if spec.library_id is not None:
            try:
                saved = await caller.deps.intervals.get_workout(caller.cred, spec.library_id)
            except UpstreamNotFound as exc:
                raise InputError(f"workouts[{i}].library_id: no library workout {spec.library_id}; "
                                 "get_library lists them.") from exc
            text, sport = str(saved.get("description") or ""), str(saved.get("type") or spec.sport or "Ride")
            name = spec.name or str(saved.get("name") or "Library workout")
            out.append(Planned(spec.date, sport, name, text, spec.indoor or bool(saved.get("indoor"))))
        elif spec.sport and spec.name and spec.workout:
            out.append(Planned(spec.date, spec.sport, spec.name, spec.workout, spec.indoor))
        else:
            raise InputError(f"workouts[{i}]: give sport, name and workout, or a library_id (from get_library).")
    return out


# When the reading back fails after a change went through.
UNCHECKED = "written; Intervals.icu did not answer when asked to read it back, so its reading was not compared"


def read_back(checked: CheckedWorkout, upstream: dict[str, Any] | None) -> tuple[list[str], str | None]:
    """(how Intervals.icu's reading of the steps differs from ours, a note on its load) for one workout."""
    if upstream is None:
        return ["Intervals.icu did not return the workout when it was read back"], None
    found = differences(checked.workout, upstream.get("workout_doc"), default_per=checked.pace_unit)
    return found, None if found else load_note(checked.resolved.load, upstream.get("icu_training_load"))


def _verified_view(view: dict[str, Any], found: list[str], load: str | None) -> tuple[dict[str, Any], str | None]:
    """The view with what the read-back found, and the history note for it."""
    if found:
        view["intervals_reads_differently"] = found
        return view, "Intervals.icu read it differently: " + "; ".join(found)
    if load:
        view["note"] = load
    return view, None


async def _checked(
    caller: Caller, specs: list[WorkoutSpec], allow_past: bool
) -> list[tuple[Planned, date, CheckedWorkout]]:
    # Fresh settings first: a new FTP, threshold pace or timezone applies to the very next workout.
    settings = await caller.settings(fresh=True)
    today = await caller.today()
    checked = []
    for i, spec in enumerate(await _whole(caller, specs)):
        if spec.date is None:
            raise InputError(f"workouts[{i}].date: a calendar workout needs a date (or pass to_library=true)")
        day = write_day(spec.date, today, allow_past, f"workouts[{i}].date")
        label = f"workouts[{i}]"
        checked.append((spec, day, check_workout(spec.workout, spec.sport, settings.sports, label,
                                                 indoor=spec.is_indoor)))
    return checked


async def preview_workouts(caller: Caller, specs: list[WorkoutSpec], allow_past: bool) -> list[dict[str, Any]]:
    """What each workout would be on the watch; nothing is written."""
    return [
        workout_view(None, c, spec.sport, spec.name, day.isoformat())
        for spec, day, c in await _checked(caller, specs, allow_past)
    ]


async def create_workouts(caller: Caller, specs: list[WorkoutSpec], allow_past: bool) -> list[dict[str, Any]]:
    """Upsert every workout in one request (stable external ids: a repeat updates), then read them back."""
    checked = await _checked(caller, specs, allow_past)
    payload: list[dict[str, Any]] = [
        {
            "category": "WORKOUT",
            "start_date_local": event_day(day),
            "type": spec.sport,
            "name": spec.name,
            "description": c.text,
            "indoor": spec.is_indoor,
            "external_id": external_id(caller.user.id, f"workout:{spec.sport}", day, spec.name),
        }
        for spec, day, c in checked
    ]
    ids = [p["external_id"] for p in payload]
    if len(set(ids)) < len(ids):
        raise InputError("workouts: two entries share the same date, sport and name; give each its own name.")
    days = [day for _, day, _ in checked]
    before = await ours_by_external_id(caller, days)
    planned = []
    for (spec, day, _), sent in zip(checked, payload, strict=True):
        old = before.get(sent["external_id"])
        verb = "updated" if old else "created"
        planned.append(await plan(
            caller, "create_workouts", "update" if old else "create", str((old or {}).get("id", "")),
            f"{verb} {spec.sport} '{spec.name}' on {day.isoformat()}",
            before=event_fields(old), after=sent, external_id=sent["external_id"],
        ))
    async with in_flight(caller, planned):
        # One bulk upsert: the upstream applies all of them or answers an error for the request.
        await caller.deps.intervals.upsert_events(caller.cred, payload)
    for write_id in planned:  # they happened, whatever the reading back below finds
        await settle(caller, write_id)
    # Read back what Intervals.icu stored and compare its reading of each workout with ours.
    try:
        stored: dict[str, dict[str, Any]] | None = await ours_by_external_id(caller, days)
    except UpstreamError:
        stored = None  # written all the same: say so, unchecked, rather than report a failure
    views = []
    for (spec, day, c), sent, write_id in zip(checked, payload, planned, strict=True):
        event = None if stored is None else stored.get(sent["external_id"])
        view = workout_view((event or {}).get("id"), c, spec.sport, spec.name, day.isoformat())
        if stored is None:
            view["note"] = UNCHECKED
        else:
            view, note = _verified_view(view, *read_back(c, event))
            await settle(caller, write_id, target=str((event or {}).get("id", "")), after=event_fields(event),
                         note=note)
        views.append(view)
    return views


async def update_workout(
    caller: Caller,
    event_id: int,
    *,
    date: str | None,
    name: str | None,
    workout: str | None,
    allow_past: bool,
    not_created_by_icusync: bool,
) -> dict[str, Any]:
    """Move, rename or re-step one planned workout; an invalid text changes nothing."""
    if date is None and name is None and workout is None:
        raise InputError("Nothing to change: give date, name and/or workout.")
    today = await caller.today()
    event = await planned_workout(caller, event_id, "event_id")
    refuse_foreign(event, not_created_by_icusync, "changed")
    refuse_past_event(event, today, allow_past)
    sport = str(event.get("type") or "Ride")
    changes: dict[str, Any] = {}
    if date is not None:
        changes["start_date_local"] = event_day(write_day(date, today, allow_past))
    if name is not None:
        changes["name"] = name
    if created_by_icusync(event) and (date is not None or name is not None):
        # Keep the id in step with the new date and name, so create_workouts with those
        # later updates this event instead of adding a second one.
        new_day = _day(changes.get("start_date_local", event["start_date_local"]))
        changes["external_id"] = external_id(
            caller.user.id, f"workout:{sport}", new_day, changes.get("name", event.get("name") or "")
        )
    checked = None
    if workout is not None:
        settings = await caller.settings(fresh=True)
        indoor = bool(event.get("indoor")) or sport.startswith("Virtual")
        checked = check_workout(workout, sport, settings.sports, indoor=indoor)
        changes["description"] = checked.text
    changed = ", ".join("date" if k == "start_date_local" else k for k in changes)
    write_id = await plan(
        caller, "update_workout", "update", str(event_id), f"changed {changed} of '{event.get('name')}'",
        before={k: event.get(k) for k in changes}, after=changes, external_id=changes.get("external_id"),
    )
    async with in_flight(caller, [write_id]):
        answered = await caller.deps.intervals.update_event(caller.cred, event_id, changes)
    await settle(caller, write_id)  # it happened, whatever the reading back below finds
    shown = {**event, **changes, **answered}
    day, title = str(shown.get("start_date_local", ""))[:10], str(shown.get("name"))
    if checked is None:
        return {"id": event_id, "date": day, "sport": sport, "name": title}
    try:
        saved = await caller.deps.intervals.get_event(caller.cred, event_id)  # the steps as Intervals.icu read them
    except UpstreamError:
        return workout_view(event_id, checked, sport, title, day) | {"note": UNCHECKED}
    view, note = _verified_view(workout_view(event_id, checked, sport, title, day), *read_back(checked, saved))
    await settle(caller, write_id, note=note)
    return view


async def save_to_library(
    caller: Caller, specs: list[WorkoutSpec], folder_id: int | None, *, preview: bool
) -> list[dict[str, Any]]:
    """Checked workouts into the athlete's library (no date); a workout with the same name and sport
    there is updated rather than added again."""
    settings = await caller.settings(fresh=True)
    checked = [
        (spec, check_workout(spec.workout, spec.sport, settings.sports, f"workouts[{i}]", indoor=spec.is_indoor))
        for i, spec in enumerate(await _whole(caller, specs))
    ]
    if preview:
        return [workout_view(None, c, spec.sport, spec.name, None) for spec, c in checked]
    keys = [(spec.name.strip().lower(), spec.sport) for spec, _ in checked]
    if len(set(keys)) < len(keys):
        raise InputError("workouts: two entries share the same sport and name; give each its own name.")
    library = {
        (str(w.get("name") or "").strip().lower(), w.get("type")): w
        for w in await caller.deps.intervals.list_workouts(caller.cred)
    }
    views = []
    for (spec, c), key in zip(checked, keys, strict=True):
        body: dict[str, Any] = {"name": spec.name, "type": spec.sport, "description": c.text, "indoor": spec.is_indoor}
        if folder_id is not None:
            body["folder_id"] = folder_id
        old = library.get(key)
        # One action for both: undo deletes a saved workout, or restores `before` of an updated one.
        write_id = await plan(
            caller, "create_workouts", "library", str((old or {}).get("id", "")),
            f"{'updated' if old else 'saved'} {spec.sport} '{spec.name}' in the library",
            before=None if old is None else {k: old.get(k) for k in body}, after=body,
        )
        async with in_flight(caller, [write_id]):
            if old is None:
                saved = await caller.deps.intervals.create_workout(caller.cred, body)
            else:
                saved = await caller.deps.intervals.update_workout(caller.cred, int(old["id"]), body)
        view, note = _verified_view(workout_view(saved.get("id"), c, spec.sport, spec.name, None),
                                    *read_back(c, saved))
        await settle(caller, write_id, target=str(saved.get("id")), note=note)
        views.append(view)
    return views


def _day(start_date_local: str) -> date:
    return date.fromisoformat(start_date_local[:10])
