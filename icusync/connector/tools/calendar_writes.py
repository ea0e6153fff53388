"""Calendar entries other than workouts: notes and races; and deleting planned events."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import parse_upstream_date
from icusync.connector.toolkit.kit import Output, ToolKit, reply, said_dates
from icusync.connector.toolkit.writing import CHANGE, UPSERT, require_write
from icusync.services import calendar_entries
from icusync.services.calendar_entries import entry_view


class EntryOutput(Output):
    written: bool
    event: dict[str, Any] = Field(description="id, date, category, name")


def _last_day(event: dict[str, Any]) -> str | None:
    """The last day an all-day entry covers: it ends at the next midnight."""
    end = parse_upstream_date(event.get("end_date_local"))
    return None if end is None else (end - timedelta(days=1)).isoformat()


def _reply(text: str, event: dict[str, Any]) -> CallToolResult:
    return reply(text, {"written": True, "event": entry_view(event)})


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="add_calendar_entry",
        title="Add a note or a race to the calendar",
        description=(
            "Add a note, a race (A = goal race), or sick, injured or holiday days; the same kind, day and name "
            "updates it."
        ),
        annotations=UPSERT,
    )
    async def add_calendar_entry(
        kind: Literal["note", "race", "sick", "injured", "holiday"],
        date: str,
        name: Annotated[str, Field(min_length=1, max_length=80)],
        description: Annotated[str, Field(max_length=2000)] = "",
        priority: Annotated[Literal["A", "B", "C"], Field(description="races")] = "B",
        sport: Annotated[Literal["Ride", "Run", "Swim", "Triathlon", "Other"], Field(description="races")] = "Run",
        end_date: Annotated[str | None, Field(description="last day, for several days")] = None,
        allow_past: bool = False,
    ) -> Annotated[CallToolResult, EntryOutput]:
        async with kit.call() as caller:
            require_write(caller)
            today = await caller.today()
            saved = await calendar_entries.add_entry(
                caller,
                kind=kind,
                date=date,
                name=name,
                description=description,
                priority=priority,
                sport=sport,
                allow_past=allow_past,
                end_date=end_date,
            )
            day = str(saved.get("start_date_local", ""))[:10]
            last = _last_day(saved) if end_date else None
            dates = said_dates(today, [(date, day), (end_date, last)])
        label = f"{priority} race" if kind == "race" else kind
        when = f"from {day} to {last}" if last else f"on {day}"
        text = f"Added {label} '{name}' {when} (event {saved.get('id')})."
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
