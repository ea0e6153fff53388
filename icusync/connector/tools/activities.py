"""Activities: a compact list over a range or a search, and one activity in depth."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.analysis.channels import to_fetch
from icusync.coach.dates import resolve_range
from icusync.coach.render.activities import render_activities
from icusync.coach.render.activity import render_activity
from icusync.coach.render.analysis import render_analysis
from icusync.coach.render.comparison import render_comparison
from icusync.coach.render.rendered import is_strava_stub
from icusync.coach.sport_settings import settings_for
from icusync.connector.toolkit.kit import (
    READ_ONLY,
    Newest,
    Oldest,
    Output,
    RangedOutput,
    ToolKit,
    ranged_result,
    result,
)
from icusync.errors import UpstreamNotFound
from icusync.services.athlete import Caller

MAX_LIMIT = 200
# Intervals.icu activity ids ("i12345678"), or the bare numbers of Strava imports.
ACTIVITY_ID = r"^i?[0-9]{1,20}$"
STRAVA_MESSAGE = (
    "Activity {id} came from Strava, and Intervals.icu does not expose Strava imports through its API "
    "(it still counts toward fitness and fatigue). Ask the athlete to sync the device (Garmin, Wahoo, ...) "
    "straight to Intervals.icu for full data."
)
# What get_activity can work out from an activity's streams (names as in coach.analysis.channels.ANALYSES).
Analysis = Literal["splits", "drift", "zones", "histogram", "climbs", "why_hard"]


class ActivitiesOutput(RangedOutput):
    count: int = Field(description="activities matching")
    shown: int = Field(description="rows included")
    columns: list[str] = Field(description="column names, units in the names")
    rows: list[list[Any]]
    totals: dict[str, Any] = Field(description="sums over every matching activity")
    note: str | None = Field(description="set when rows were left out, with how to get them")


class ActivityOutput(Output):
    """One activity (activity, intervals, zones), or several compared (activities, metrics)."""

    activity: dict[str, Any] | None = Field(None, description="summary: time, distance, HR, power, pace, load")
    intervals: dict[str, Any] | None = Field(None, description="table of intervals with target vs achieved")
    zones: dict[str, Any] | None = Field(None, description="time in power / HR / pace zones")
    activities: list[dict[str, Any]] | None = Field(None, description="compared: the activities, labelled A, B...")
    metrics: dict[str, Any] | None = Field(None, description="compared: a value per activity and deltas against A")
    analysis: dict[str, Any] | None = Field(None, description="an analysis of the streams: its tables and figures")


async def _with_metrics(caller: Caller, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search answers carry no load, HR or power: fetch the activities it found, in one request."""
    if not found:
        return []
    full = await caller.deps.intervals.get_activities(caller.cred, [str(a["id"]) for a in found])
    by_id = {str(a.get("id")): a for a in full}
    return [by_id.get(str(a["id"]), a) for a in found]


