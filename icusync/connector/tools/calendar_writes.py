"""Calendar entries other than workouts: notes and races; and deleting planned events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import CHANGE, UPSERT, require_write
from icusync.services import calendar_entries
from icusync.services.calendar_entries import entry_view


class EntryOutput(Output):
    written: bool
    event: dict[str, Any] = Field(description="id, date, category, name")


def _reply(text: str, event: dict[str, Any]) -> CallToolResult:
    return reply(text, {"written": True, "event": entry_view(event)})


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
            saved = await calendar_entries.add_entry(
                caller,
                kind=kind,
                date=date,
                name=name,
                description=description,
                priority=priority,
                sport=sport,
                allow_past=allow_past,
            )
        day = str(saved.get("start_date_local", ""))[:10]
        label = f"{priority} race" if kind == "race" else "note"
        return _reply(f"Added {label} '{name}' on {day} (event {saved.get('id')}).", saved)

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
            event = await calendar_entries.delete_event(
                caller, event_id, not_created_by_icusync=not_created_by_icusync, allow_past=allow_past
            )
        return _reply(f"Deleted event {event_id} ('{event.get('name')}'); undo_last_write restores it.", event)
