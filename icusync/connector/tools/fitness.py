"""Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate over a range."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.render.fitness import render_fitness
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result


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
            "Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate per day, with today's form band. Default: the "
            "last 6 weeks; ranges over 60 days come weekly."
        ),
        annotations=READ_ONLY,
    )
    async def get_fitness(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, FitnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=42, max_days=731)
            rows = await caller.deps.intervals.list_wellness(caller.cred, span.range.start, span.range.end)
            settings = await caller.settings()
        rendered = render_fitness(rows, today=today, as_percent=settings.form_as_percent)
        return ranged_result(rendered, span.message)
