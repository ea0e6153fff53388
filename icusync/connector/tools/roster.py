"""A coach's roster: the athletes the connection reaches, to name in the other tools."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import today_in
from icusync.coach.render.roster import render_roster
from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, result
from icusync.errors import UpstreamError
from icusync.services.roster import roster_of

MAX_WITH_FITNESS = 30  # one wellness request each; a bigger roster lists the rest by name


class RosterOutput(Output):
    athletes: dict[str, Any] = Field(description="table: athlete, id, access, fitness, fatigue, form, band, ramp")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="list_athletes",
        title="Athletes this account coaches or follows",
        description="The athletes this Intervals.icu account coaches or follows, with fitness and form today.",
        annotations=READ_ONLY,
    )
    async def list_athletes() -> Annotated[CallToolResult, RosterOutput]:
        async with kit.call() as caller:
            roster = await roster_of(caller.deps, caller.user, caller.cred, fresh=True)
            today = today_in(caller.user.timezone)
            rows = []
            for n, athlete in enumerate(roster):
                latest = None
                if n < MAX_WITH_FITNESS:
                    try:  # a day either side: the athletes live in other timezones
                        found = await caller.deps.intervals.list_wellness(
                            caller.about(athlete).cred, today - timedelta(days=1), today + timedelta(days=1))
                    except UpstreamError:
                        found = []
                    with_fitness = [w for w in found if w.get("ctl") is not None]
                    latest = max(with_fitness, key=lambda w: str(w.get("id")), default=None)
                rows.append((athlete.athlete_id, athlete.name, athlete.access, latest))
        return result(render_roster(rows))
