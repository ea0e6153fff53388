"""What every change to the athlete's Intervals.icu data shares: date rules, stable ids and history rows.

A change is recorded before it is sent (`plan`) and settled after (`settle`): when the
answer is lost on the way back (a timeout, a dropped connection), the row stays
"uncertain", the dashboard shows it, and `services.reconcile` finds out later whether
Intervals.icu applied it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import anyio

from icusync.coach.dates import parse_date
from icusync.errors import InputError, UpstreamNotFound, UpstreamUnavailable
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


def entry_kind(event: dict[str, Any]) -> str:
    """The kind part of an event's external_id: "workout:Run", "race", "note" or the category."""
    category = str(event.get("category") or "")
    if category == "WORKOUT":
        return f"workout:{event.get('type') or 'Ride'}"
    if category.startswith("RACE_"):
        return "race"
    return "note" if category == "NOTE" else category.lower()


def external_id_on(user_id: int, event: dict[str, Any], day: date) -> str:
    """The external_id icusync gives `event` when it sits on `day` (moved or copied there)."""
    return external_id(user_id, entry_kind(event), day, str(event.get("name") or ""))


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


async def plan(
    caller: Caller,
    tool: str,
    action: str,
    target: str,
    summary: str,
    *,
    before: Any = None,
    after: Any = None,
    external_id: str | None = None,
) -> int:
    """The history row of a change about to be sent ("pending"); settle it once the answer is in.
    A change to a coached athlete's data names them, in the summary and the row, so it shows in
    their history too."""
    other = caller.subject if caller.for_other else None
    caller.deps.unsettled.changing(caller.user.id)
    return await writes.record(
        caller.deps.db,
        caller.user.id,
        client_id=caller.client_id,
        tool=tool,
        action=action,
        target=target,
        summary=f"{summary} for {other.label}" if other else summary,
        before=before,
        after=after,
        status="pending",
        external_id=external_id,
        athlete_id=caller.cred.athlete_id if other else None,
    )


async def settle(
    caller: Caller, write_id: int, *, target: str | None = None, after: Any = None, note: str | None = None
) -> None:
    """Intervals.icu applied the change: the row is done, with what it answered."""
    await writes.settle(caller.deps.db, caller.user.id, write_id, target=target, after=after, note=note)


@contextlib.asynccontextmanager
async def in_flight(caller: Caller, write_ids: list[int]) -> AsyncIterator[None]:
    """Around the request that carries planned changes: if it fails, the rows become "uncertain" when
    Intervals.icu may have applied it anyway, and are dropped when it certainly did not."""
    try:
        yield
    except BaseException as exc:
        # Shielded: a cancelled call (the client went away) must still leave its history right.
        with anyio.CancelScope(shield=True):
            if _maybe_applied(exc):
                caller.deps.unsettled.changing(caller.user.id)
                for write_id in write_ids:
                    await writes.settle(caller.deps.db, caller.user.id, write_id, status="uncertain")
            else:
                await writes.discard(caller.deps.db, caller.user.id, write_ids)
        raise


def _maybe_applied(exc: BaseException) -> bool:
    if isinstance(exc, UpstreamUnavailable):
        return exc.maybe_applied
    # Cancelled mid-request: the request may have gone out already.
    return isinstance(exc, anyio.get_cancelled_exc_class())


async def planned_workout(caller: Caller, event_id: int, argument: str) -> dict[str, Any]:
    """The calendar event `argument` names, which must be a planned workout."""
    try:
        event = await caller.deps.intervals.get_event(caller.cred, event_id)
    except UpstreamNotFound as exc:
        raise InputError(f"{argument}: no calendar event {event_id}; get_calendar lists the ids.") from exc
    if event.get("category") != "WORKOUT":
        raise InputError(f"{argument}: event {event_id} is a {event.get('category')}, not a planned workout.")
    return event
