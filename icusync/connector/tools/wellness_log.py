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
            "Record a day's wellness (default today); only fields given change. Scales 1-4, 1 best: soreness, "
            "fatigue, stress, injury (low..extreme), mood, motivation, sleep_quality (great..poor)."
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
        injury: Scale = None,
        sleep_quality: Scale = None,
        sleep_hours: Annotated[float | None, Field(ge=0, le=24)] = None,
        hrv: Annotated[float | None, Field(gt=0, lt=300, description="rMSSD ms")] = None,
        resting_hr: Annotated[int | None, Field(gt=20, lt=150)] = None,
        weight: Annotated[float | None, Field(gt=20, lt=300, description="kg")] = None,
        comments: Annotated[str | None, Field(max_length=1000)] = None,
    ) -> Annotated[CallToolResult, WellnessWriteOutput]:
        given = {
            "soreness": soreness, "fatigue": fatigue, "stress": stress, "mood": mood, "motivation": motivation,
            "injury": injury, "sleepQuality": sleep_quality, "hrv": hrv, "restingHR": resting_hr, "weight": weight,
            "comments": comments, "sleepSecs": None if sleep_hours is None else round(sleep_hours * 3600),
        }
        fields = {k: v for k, v in given.items() if v is not None}
        async with kit.call() as caller:
            require_write(caller)
            today = await caller.today()
            day, stored = await wellness_log.log_wellness(caller, date, fields)
            dates = said_dates(today, [(date, day.isoformat())])
        text = f"Logged for {day.isoformat()}: " + ", ".join(_shown(k, v) for k, v in stored.items())
        text = f"{dates}\n{text}" if dates else text
        return reply(text, {"written": True, "date": day.isoformat(), "fields": stored})


def _shown(key: str, value: Any) -> str:
    """A logged value in the athlete's words: sleep in hours, scales with their scale."""
    if key == "sleepSecs":
        return f"sleep {value / 3600:.1f} h"
    names = {"sleepQuality": "sleep quality", "restingHR": "resting HR", "hrv": "HRV"}
    units = {"restingHR": " bpm", "hrv": " ms", "weight": " kg"}
    scale = "/4" if key in ("soreness", "fatigue", "stress", "mood", "motivation", "injury", "sleepQuality") else ""
    return f"{names.get(key, key)} {value}{scale}{units.get(key, '')}"
