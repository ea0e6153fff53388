"""Gear: bikes, shoes and their components, the distance on each, and reminders."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.render.gear import distance_unit, render_gear
from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, result


class GearOutput(Output):
    unit: str = Field(description="distance unit: km or mi")
    items: list[dict[str, Any]] = Field(
        description="id, type, name, distance, hours, activities, retired (date), components (same shape), "
        "reminders (limits used / of / left, percent_used, status)"
    )
    retired_hidden: int
    not_shown: int


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_gear",
        title="Gear and reminders",
        description=(
            "Bikes, shoes and other gear: distance, time, activities; components under their bike; reminders "
            "with what is used and left. Retired items only with include_retired."
        ),
        annotations=READ_ONLY,
    )
    async def get_gear(include_retired: bool = False) -> Annotated[CallToolResult, GearOutput]:
        async with kit.call() as caller:
            unit = distance_unit((await caller.settings()).athlete)
            items = await caller.deps.intervals.list_gear(caller.cred)
        return result(render_gear(items, unit, include_retired=include_retired))
