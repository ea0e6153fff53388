"""What every change to the athlete's Intervals.icu data shares: date rules, stable ids and history rows."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from icusync.coach.dates import parse_date
from icusync.errors import InputError
from icusync.services.athlete import Caller
from icusync.store import writes

# Prefix of every external_id icusync sets; it marks the events icusync created.
EXTERNAL_PREFIX = "icusync-"
MAX_EVENTS_PER_CALL = 14
# What the write history keeps of an event: enough to show it and to restore it.
EVENT_FIELDS = ("id", "start_date_local", "category", "type", "name", "description", "external_id", "indoor")


def write_day(value: str, today: date, allow_past: bool, arg: str = "date") -> date:
    """A single local day; the past only when the call says so, since it rewrites history."""
    day = parse_date(value, today)
    if day < today and not allow_past:
        raise InputError(
            f"{arg}: {day.isoformat()} is in the past (today is {today.isoformat()} for this athlete). "
            "Pick today or later, or pass allow_past=true if the athlete really wants a past entry."
        )
    return day


def refuse_past_event(event: dict[str, Any], today: date, allow_past: bool) -> None:
    """Changing an entry that already happened rewrites history: only when the call says so."""
    day = str(event.get("start_date_local") or "")[:10]
    if day and day < today.isoformat() and not allow_past:
        raise InputError(
            f"Event {event.get('id')} is on {day}, in the past (today is {today.isoformat()}). "
            "Pass allow_past=true only if the athlete really wants to change it."
        )


def external_id(user_id: int, kind: str, day: date, name: str) -> str:
    """Stable per athlete, kind (e.g. "workout:Run", "race"), day and name, so the same request
    always lands on the same event."""
    digest = hashlib.sha256(f"{user_id}|{kind}|{day.isoformat()}|{name.strip().lower()}".encode()).hexdigest()
    return EXTERNAL_PREFIX + digest[:24]


def created_by_icusync(event: dict[str, Any]) -> bool:
    return str(event.get("external_id") or "").startswith(EXTERNAL_PREFIX)


def refuse_foreign(event: dict[str, Any], confirmed: bool, verb: str) -> None:
    """Events icusync did not create change only when the athlete named them (the flag says so)."""
    if not created_by_icusync(event) and not confirmed:
        raise InputError(
            f"Event {event.get('id')} ('{event.get('name')}') was not created by icusync, so it was not {verb}. "
            "Only if the athlete explicitly asked for this event, call again with not_created_by_icusync=true."
        )


def event_day(day: date) -> str:
    # Intervals.icu stores calendar entries as local midnight of their day.
    return day.isoformat() + "T00:00:00"


def event_fields(event: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of an event the history keeps."""
    return None if event is None else {k: event.get(k) for k in EVENT_FIELDS}


async def ours_by_external_id(caller: Caller, days: list[date]) -> dict[str, dict[str, Any]]:
    """icusync's events on those days, by external_id: what an upsert is about to replace."""
    found = await caller.deps.intervals.list_events(caller.cred, min(days), max(days))
    return {str(e["external_id"]): e for e in found if created_by_icusync(e)}


async def remember(
    caller: Caller, tool: str, action: str, target: str, summary: str, *, before: Any = None, after: Any = None
) -> None:
    """One history row: the dashboard lists it and undo reverses it."""
    await writes.record(
        caller.deps.db,
        caller.user.id,
        client_id=caller.client_id,
        tool=tool,
        action=action,
        target=target,
        summary=summary,
        before=before,
        after=after,
    )
