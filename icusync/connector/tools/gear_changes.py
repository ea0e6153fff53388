"""Changing gear: retire or unretire, rename, add, reset or remove a reminder."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import CHANGE, require_write
from icusync.services.gear import GearChange, change_gear


class GearChangeOutput(Output):
    gear_id: str
    name: str
    changed: str
    reminder: str | None = Field(description="the new reminder: used, target, left")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="update_gear",
        title="Retire, rename, gear reminders",
        description=(
            "Retire, unretire or rename gear; add, reset (part replaced) or remove a reminder. Reminder distance "
            "and hours count the item's whole use (from today if from_now), days from today."
        ),
        annotations=CHANGE,
    )
    async def update_gear(
        gear: Annotated[str, Field(description="id or name")],
        action: Literal["retire", "unretire", "rename", "add_reminder", "reset_reminder", "remove_reminder"],
        name: Annotated[str | None, Field(min_length=1, max_length=80, description="new name; reminder name or id")]
        = None,
        distance: Annotated[float | None, Field(gt=0, description="km, or mi as get_gear shows")] = None,
        hours: Annotated[float | None, Field(gt=0)] = None,
        days: Annotated[int | None, Field(gt=0)] = None,
        from_now: bool = False,
    ) -> Annotated[CallToolResult, GearChangeOutput]:
        change = GearChange(gear, action, name, distance, hours, days, from_now)
        async with kit.call() as caller:
            require_write(caller)
            done = await change_gear(caller, change)
        text = f"Done in Intervals.icu: {done['changed']}." + (f"\nReminder {done['reminder']}" if done["reminder"]
                                                                 else "")
        return reply(text, done)
