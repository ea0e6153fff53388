"""Calendar entries other than workouts (notes, races), and deleting any planned event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from icusync.errors import InputError, UpstreamNotFound
from icusync.services.athlete import Caller
from icusync.services.writes import (
    event_day,
    event_fields,
    external_id,
    in_flight,
    ours_by_external_id,
    plan,
    refuse_foreign,
    refuse_past_event,
    settle,
    write_day,
)

ENTRY_VIEW_FIELDS = ("id", "start_date_local", "category", "type", "name")


def entry_view(event: dict[str, Any]) -> dict[str, Any]:
    return {k: event.get(k) for k in ENTRY_VIEW_FIELDS if event.get(k) is not None}


# Entry kinds and their Intervals.icu categories (a race's comes from its priority).
CATEGORIES = {"note": "NOTE", "sick": "SICK", "injured": "INJURED", "holiday": "HOLIDAY"}
MAX_ENTRY_DAYS = 92


async def add_entry(
    caller: Caller,
    *,
    kind: str,
    date: str,
    name: str,
    description: str,
    priority: str,
    sport: str,
    allow_past: bool,
    end_date: str | None = None,
) -> dict[str, Any]:
    """A note, race, or sick, injured or holiday days from `date` to `end_date` (inclusive); the same
    kind, day and name updates it instead of adding another."""
    today = await caller.today()
    day = write_day(date, today, allow_past)
    category = f"RACE_{priority}" if kind == "race" else CATEGORIES[kind]
    event: dict[str, Any] = {
        "category": category,
        "start_date_local": event_day(day),
        "name": name,
        "description": description,
        # The kind, not the priority: changing a race from B to A updates the same race.
        "external_id": external_id(caller.user.id, kind, day, name),
    }
    if kind == "race":
        event["type"] = sport
    if end_date is not None:
        last = write_day(end_date, today, allow_past, "end_date")
        if not 0 <= (last - day).days < MAX_ENTRY_DAYS:
            raise InputError(f"end_date: {last.isoformat()} must be on or after {day.isoformat()}, "
                             f"within {MAX_ENTRY_DAYS} days")
        event["end_date_local"] = event_day(last + timedelta(days=1))  # all-day entries end at next midnight
    old = (await ours_by_external_id(caller, [day])).get(event["external_id"])
    write_id = await plan(
        caller, "add_calendar_entry", "update" if old else "create", str((old or {}).get("id", "")),
        f"{'updated' if old else 'added'} {category} '{name}' on {day.isoformat()}",
        before=event_fields(old), after=event, external_id=event["external_id"],
    )
    async with in_flight(caller, [write_id]):
        saved = (await caller.deps.intervals.upsert_events(caller.cred, [event]))[0]
    await settle(caller, write_id, target=str(saved.get("id")), after=event_fields(saved))
    return saved


async def delete_event(
    caller: Caller, event_id: int, *, not_created_by_icusync: bool, allow_past: bool
) -> dict[str, Any]:
    """Delete one event, keeping what undo needs to re-create it."""
    try:
        event = await caller.deps.intervals.get_event(caller.cred, event_id)
    except UpstreamNotFound as exc:
        raise InputError(f"event_id: no calendar event {event_id}; get_calendar lists the ids.") from exc
    refuse_foreign(event, not_created_by_icusync, "deleted")
    refuse_past_event(event, await caller.today(), allow_past)
    write_id = await plan(
        caller, "delete_calendar_event", "delete", str(event_id),
        f"deleted {event.get('category')} '{event.get('name')}' on {str(event.get('start_date_local'))[:10]}",
        before=event_fields(event),
    )
    async with in_flight(caller, [write_id]):
        await caller.deps.intervals.delete_event(caller.cred, event_id)
    await settle(caller, write_id)
    return event
