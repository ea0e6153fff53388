"""Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate over a range."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.render.fitness import render_fitness
from icusync.connector.toolkit.kit import DATE_HELP, READ_ONLY, RangedOutput, ToolKit, ranged_result


class FitnessOutput(RangedOutput):
    range: dict[str, Any] | None = Field(description="start and end dates of the series")
    resolution: str = Field(description="daily, or weekly for long ranges")
    series: dict[str, Any] = Field(description="table: date, fitness (CTL), fatigue (ATL), form (TSB), ramp, load")
    today: dict[str, Any] | None = Field(description="today's values, form band and a short reading")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_fitness",
        title="Fitness, fatigue and form",
        description=(
            "Fitness (CTL, 42-day load average), fatigue (ATL, 7-day), form (TSB = CTL - ATL) and ramp rate "
            "(CTL change per week) over a date range, with today's form band (high risk < -30, optimal -30..-10, "
            "grey -10..+5, fresh +5..+25, transition > +25) and a one-line reading. Default: the last 6 weeks; "
            "at most 2 years; ranges over 60 days come back as weekly points."
        ),
        annotations=READ_ONLY,
    )
    async def get_fitness(
        oldest: Annotated[str | None, Field(description="Start of the range. " + DATE_HELP)] = None,
        newest: Annotated[str | None, Field(description="End of the range (default today). " + DATE_HELP)] = None,
    ) -> Annotated[CallToolResult, FitnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=42, max_days=731)
            rows = await caller.deps.intervals.list_wellness(caller.cred, span.range.start, span.range.end)
            settings = await caller.settings()
        rendered = render_fitness(rows, today=today, as_percent=settings.form_as_percent)
        return ranged_result(rendered, span.message)
