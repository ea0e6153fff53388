"""Calendar entries other than workouts: notes and races; and deleting planned events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import (
    CHANGE,
    EVENT_FIELDS,
    UPSERT,
    event_day,
    external_id,
    ours_by_external_id,
    refuse_foreign,
    refuse_past_event,
    remember,
    require_write,
    write_day,
)
from icusync.errors import UpstreamNotFound


class EntryOutput(Output):
    written: bool
    event: dict[str, Any] = Field(description="id, date, category, name")


def _reply(text: str, event: dict[str, Any]) -> CallToolResult:
    view = {k: event.get(k) for k in ("id", "start_date_local", "category", "type", "name") if event.get(k) is not None}
    return reply(text, {"written": True, "event": view})


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="add_calendar_entry",
        title="Add a note or a race to the calendar",
        description=(
            "Add a note (e.g. 'travel, no training') or a race with its priority (A = goal race, B, C) to the "
            "athlete's Intervals.icu calendar on a local day. Repeating the same kind, day and name updates the "
            "entry instead of adding a second one. Past dates need allow_past=true."
        ),
        annotations=UPSERT,
    )
    async def add_calendar_entry(
        kind: Annotated[Literal["note", "race"], Field(description="A note, or a race")],
        date: Annotated[str, Field(description="Local day: ISO date (2026-12-03), 'today' or 'tomorrow'")],
        name: Annotated[str, Field(min_length=1, max_length=80, description="Title, e.g. 'Valencia Marathon'")],
        description: Annotated[str, Field(max_length=2000, description="Details (free text)")] = "",
        priority: Annotated[Literal["A", "B", "C"], Field(description="Race priority (races only)")] = "B",
        sport: Annotated[
            Literal["Ride", "Run", "Swim", "Triathlon", "Other"], Field(description="Race sport (races only)")
        ] = "Run",
        allow_past: Annotated[bool, Field(description="Allow a date before today")] = False,
    ) -> Annotated[CallToolResult, EntryOutput]:
        async with kit.call() as caller:
            require_write(caller)
            day = write_day(date, await caller.today(), allow_past)
            category = f"RACE_{priority}" if kind == "race" else "NOTE"
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
            old = (await ours_by_external_id(caller, [day])).get(event["external_id"])
            saved = (await caller.deps.intervals.upsert_events(caller.cred, [event]))[0]
            await remember(
                caller,
                "add_calendar_entry",
                "update" if old else "create",
                str(saved.get("id")),
                f"{'updated' if old else 'added'} {category} '{name}' on {day.isoformat()}",
                before=None if old is None else {k: old.get(k) for k in EVENT_FIELDS},
                after={k: saved.get(k) for k in EVENT_FIELDS},
            )
        label = f"{priority} race" if kind == "race" else "note"
        return _reply(f"Added {label} '{name}' on {day.isoformat()} (event {saved.get('id')}).", saved)

    @mcp.tool(
        name="delete_calendar_event",
        title="Delete a planned workout or entry",
        description=(
            "Delete one event from the calendar by id (from get_calendar). By default only events icusync created "
            "can be deleted; to delete anything else (e.g. a workout from a training plan), the athlete must have "
            "asked for that specific event and you pass not_created_by_icusync=true. undo_last_write can restore it."
        ),
        annotations=CHANGE,
    )
    async def delete_calendar_event(
        event_id: Annotated[int, Field(description="Event id from get_calendar")],
        not_created_by_icusync: Annotated[
            bool, Field(description="Confirm deleting an event icusync did not create (the athlete named it)")
        ] = False,
        allow_past: Annotated[bool, Field(description="Allow deleting an event dated before today")] = False,
    ) -> Annotated[CallToolResult, EntryOutput]:
        async with kit.call() as caller:
            require_write(caller)
            try:
                event = await caller.deps.intervals.get_event(caller.cred, event_id)
            except UpstreamNotFound as exc:
                raise ToolError(f"event_id: no calendar event {event_id}; get_calendar lists the ids.") from exc
            refuse_foreign(event, not_created_by_icusync, "deleted")
            refuse_past_event(event, await caller.today(), allow_past)
            await caller.deps.intervals.delete_event(caller.cred, event_id)
            await remember(
                caller,
                "delete_calendar_event",
                "delete",
                str(event_id),
                f"deleted {event.get('category')} '{event.get('name')}' on {str(event.get('start_date_local'))[:10]}",
                before={k: event.get(k) for k in EVENT_FIELDS},
            )
        return _reply(f"Deleted event {event_id} ('{event.get('name')}'); undo_last_write restores it.", event)
