"""Changing the calendar in bulk: clear days, push them later or earlier, copy them elsewhere.

Nothing changes without `confirm`: first the exact list of what would be touched. Races stay
where they are (a race date is not the athlete's to move), notes only when asked, events
icusync did not create only when the athlete named them. A shift is many updates, so one
that fails half-way puts back what it had moved; a clear or a copy is one request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import anyio

from icusync.coach.dates import day_label, parse_upstream_date
from icusync.errors import InputError, UpstreamError, UpstreamUnavailable
from icusync.intervals.client import IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from icusync.services.athlete import Caller
from icusync.services.writes import (
    created_by_icusync,
    event_day,
    event_fields,
    external_id_on,
    in_flight,
    plan,
    settle,
)
from icusync.store.writes import Write

MAX_SHIFT_DAYS: Final = 28
# What a cleared event comes back with (the upstream assigns a new id).
RESTORED_FIELDS: Final = ("start_date_local", "category", "type", "name", "description", "indoor")
MAX_EVENTS: Final = 60


@dataclass(frozen=True)
class BulkChange:
    action: str  # "clear", "shift" or "copy"
    start: date
    end: date
    days: int = 0  # shift or copy by this many days
    notes: bool = False  # notes too, not only workouts
    allow_past: bool = False
    not_created_by_icusync: bool = False
    confirm: bool = False


def _line(event: dict[str, Any], day: date, moved_to: date | None = None) -> str:
    where = f"{day_label(day)} → {day_label(moved_to)}" if moved_to else day_label(day)
    return f"{where} {event.get('category')} '{event.get('name')}' (event {event.get('id')})"


async def _chosen(caller: Caller, change: BulkChange) -> list[tuple[dict[str, Any], date]]:
    categories = ["WORKOUT", "NOTE"] if change.notes else ["WORKOUT"]
    found = await caller.deps.intervals.list_events(caller.cred, change.start, change.end, categories=categories)
    chosen = []
    for event in found:
        day = parse_upstream_date(event.get("start_date_local"))
        if day is not None and change.start <= day <= change.end:
            chosen.append((event, day))
    if len(chosen) > MAX_EVENTS:
        raise InputError(f"{len(chosen)} events in that range; change at most {MAX_EVENTS} at a time.")
    return sorted(chosen, key=lambda pair: pair[1])


def _refusals(change: BulkChange, chosen: list[tuple[dict[str, Any], date]], today: date) -> list[str]:
    problems = []
    foreign = [e for e, _ in chosen if not created_by_icusync(e)]
    if foreign and not change.not_created_by_icusync:
        problems.append(
            f"{len(foreign)} of these events were not created by icusync (e.g. a training plan's): add "
            "not_created_by_icusync=true only if the athlete asked for exactly these"
        )
    touched = [d for _, d in chosen] + ([d + timedelta(days=change.days) for _, d in chosen] if change.days else [])
    if any(d < today for d in touched) and not change.allow_past:
        problems.append(f"some days are in the past (today is {day_label(today)}); pass allow_past=true only if "
                        "the athlete wants the past changed")
    return problems


async def change_calendar(caller: Caller, change: BulkChange) -> dict[str, Any]:
    """List (without `confirm`) or make the change; returns what it touches, in words and as data."""
    if change.action in ("shift", "copy") and not (change.days and abs(change.days) <= MAX_SHIFT_DAYS):
        limit = MAX_SHIFT_DAYS
        raise InputError(f"days: give how many days to {change.action} by, -{limit} to {limit}, not 0")
    today = await caller.today()
    chosen = await _chosen(caller, change)
    moved = change.days if change.action != "clear" else 0
    lines = [_line(e, d, d + timedelta(days=moved) if moved else None) for e, d in chosen]
    view: dict[str, Any] = {"action": change.action, "events": lines, "written": False}
    if not chosen:
        view["note"] = "nothing to change in that range (races are never moved or cleared in bulk)"
        return view
    problems = _refusals(change, chosen, today)
    if not change.confirm:
        needs = "".join(f"; {p}" for p in problems)
        view["note"] = f"preview: nothing changed yet; call again with confirm=true to do exactly this{needs}"
        return view
    if problems:
        raise InputError("Nothing was changed: " + "; ".join(problems) + ". It would touch:\n" + "\n".join(lines))
    span = f"{change.start.isoformat()}..{change.end.isoformat()}"
    if change.action == "clear":
        await _clear(caller, chosen, span)
    elif change.action == "shift":
        await _shift(caller, chosen, change.days, span)
    else:
        await _copy(caller, chosen, change.days, span)
    view["written"] = True
    return view


async def _clear(caller: Caller, chosen: list[tuple[dict[str, Any], date]], span: str) -> None:
    ids = [int(e["id"]) for e, _ in chosen]
    write_id = await plan(caller, "change_calendar", "bulk", f"clear {span}", f"cleared {len(ids)} events {span}",
                          before=[event_fields(e) for e, _ in chosen], after={"op": "clear", "ids": ids})
    async with in_flight(caller, [write_id]):
        await caller.deps.intervals.bulk_delete_events(caller.cred, [{"id": i} for i in ids])
    await settle(caller, write_id)


async def _shift(caller: Caller, chosen: list[tuple[dict[str, Any], date]], days: int, span: str) -> None:
    before, after = [], []
    for event, day in chosen:
        before.append({k: event.get(k) for k in ("id", "start_date_local", "external_id")})
        fields: dict[str, Any] = {"id": event["id"], "start_date_local": event_day(day + timedelta(days=days))}
        if created_by_icusync(event):  # keep its id in step with its new day, as update_workout does
            fields["external_id"] = external_id_on(caller.user.id, event, day + timedelta(days=days))
        after.append(fields)
    write_id = await plan(caller, "change_calendar", "bulk", f"shift {span}",
                          f"moved {len(chosen)} events {span} by {days:+d} days",
                          before=before, after={"op": "shift", "moved": after})
    sent: list[dict[str, Any]] = []
    async with in_flight(caller, [write_id]):
        try:
            for fields in after:
                sent.append(fields)
                await caller.deps.intervals.update_event(caller.cred, fields["id"], fields)
        except BaseException as exc:
            # No half-moved week: everything sent goes back (the failed one too: it may have moved).
            with anyio.CancelScope(shield=True):
                put_back = await _put_back(caller, before, sent)
            if put_back and isinstance(exc, UpstreamUnavailable):
                raise UpstreamUnavailable(f"{exc.message}; the events already moved were put back",
                                          maybe_applied=False) from exc
            raise
    await settle(caller, write_id)


async def _put_back(caller: Caller, before: list[dict[str, Any]], sent: list[dict[str, Any]]) -> bool:
    """Move the events sent back to their days; False when Intervals.icu cannot be told right now."""
    originals = {b["id"]: b for b in before}
    try:
        for fields in sent:
            await caller.deps.intervals.update_event(caller.cred, fields["id"], originals[fields["id"]])
    except UpstreamError:
        return False  # the history row stays unsettled; the next call looks at each day
    return True


async def _copy(caller: Caller, chosen: list[tuple[dict[str, Any], date]], days: int, span: str) -> None:
    # Copies made by upsert with icusync's own stable ids: a repeat lands on the same copies.
    copies = []
    for event, day in chosen:
        target = day + timedelta(days=days)
        copy = {k: event[k] for k in ("category", "type", "name", "description", "indoor") if event.get(k) is not None}
        copy.update(start_date_local=event_day(target), external_id=external_id_on(caller.user.id, event, target))
        copies.append(copy)
    external_ids = [c["external_id"] for c in copies]
    write_id = await plan(caller, "change_calendar", "bulk", f"copy {span}",
                          f"copied {len(copies)} events {span} by {days:+d} days",
                          after={"op": "copy", "external_ids": external_ids,
                                 "days": [c["start_date_local"] for c in copies]})
    async with in_flight(caller, [write_id]):
        await caller.deps.intervals.upsert_events(caller.cred, copies)
    await settle(caller, write_id)


def _restore_id(write_id: int, event: dict[str, Any]) -> str:
    own = str(event.get("external_id") or "")
    return own if created_by_icusync(event) else f"icusync-restored-{write_id}-{event.get('id')}"


async def reverse(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> str:
    """Undo one bulk change: cleared events come back (by stable ids, so a repeat restores them once),
    moved ones move back, copies go."""
    op = (w.after or {}).get("op")
    if op == "clear":
        restored = [
            {**{k: e[k] for k in RESTORED_FIELDS if e.get(k) is not None}, "external_id": _restore_id(w.id, e)}
            for e in (w.before or [])
        ]
        await api.upsert_events(cred, restored)
        return f"re-created {len(restored)} events"
    if op == "shift":
        for original in w.before or []:
            await api.update_event(cred, int(original["id"]), original)
        return f"moved {len(w.before or [])} events back"
    ids = (w.after or {}).get("external_ids") or []
    deleted = await api.bulk_delete_events(cred, [{"external_id": e} for e in ids])
    return f"deleted {deleted} copies"


async def outcome(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> bool:
    """Did an unconfirmed bulk change happen? Looked up over the days it touched."""
    after = w.after or {}
    stamps = [str(e.get("start_date_local")) for e in (w.before or [])]
    stamps += [str(e.get("start_date_local")) for e in after.get("moved", [])] + list(after.get("days", []))
    days = [d for d in (parse_upstream_date(s) for s in stamps) if d is not None]
    if not days:
        return False
    found = await api.list_events(cred, min(days), max(days))
    if after.get("op") == "clear":
        present = {e.get("id") for e in found}
        return not present & set(after.get("ids", []))
    if after.get("op") == "shift":
        now = {e.get("id"): str(e.get("start_date_local")) for e in found}
        return all(now.get(m["id"]) == m["start_date_local"] for m in after.get("moved", []))
    have = {e.get("external_id") for e in found}
    return set(after.get("external_ids", [])) <= have
