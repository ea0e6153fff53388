"""The athlete: profile, thresholds and zones per sport."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.fitness import CTL_DAYS
from icusync.coach.render.athlete import render_athlete
from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, result


class AthleteOutput(Output):
    athlete: dict[str, Any] = Field(description="Profile: id, name, sex, age, weight_kg, resting_hr_bpm, timezone")
    sports: list[dict[str, Any]] = Field(
        description="Per sport group: types, ftp_w, lthr_bpm, max_hr_bpm, threshold pace, and power / HR / pace "
        "zones as tables with absolute bounds"
    )


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_athlete_profile",
        title="Athlete profile, thresholds and zones",
        description=(
            "Thresholds, modelled eFTP and W′, and power, HR and pace zones per sport. Read it before judging "
            "intensities or writing workouts."
        ),
        annotations=READ_ONLY,
    )
    async def get_athlete_profile() -> Annotated[CallToolResult, AthleteOutput]:
        async with kit.call() as caller:
            settings = await caller.settings()
            today = await caller.today()
            # eFTP and W' as modelled today (the thresholds stand without them), read from the six weeks
            # get_fitness and get_wellness ask for by default: their follow-up needs no request of its own.
            rows = await caller.deps.intervals.list_wellness(caller.cred, today - timedelta(days=CTL_DAYS - 1), today)
            info = next((row.get("sportInfo") or [] for row in rows if row.get("id") == today.isoformat()), [])
        return result(render_athlete(settings.athlete, list(settings.raw_sports), today=today, sport_info=info))
