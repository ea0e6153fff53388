"""Training summary by week and sport."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.projection import daily_loads
from icusync.coach.render.rendered import is_strava_stub
from icusync.coach.render.summary import render_training_summary
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result


class SummaryOutput(RangedOutput):
    range: dict[str, Any] | None = Field(description="start and end dates")
    weeks: dict[str, Any] = Field(description="table per ISO week: sessions, time_h, distance_km, load")
    by_sport: dict[str, Any] = Field(description="table per week and sport")
    sports: dict[str, Any] = Field(description="table per sport over the whole range")
    total: dict[str, Any] = Field(description="sessions, time_h, distance_km, load over the range")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_training_summary",
        title="Training summary by week and sport",
        description=(
            "Sessions, time, distance and load per week and per sport. Default: the last 4 weeks."
        ),
        annotations=READ_ONLY,
    )
    async def get_training_summary(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, SummaryOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=28, max_days=366)
            activities = await caller.deps.intervals.list_activities(caller.cred, span.range.start, span.range.end)
            day_loads = None
            if any(is_strava_stub(a) for a in activities):
                # Strava imports carry no load in the API; the fitness model's daily load has it.
                wellness = await caller.deps.intervals.list_wellness(caller.cred, span.range.start, span.range.end)
                day_loads = daily_loads(wellness)
        rendered = render_training_summary(activities, start=span.range.start, end=span.range.end, day_loads=day_loads)
        return ranged_result(rendered, span)
