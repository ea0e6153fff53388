"""Setting thresholds: FTP, indoor FTP, LTHR, max HR, threshold pace, W'."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import CHANGE, require_write
from icusync.services.thresholds import set_thresholds


class ThresholdsOutput(Output):
    sport_group: list[str]
    changes: list[str] = Field(description="old → new")
    affected_workouts: list[str] = Field(description="planned workouts whose targets move with it")
    written: bool


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="set_thresholds",
        title="Set FTP, LTHR, threshold pace",
        description=(
            "Set the athlete's thresholds for a sport (e.g. a new FTP after a test). Says old and new values "
            "and which planned workouts' targets change; preview=true writes nothing."
        ),
        annotations=CHANGE,
    )
    async def set_thresholds_tool(
        sport: Literal["Ride", "Run", "Swim"],
        ftp: Annotated[int | None, Field(ge=30, le=2000)] = None,
        indoor_ftp: Annotated[int | None, Field(ge=30, le=2000)] = None,
        lthr: Annotated[int | None, Field(ge=60, le=230)] = None,
        max_hr: Annotated[int | None, Field(ge=80, le=240)] = None,
        threshold_pace: Annotated[str | None, Field(description="e.g. 4:05/km")] = None,
        w_prime: Annotated[int | None, Field(ge=1000, le=100000, description="J")] = None,
        preview: bool = False,
    ) -> Annotated[CallToolResult, ThresholdsOutput]:
        given = {"ftp": ftp, "indoor_ftp": indoor_ftp, "lthr": lthr, "max_hr": max_hr,
                 "threshold_pace": threshold_pace, "w_prime": w_prime}
        async with kit.call() as caller:
            if not preview:
                require_write(caller)
            done = await set_thresholds(caller, sport, given, preview=preview)
        lead = "Preview, nothing changed:" if preview else "Set in Intervals.icu:"
        affected = done["affected_workouts"]
        lines = [f"{lead} {'; '.join(done['changes'])} ({', '.join(done['sport_group'])})",
                 f"Planned workouts whose targets change ({len(affected)}):" if affected
                 else "No planned workout in the next 6 weeks uses these thresholds.", *affected]
        return reply("\n".join(lines), {**done, "written": not preview})
