"""Wellness over a range, each value against the athlete's own recent baseline."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.baseline import window_start
from icusync.coach.dates import resolve_range
from icusync.coach.render.wellness import render_wellness
from icusync.connector.toolkit.kit import DATE_HELP, READ_ONLY, RangedOutput, ToolKit, ranged_result


class WellnessOutput(RangedOutput):
    range: dict[str, Any] | None = Field(description="start and end dates")
    resolution: str = Field(description="daily, or weekly means for long ranges")
    table: dict[str, Any] = Field(description="table: date, each metric with its unit, flags")
    baseline: dict[str, Any] | None = Field(description="the last day against the baseline: mean, sd, delta, z")
    baseline_rule: str = Field(description="how the baseline is computed")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_wellness",
        title="Wellness against baseline",
        description=(
            "Daily wellness: HRV (rMSSD, ms), resting HR (bpm), sleep (h, score), weight (kg), and subjective "
            "soreness, fatigue, stress, mood, motivation (1-4 scales, 1 is best for soreness/fatigue/stress) where "
            "recorded. Each value is compared with the athlete's mean and SD over the previous 28 days and "
            "flagged when more than 1 SD worse. Use it to explain a hard session or judge readiness. Default: the "
            "last 14 days; at most 1 year (long ranges as weekly means)."
        ),
        annotations=READ_ONLY,
    )
    async def get_wellness(
        oldest: Annotated[str | None, Field(description="Start of the range. " + DATE_HELP)] = None,
        newest: Annotated[str | None, Field(description="End of the range (default today). " + DATE_HELP)] = None,
    ) -> Annotated[CallToolResult, WellnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=14, max_days=366)
            # One request covers the range and the 28 days before it that form the baseline.
            rows = await caller.deps.intervals.list_wellness(
                caller.cred, window_start(span.range.start), span.range.end
            )
        return ranged_result(render_wellness(rows, since=span.range.start), span.message)
