"""Wellness over a range, each value against the athlete's own recent baseline."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.baseline import window_start
from icusync.coach.dates import resolve_range
from icusync.coach.render.wellness import render_wellness
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result


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
            "HRV, resting HR, sleep, weight and the 1-4 feelings per day, each flagged against the athlete's 28-day "
            "baseline. Default: the last 14 days."
        ),
        annotations=READ_ONLY,
    )
    async def get_wellness(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, WellnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=14, max_days=366)
            # One request covers the range and the 28 days before it that form the baseline.
            rows = await caller.deps.intervals.list_wellness(
                caller.cred, window_start(span.range.start), span.range.end
            )
        return ranged_result(render_wellness(rows, since=span.range.start), span)
