"""What every write tool shares: the write scope, date rules, stable ids and the history row."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from icusync.coach.dates import parse_date
from icusync.connector.toolkit.context import Caller
from icusync.oauth import scopes
from icusync.store import writes

# Prefix of every external_id icusync sets; it marks the events icusync created.
EXTERNAL_PREFIX = "icusync-"
MAX_EVENTS_PER_CALL = 14
# What the write history keeps of an event: enough to show it and to restore it.
EVENT_FIELDS = ("id", "start_date_local", "category", "type", "name", "description", "external_id", "indoor")

# Creates go through an upsert keyed on a stable external_id: repeating one updates, never duplicates.
UPSERT = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=True)
CHANGE = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=True)
ONE_SHOT = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True)
APPEND = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True)


def require_write(caller: Caller) -> None:
    if scopes.WRITE not in caller.scopes:
        raise ToolError(
            "insufficient_scope: this connection was granted read-only access, so icusync cannot change the "
            "calendar or wellness. To allow writes, reconnect the connector and approve 'write' "
            f"({caller.dashboard_url})."
        )


def write_day(value: str, today: date, allow_past: bool, arg: str = "date") -> date:
    """A single local day; the past only when the call says so, since it rewrites history."""
    day = parse_date(value, today)
    if day < today and not allow_past:
        raise ToolError(
            f"{arg}: {day.isoformat()} is in the past (today is {today.isoformat()} for this athlete). "
            "Pick today or later, or pass allow_past=true if the athlete really wants a past entry."
        )
    return day


def refuse_past_event(event: dict[str, Any], today: date, allow_past: bool) -> None:
    """Changing an entry that already happened rewrites history: only when the call says so."""
    day = str(event.get("start_date_local") or "")[:10]
    if day and day < today.isoformat() and not allow_past:
        raise ToolError(
            f"Event {event.get('id')} is on {day}, in the past (today is {today.isoformat()}). "
            "Pass allow_past=true only if the athlete really wants to change it."
        )


def external_id(user_id: int, kind: str, day: date, name: str) -> str:
    """Stable per athlete, kind (e.g. "workout:Run", "race"), day and name, so the same request
    always lands on the same event."""
    digest = hashlib.sha256(f"{user_id}|{kind}|{day.isoformat()}|{name.strip().lower()}".encode()).hexdigest()
    return EXTERNAL_PREFIX + digest[:24]


async def ours_by_external_id(caller: Caller, days: list[date]) -> dict[str, dict[str, Any]]:
    """icusync's events on those days, by external_id: what an upsert is about to replace."""
    found = await caller.deps.intervals.list_events(caller.cred, min(days), max(days))
    return {str(e["external_id"]): e for e in found if created_by_icusync(e)}


def refuse_foreign(event: dict[str, Any], confirmed: bool, verb: str) -> None:
    """Events icusync did not create change only when the athlete named them (the flag says so)."""
    if not created_by_icusync(event) and not confirmed:
        raise ToolError(
            f"Event {event.get('id')} ('{event.get('name')}') was not created by icusync, so it was not {verb}. "
            "Only if the athlete explicitly asked for this event, call again with not_created_by_icusync=true."
        )


def created_by_icusync(event: dict[str, Any]) -> bool:
    return str(event.get("external_id") or "").startswith(EXTERNAL_PREFIX)


def event_day(day: date) -> str:
    # Intervals.icu stores calendar entries as local midnight of their day.
    return day.isoformat() + "T00:00:00"


async def remember(
    caller: Caller, tool: str, action: str, target: str, summary: str, *, before: Any = None, after: Any = None
) -> None:
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
