"""Best efforts: power, pace and HR curves over a window, optionally against another."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import DateRange, resolve_range
from icusync.coach.render.curves import render_curves
from icusync.connector.apps import BEST_EFFORTS, ui
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result

DEFAULT_SPORT = {"power": "Ride", "pace": "Run", "hr": "Run"}


class CurvesOutput(RangedOutput):
    kind: str = Field(description="power, pace or hr")
    unit: str = Field(description="W, s (time to cover the distance) or bpm")
    curves: list[dict[str, Any]] = Field(description="the windows compared, labelled A and B")
    efforts: dict[str, Any] = Field(description="table: duration or distance, best per window, activity, deltas")
    approximate: list[str] = Field(description="values read from a slightly longer effort (never extrapolated)")


def curve_id(r: DateRange) -> str:
    return f"r.{r.start.isoformat()}.{r.end.isoformat()}"


def compare_window(r: DateRange, compare: str) -> DateRange | None:
    if compare == "previous_period":
        length = timedelta(days=r.days)
        return DateRange(r.start - length, r.end - length)
    if compare == "last_year":

        def back(d: date) -> date:
            return d.replace(year=d.year - 1, day=28 if (d.month, d.day) == (2, 29) else d.day)

        return DateRange(back(r.start), back(r.end))
    return None


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_best_efforts",
        title="Best efforts and curves",
        description=(
            "Best power, pace or HR efforts in a window (default the last 6 weeks), with their activities; compare "
            "adds the window before or last year's."
        ),
        annotations=READ_ONLY,
        meta=ui(BEST_EFFORTS),
    )
    async def get_best_efforts(
        kind: Literal["power", "pace", "hr"] = "power",
        sport: Annotated[
            Literal["Ride", "Run", "Swim"] | None, Field(description="default: Ride for power, else Run")
        ] = None,
        oldest: Oldest = None,
        newest: Newest = None,
        compare: Literal["none", "previous_period", "last_year"] = "none",
    ) -> Annotated[CallToolResult, CurvesOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=42, max_days=3 * 366)
            windows = [span.range]
            other = compare_window(span.range, compare)
            if other is not None:
                windows.append(other)
            fetch = {
                "power": caller.deps.intervals.power_curves,
                "pace": caller.deps.intervals.pace_curves,
                "hr": caller.deps.intervals.hr_curves,
            }[kind]
            # Both windows in one request: the curves parameter takes a list.
            payload = await fetch(caller.cred, sport or DEFAULT_SPORT[kind], [curve_id(w) for w in windows])
        return ranged_result(render_curves(payload, kind), span)
