"""Logging wellness for a day, changing only the fields given."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply, said_dates
from icusync.connector.toolkit.writing import CHANGE, require_write
from icusync.services import wellness_log

Scale = Annotated[int | None, Field(ge=1, le=4)]


class WellnessWriteOutput(Output):
    written: bool
    date: str
    fields: dict[str, Any] = Field(description="the values now stored for the fields given")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="log_wellness",
        title="Log wellness for a day",
        description=(
            "Record a day's wellness (default today); only the fields given change. Feelings on Intervals.icu's "
            "1-4 scales, 1 the best: soreness, fatigue, stress 1 low..4 extreme; mood, motivation 1 great..4 poor."
        ),
        annotations=CHANGE,
    )
    async def log_wellness(
        date: str = "today",
        soreness: Scale = None,
        fatigue: Scale = None,
        stress: Scale = None,
        mood: Scale = None,
        motivation: Scale = None,
        weight: Annotated[float | None, Field(gt=20, lt=300, description="kg")] = None,
        comments: Annotated[str | None, Field(max_length=1000)] = None,
    ) -> Annotated[CallToolResult, WellnessWriteOutput]:
        fields = {
            k: v
            for k, v in {
                "soreness": soreness,
                "fatigue": fatigue,
                "stress": stress,
                "mood": mood,
                "motivation": motivation,
                "weight": weight,
                "comments": comments,
            }.items()
            if v is not None
        }
        async with kit.call() as caller:
            require_write(caller)
            day, stored = await wellness_log.log_wellness(caller, date, fields)
            dates = await said_dates(caller, [(date, day.isoformat())])
        text = f"Logged for {day.isoformat()}: " + ", ".join(f"{k} {v}" for k, v in stored.items())
        text = f"{dates}\n{text}" if dates else text
        return reply(text, {"written": True, "date": day.isoformat(), "fields": stored})
