"""Changing the calendar in bulk: clear days, move them, copy them (a preview first, always)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import ONE_SHOT, require_write
from icusync.errors import InputError
from icusync.services.calendar_bulk import BulkChange, change_calendar

MAX_RANGE_DAYS = 62


class BulkOutput(Output):
    action: str
    written: bool = Field(description="false for the preview")
    events: list[str] = Field(description="every event touched")
    note: str | None = None


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="change_calendar",
        title="Clear, move or copy calendar days",
        description=(
            "Clear the planned workouts of a date range (sick, away), move them by days, or copy them (e.g. this "
            "week to next). Without confirm=true it only lists what would change. Races never move."
        ),
        annotations=ONE_SHOT,
    )
    async def change_calendar_tool(
        action: Literal["clear", "shift", "copy"],
        oldest: str,
        newest: Annotated[str | None, Field(description="default: oldest")] = None,
        days: Annotated[int, Field(ge=-28, le=28, description="for shift and copy")] = 0,
        notes: Annotated[bool, Field(description="include notes")] = False,
        confirm: bool = False,
        allow_past: bool = False,
        not_created_by_icusync: bool = False,
    ) -> Annotated[CallToolResult, BulkOutput]:
        async with kit.call() as caller:
            if confirm:
                require_write(caller)
            today = await caller.today()
            span = resolve_range(oldest, newest or oldest, today, max_days=3660, future=True)
            if (span.range.end - span.range.start).days >= MAX_RANGE_DAYS:  # a write is never cut short
                lead = f"{span.said}\n" if span.said else ""
                raise InputError(f"{lead}{span.range.start}..{span.range.end} is more than {MAX_RANGE_DAYS} "
                                 f"days; change at most {MAX_RANGE_DAYS} days at a time.")
            change = BulkChange(action, span.range.start, span.range.end, days, notes, allow_past,
                                not_created_by_icusync, confirm)
            done = await change_calendar(caller, change)
        head = ("Done" if done["written"] else "Would change") + f" ({action}, {len(done['events'])} events):"
        lines = [line for line in (span.said, span.message, head, *done["events"], done.get("note")) if line]
        return reply("\n".join(lines), done)
