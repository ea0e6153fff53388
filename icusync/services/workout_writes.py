"""Structured workouts onto the calendar or into the library: check, write, record.

Every text is parsed and resolved against the athlete's current zones before
anything is sent; one invalid workout stops the whole call with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.render.writes import workout_view
from icusync.coach.workout.check import CheckedWorkout, check_workout
from icusync.errors import InputError, UpstreamNotFound
from icusync.services.athlete import Caller
from icusync.services.writes import (
    created_by_icusync,
    event_day,
    event_fields,
    external_id,
    ours_by_external_id,
    refuse_foreign,
    refuse_past_event,
    remember,
    write_day,
)


@dataclass(frozen=True)
class WorkoutSpec:
    date: str
    sport: str
    name: str
    workout: str
    indoor: bool = False


async def _checked(
    caller: Caller, specs: list[WorkoutSpec], allow_past: bool
) -> list[tuple[WorkoutSpec, date, CheckedWorkout]]:
    today = await caller.today()
    # Fresh settings: a new FTP or threshold pace applies to the very next workout.
    settings = await caller.settings(fresh=True)
    checked = []
    for i, spec in enumerate(specs):
        day = write_day(spec.date, today, allow_past, f"workouts[{i}].date")
        checked.append((spec, day, check_workout(spec.workout, spec.sport, settings.sports, f"workouts[{i}]")))
    return checked


async def preview_workouts(caller: Caller, specs: list[WorkoutSpec], allow_past: bool) -> list[dict[str, Any]]:
    """What each workout would be on the watch; nothing is written."""
    return [
        workout_view(None, c, spec.sport, spec.name, day.isoformat())
        for spec, day, c in await _checked(caller, specs, allow_past)
    ]


async def create_workouts(caller: Caller, specs: list[WorkoutSpec], allow_past: bool) -> list[dict[str, Any]]:
    """Upsert every workout in one request (stable external ids: a repeat updates) and record each."""
    checked = await _checked(caller, specs, allow_past)
    payload: list[dict[str, Any]] = [
        {
            "category": "WORKOUT",
            "start_date_local": event_day(day),
            "type": spec.sport,
            "name": spec.name,
            "description": c.text,
            "indoor": spec.indoor,
            "external_id": external_id(caller.user.id, f"workout:{spec.sport}", day, spec.name),
        }
        for spec, day, c in checked
    ]
    ids = [p["external_id"] for p in payload]
    if len(set(ids)) < len(ids):
        raise InputError("workouts: two entries share the same date, sport and name; give each its own name.")
    before = await ours_by_external_id(caller, [day for _, day, _ in checked])
    # One bulk upsert: the upstream applies all of them or answers an error for the request.
    saved = {str(e.get("external_id")): e for e in await caller.deps.intervals.upsert_events(caller.cred, payload)}
    views = []
    for (spec, day, c), sent in zip(checked, payload, strict=True):
        event = saved.get(sent["external_id"], {})
        views.append(workout_view(event.get("id"), c, spec.sport, spec.name, day.isoformat()))
        old = before.get(sent["external_id"])
        await remember(
            caller,
            "create_workouts",
            "update" if old else "create",
            str(event.get("id")),
            f"{'updated' if old else 'created'} {spec.sport} '{spec.name}' on {day.isoformat()}",
            before=event_fields(old),
            after=event_fields(event),
        )
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
    try:
        event = await caller.deps.intervals.get_event(caller.cred, event_id)
    except UpstreamNotFound as exc:
        raise InputError(f"event_id: no calendar event {event_id}; get_calendar lists the ids.") from exc
    if event.get("category") != "WORKOUT":
        raise InputError(f"event_id: event {event_id} is a {event.get('category')}, not a planned workout.")
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
        checked = check_workout(workout, sport, settings.sports)
        changes["description"] = checked.text
    saved = await caller.deps.intervals.update_event(caller.cred, event_id, changes)
    changed = ", ".join("date" if k == "start_date_local" else k for k in changes)
    await remember(
        caller,
        "update_workout",
        "update",
        str(event_id),
        f"changed {changed} of '{event.get('name')}'",
        before={k: event.get(k) for k in changes},
        after=changes,
    )
    day = str(saved.get("start_date_local", ""))[:10]
    if checked is None:
        return {"id": event_id, "date": day, "sport": sport, "name": saved.get("name")}
    return workout_view(event_id, checked, sport, str(saved.get("name")), day)


async def save_to_library(
    caller: Caller, specs: list[WorkoutSpec], folder_id: int | None, *, preview: bool
) -> list[dict[str, Any]]:
    """Checked workouts into the athlete's library (no date); a workout with the same name and sport
    there is updated rather than added again."""
    settings = await caller.settings(fresh=True)
    checked = [
        (spec, check_workout(spec.workout, spec.sport, settings.sports, f"workouts[{i}]"))
        for i, spec in enumerate(specs)
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
        body: dict[str, Any] = {"name": spec.name, "type": spec.sport, "description": c.text, "indoor": spec.indoor}
        if folder_id is not None:
            body["folder_id"] = folder_id
        old = library.get(key)
        if old is None:
            saved = await caller.deps.intervals.create_workout(caller.cred, body)
            before, verb = None, "saved"
        else:
            saved = await caller.deps.intervals.update_workout(caller.cred, int(old["id"]), body)
            before, verb = {k: old.get(k) for k in body}, "updated"
        await remember(
            # One action for both: undo deletes a saved workout, or restores `before` of an updated one.
            caller, "create_workouts", "library", str(saved.get("id")),
            f"{verb} {spec.sport} '{spec.name}' in the library", before=before, after=body,
        )
        views.append(workout_view(saved.get("id"), c, spec.sport, spec.name, None))
    return views


def _day(start_date_local: str) -> date:
    return date.fromisoformat(start_date_local[:10])
