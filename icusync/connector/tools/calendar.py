"""The calendar: planned workouts, races and notes, and the next race with days to go."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.render.calendar import render_calendar
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result

RACES = ("RACE_A", "RACE_B", "RACE_C")
RACE_LOOKAHEAD_DAYS = 366


class CalendarOutput(RangedOutput):
    events: dict[str, Any] = Field(description="table of events: id, date, category, sport, name, planned time/load")
    count: int
    shown: int
    by_category: dict[str, int] = Field(description="events per category (WORKOUT, RACE_A, NOTE, ...)")
    next_race: dict[str, Any] | None = Field(description="the next race: date, priority A/B/C, name, days_to_go")
    next_a_race: dict[str, Any] | None = Field(description="the next A race, when the next race is a B or C")
    note: str | None = Field(description="set when rows were left out")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_calendar",
        title="Calendar and next race",
        description=(
            "Planned workouts, races and notes by day (default: the next 4 weeks), with the next race and days to go."
            " Its event ids are what the write tools take."
        ),
        annotations=READ_ONLY,
    )
    async def get_calendar(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, CalendarOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=29, max_days=366, future=True)
            events = await caller.deps.intervals.list_events(caller.cred, span.range.start, span.range.end)
            races: list[dict[str, Any]] = []
            a_race_ahead = any(
                e.get("category") == "RACE_A" and str(e.get("start_date_local", ""))[:10] >= today.isoformat()
                for e in events
            )
            if not a_race_ahead:
                # The next race, and the next A race, may lie beyond the range: one narrow extra request.
                races = await caller.deps.intervals.list_events(
                    caller.cred, today, today + timedelta(days=RACE_LOOKAHEAD_DAYS), categories=RACES
                )
        return ranged_result(render_calendar(events, today=today, races=races), span)
