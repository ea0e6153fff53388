"""Logging wellness for a day, changing only the fields given."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
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
            "Record how the athlete feels on a day in Intervals.icu wellness. Only the fields given change; "
            "others stay as they are. Scales are 1-4 as in Intervals.icu: soreness, fatigue and stress 1 = low "
            "(good) to 4 = extreme; mood and motivation 1 = great to 4 = poor. Weight in kg. Default day: today; "
            "future days are refused."
        ),
        annotations=CHANGE,
    )
    async def log_wellness(
        date: Annotated[str, Field(description="Local day: ISO date, 'today' or 'yesterday'")] = "today",
        soreness: Annotated[Scale, Field(description="1 low .. 4 extreme")] = None,
        fatigue: Annotated[Scale, Field(description="1 low .. 4 extreme (how tired the athlete feels)")] = None,
        stress: Annotated[Scale, Field(description="1 low .. 4 extreme")] = None,
        mood: Annotated[Scale, Field(description="1 great .. 4 poor")] = None,
        motivation: Annotated[Scale, Field(description="1 extreme .. 4 low")] = None,
        weight: Annotated[float | None, Field(gt=20, lt=300, description="Body weight in kg")] = None,
        comments: Annotated[str | None, Field(max_length=1000, description="A note for the day")] = None,
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
        text = f"Logged for {day.isoformat()}: " + ", ".join(f"{k} {v}" for k, v in stored.items())
        return reply(text, {"written": True, "date": day.isoformat(), "fields": stored})
