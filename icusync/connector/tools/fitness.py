"""Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate over a range."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.projection import planned_loads
from icusync.coach.render.fitness import render_fitness
from icusync.connector.apps import FITNESS, ui
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result


class FitnessOutput(RangedOutput):
    range: dict[str, Any] | None = Field(description="start and end dates of the series")
    resolution: str = Field(description="daily, or weekly for long ranges")
    series: dict[str, Any] = Field(description="table: date, fitness (CTL), fatigue (ATL), form (TSB), ramp, load")
    today: dict[str, Any] | None = Field(description="today's values, form band and a short reading")
    projected_to: dict[str, Any] | None = Field(None, description="the last projected day's values and band")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_fitness",
        title="Fitness, fatigue and form",
        description=(
            "Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate per day, with today's form band; days after "
            "today are projected from the planned workouts. Default: the last 6 weeks; over 60 days, weekly."
        ),
        annotations=READ_ONLY,
        meta=ui(FITNESS),
    )
    async def get_fitness(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, FitnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=42, max_days=731)
            start, end = span.range.start, span.range.end
            # Measured fitness up to today (a range wholly ahead still needs today's, to project from).
            rows = await caller.deps.intervals.list_wellness(caller.cred, min(start, today), min(end, today))
            planned = None
            if end > today:  # the weeks ahead come from the planned workouts on the calendar
                events = await caller.deps.intervals.list_events(caller.cred, today + timedelta(days=1), end)
                planned = planned_loads(events, after=today)
            settings = await caller.settings()
        rendered = render_fitness(
            rows, today=today, as_percent=settings.form_as_percent, planned=planned, until=end if end > today else None
        )
        return ranged_result(rendered, span)
