"""Calendar entries other than workouts: notes and races; and deleting planned events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply, said_dates
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
            "Add a note or a race (priority A = goal race, B or C) on a day; the same kind, day and name "
            "updates it instead of adding another."
        ),
        annotations=UPSERT,
    )
    async def add_calendar_entry(
        kind: Literal["note", "race"],
        date: str,
        name: Annotated[str, Field(min_length=1, max_length=80)],
        description: Annotated[str, Field(max_length=2000)] = "",
        priority: Annotated[Literal["A", "B", "C"], Field(description="races")] = "B",
        sport: Annotated[Literal["Ride", "Run", "Swim", "Triathlon", "Other"], Field(description="races")] = "Run",
        allow_past: bool = False,
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
            dates = await said_dates(caller, [(date, day)])
        label = f"{priority} race" if kind == "race" else "note"
        text = f"Added {label} '{name}' on {day} (event {saved.get('id')})."
        return _reply(f"{dates}\n{text}" if dates else text, saved)

    @mcp.tool(
        name="delete_calendar_event",
        title="Delete a planned workout or entry",
        description="Delete one calendar event by id; undo_last_write restores it.",
        annotations=CHANGE,
    )
    async def delete_calendar_event(
        event_id: int,
        not_created_by_icusync: bool = False,
        allow_past: bool = False,
    ) -> Annotated[CallToolResult, EntryOutput]:
        async with kit.call() as caller:
            require_write(caller)
            event = await calendar_entries.delete_event(
                caller, event_id, not_created_by_icusync=not_created_by_icusync, allow_past=allow_past
            )
        return _reply(f"Deleted event {event_id} ('{event.get('name')}'); undo_last_write restores it.", event)
