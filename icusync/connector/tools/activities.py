"""Activities: a compact list over a range or a search, and one activity in depth."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.render.activities import render_activities
from icusync.coach.render.activity import render_activity
from icusync.coach.render.rendered import is_strava_stub
from icusync.coach.sport_settings import settings_for
from icusync.connector.toolkit.kit import DATE_HELP, READ_ONLY, Output, RangedOutput, ToolKit, ranged_result, result
from icusync.errors import UpstreamNotFound

MAX_LIMIT = 200
# Intervals.icu activity ids ("i12345678"), or the bare numbers of Strava imports.
ACTIVITY_ID = r"^i?[0-9]{1,20}$"
STRAVA_MESSAGE = (
    "Activity {id} came from Strava, and Intervals.icu does not expose Strava imports through its API "
    "(it still counts toward fitness and fatigue). Ask the athlete to sync the device (Garmin, Wahoo, ...) "
    "straight to Intervals.icu for full data."
)


class ActivitiesOutput(RangedOutput):
    count: int = Field(description="activities matching")
    shown: int = Field(description="rows included")
    columns: list[str] = Field(description="column names, units in the names")
    rows: list[list[Any]]
    totals: dict[str, Any] = Field(description="sums over every matching activity")
    note: str | None = Field(description="set when rows were left out, with how to get them")


class ActivityOutput(Output):
    activity: dict[str, Any] = Field(description="summary: time, distance, HR, power, pace, load, decoupling...")
    intervals: dict[str, Any] | None = Field(description="table of intervals with target vs achieved")
    zones: dict[str, Any] = Field(description="time in power / HR / pace zones")


def _matches(activity: dict[str, Any], sport: str | None) -> bool:
    return sport is None or str(activity.get("type", "")).lower().endswith(sport.lower())


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="list_activities",
        title="List activities",
        description=(
            "Completed activities, newest first, one compact line each (date, sport, name, time, distance, "
            "load, HR, power or pace). Either a date range (default: the last 4 weeks, at most 1 year) or a "
            "search: `query` matches the name, or an exact tag when written as #tag. `sport` filters by type "
            "(Ride also matches VirtualRide). Use the ids with get_activity or compare_activities."
        ),
        annotations=READ_ONLY,
    )
    async def list_activities(
        oldest: Annotated[str | None, Field(description="Start of the range. " + DATE_HELP)] = None,
        newest: Annotated[str | None, Field(description="End of the range (default today). " + DATE_HELP)] = None,
        query: Annotated[str | None, Field(description="Name search, or #tag for an exact tag")] = None,
        sport: Annotated[
            Literal["Ride", "Run", "Swim", "WeightTraining", "Walk", "Hike", "Rowing", "NordicSki", "Other"] | None,
            Field(description="Only this sport"),
        ] = None,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT, description="Most rows to show")] = 50,
    ) -> Annotated[CallToolResult, ActivitiesOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=28, max_days=366)
            if query:
                found = await caller.deps.intervals.search_activities(caller.cred, query.strip())
                lo, hi = span.range.start.isoformat(), span.range.end.isoformat() + "T99"
                searched_range = oldest is not None or newest is not None
                found = [a for a in found if not searched_range or lo <= str(a.get("start_date_local", "")) <= hi]
            else:
                found = await caller.deps.intervals.list_activities(caller.cred, span.range.start, span.range.end)
        chosen = [a for a in found if _matches(a, sport)]
        return ranged_result(render_activities(chosen, limit=limit), None if query else span.message)

    @mcp.tool(
        name="get_activity",
        title="One activity in depth",
        description=(
            "One completed activity: summary (time, distance, elevation, HR, power, pace, load, intensity, "
            "decoupling, efficiency), its intervals with the planned target next to what was achieved, and "
            "time in zones. Takes an activity id from list_activities (e.g. i12345678)."
        ),
        annotations=READ_ONLY,
    )
    async def get_activity(
        activity_id: Annotated[str, Field(description="Activity id, e.g. i12345678", pattern=ACTIVITY_ID)],
    ) -> Annotated[CallToolResult, ActivityOutput]:
        async with kit.call() as caller:
            try:
                activity = await caller.deps.intervals.get_activity(caller.cred, activity_id.strip())
            except UpstreamNotFound as exc:
                message = f"No activity {activity_id} for this athlete; list_activities shows valid ids."
                raise ToolError(message) from exc
            if is_strava_stub(activity):
                raise ToolError(STRAVA_MESSAGE.format(id=activity_id))
            settings = await caller.settings()
            planned = None
            if activity.get("paired_event_id"):
                # The planned workout gives each interval its target; a deleted plan just means none.
                with contextlib.suppress(UpstreamNotFound):
                    event = await caller.deps.intervals.get_event(caller.cred, int(activity["paired_event_id"]))
                    planned = event.get("workout_doc")
        sport_settings = settings_for(str(activity.get("type", "")), settings.sports)
        return result(render_activity(activity, settings=sport_settings, planned=planned))