def _matches(activity: dict[str, Any], sport: str | None) -> bool:
    return sport is None or str(activity.get("type", "")).lower().endswith(sport.lower())


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="list_activities",
        title="List activities",
        description=(
            "Completed activities, newest first: a date range (default: the last 4 weeks) or a name search "
            "(#tag for a tag)."
        ),
        annotations=READ_ONLY,
    )
    async def list_activities(
        oldest: Oldest = None,
        newest: Newest = None,
        query: Annotated[str | None, Field(description="name search")] = None,
        sport: Annotated[str | None, Field(description="e.g. Run; Ride includes VirtualRide")] = None,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50,
    ) -> Annotated[CallToolResult, ActivitiesOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=28, max_days=366)
            searched_range = oldest is not None or newest is not None
            if query:
                found = await caller.deps.intervals.search_activities(caller.cred, query.strip())
                lo, hi = span.range.start.isoformat(), span.range.end.isoformat() + "T99"
                found = [a for a in found if not searched_range or lo <= str(a.get("start_date_local", "")) <= hi]
                found = await _with_metrics(caller, [a for a in found if _matches(a, sport)][:limit])
            else:
                found = await caller.deps.intervals.list_activities(caller.cred, span.range.start, span.range.end)
        chosen = [a for a in found if _matches(a, sport)]
        return ranged_result(render_activities(chosen, limit=limit), span if not query or searched_range else None)

    @mcp.tool(
        name="get_activity",
        title="One activity in depth, or several side by side",
        description=(
            "One activity: summary, intervals vs planned targets, time in zones; analysis: worked out from its "
            "streams; compare_with: side by side with up to 5 others."
        ),
        annotations=READ_ONLY,
    )
    async def get_activity(
        activity_id: Annotated[str, Field(description="e.g. i12345678", pattern=ACTIVITY_ID)],
        compare_with: Annotated[tuple[Annotated[str, Field(pattern=ACTIVITY_ID)], ...], Field(max_length=5)] = (),
        analysis: Analysis | None = None,
    ) -> Annotated[CallToolResult, ActivityOutput]:
        if compare_with:
            if analysis:
                raise ToolError("analysis reads one activity: leave out compare_with, or compare without analysis.")
            return await _compare(kit, [activity_id, *compare_with])
        if analysis:
            return await _analyse(kit, activity_id, analysis)
        async with kit.call() as caller:
            activity = await _one(caller, activity_id)
            settings = await caller.settings()
            planned = None
            if activity.get("paired_event_id"):
                # The planned workout gives each interval its target; a deleted plan just means none.
                with contextlib.suppress(UpstreamNotFound):
                    event = await caller.deps.intervals.get_event(caller.cred, int(activity["paired_event_id"]))
                    planned = event.get("workout_doc")
        sport_settings = settings_for(str(activity.get("type", "")), settings.sports)
        return result(render_activity(activity, settings=sport_settings, planned=planned))


async def _one(caller: Caller, activity_id: str) -> dict[str, Any]:
    """The activity with its intervals; a clear refusal for an unknown id or a Strava import."""
    try:
        activity = await caller.deps.intervals.get_activity(caller.cred, activity_id.strip())
    except UpstreamNotFound as exc:
        raise ToolError(f"No activity {activity_id} for this athlete; list_activities shows valid ids.") from exc
    if is_strava_stub(activity):
        raise ToolError(STRAVA_MESSAGE.format(id=activity_id))
    caller.require_theirs(activity, f"Activity {activity_id}")  # its zones are its athlete's
    return activity


async def _analyse(kit: ToolKit, activity_id: str, kind: str) -> CallToolResult:
    """One analysis of the activity's streams, worked out here: the streams never reach the answer."""
    async with kit.call() as caller:
        activity = await _one(caller, activity_id)
        settings = await caller.settings()
        # One request, for only the streams this analysis reads that the activity recorded.
        types = to_fetch(kind, activity.get("stream_types"))
        streams = await caller.deps.intervals.get_streams(caller.cred, str(activity["id"]), types)
    sport = settings_for(str(activity.get("type", "")), settings.sports)
    return result(render_analysis(kind, activity, streams, settings=sport, athlete=settings.athlete))


async def _compare(kit: ToolKit, activity_ids: list[str]) -> CallToolResult:
    """The activities side by side, the first as the reference (A)."""
    ids = list(dict.fromkeys(i.strip() for i in activity_ids if i.strip()))
    if len(ids) < 2:
        raise ToolError("compare_with: give at least one activity id other than activity_id, e.g. ['i202']")
    async with kit.call() as caller:
        found = await caller.deps.intervals.get_activities(caller.cred, ids, intervals=True)
        for activity in found:
            caller.require_theirs(activity, f"Activity {activity.get('id')}")
    by_id = {str(a.get("id")): a for a in found}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ToolError(f"No activity {', '.join(missing)} for this athlete; list_activities shows valid ids.")
    return result(render_comparison([by_id[i] for i in ids]))
