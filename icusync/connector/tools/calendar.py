"""The calendar: planned workouts, races and notes, and the next race with days to go."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.dates import resolve_range
from icusync.coach.render.calendar import render_calendar
from icusync.connector.toolkit.kit import READ_ONLY, Newest, Oldest, RangedOutput, ToolKit, ranged_result
from icusync.intervals.client import LIST_MAX_AGE

RACES = ("RACE_A", "RACE_B", "RACE_C")
DEFAULT_DAYS = 29  # today and the next four weeks
RACE_LOOKAHEAD_DAYS = 366
# Races are planned weeks ahead and icusync's own calendar writes drop the cached answer at once.
RACE_LOOKUP_MAX_AGE = 300.0


def answers_next_races(events: list[dict[str, Any]], start: date, today: date) -> bool:
    """Whether a range's events already show the next race and the next A race: the range must begin by
    today (else a race before it is unseen) and hold an A race from today on (every race before it is in
    the range too)."""
    return start <= today and any(
        e.get("category") == "RACE_A" and str(e.get("start_date_local", ""))[:10] >= today.isoformat() for e in events
    )


def _stamp(value: Any) -> str:
    text = str(value or "")
    return text + "T00:00:00" if len(text) == 10 else text


def overlapping(events: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    """The events on the days from `start` to `end`: starting on them, or (a holiday, an illness)
    running into them; an event's end is the moment after it (midnight after an all-day event)."""
    first, after = f"{start.isoformat()}T00:00:00", f"{(end + timedelta(days=1)).isoformat()}T00:00:00"
    kept = []
    for event in events:
        begins, ends = _stamp(event.get("start_date_local")), _stamp(event.get("end_date_local"))
        if begins < after and (begins >= first or ends > first):
            kept.append(event)
    return kept


class CalendarOutput(RangedOutput):
    events: dict[str, Any] = Field(description="table of events: id, date, category, sport, name, planned time/load")
    count: int
    shown: int
    by_category: dict[str, int] = Field(description="events per category (WORKOUT, RACE_A, NOTE, ...)")
    next_race: dict[str, Any] | None = Field(description="the next race: date, priority A/B/C, name, days_to_go")
    next_a_race: dict[str, Any] | None = Field(description="the next A race, when the next race is a B or C")
    note: str | None = Field(description="set when rows were left out")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_calendar",
        title="Calendar and next race",
        description=(
            "Planned workouts, races and notes by day (default: the next 4 weeks), with the next race and days to go."
            " Its event ids are what the write tools take."
        ),
        annotations=READ_ONLY,
    )
    async def get_calendar(
        oldest: Oldest = None,
        newest: Newest = None,
    ) -> Annotated[CallToolResult, CalendarOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            span = resolve_range(oldest, newest, today, default_days=DEFAULT_DAYS, max_days=366, future=True)
            intervals = caller.deps.intervals
            start, end = span.range.start, span.range.end
            weeks = resolve_range(None, None, today, default_days=DEFAULT_DAYS, future=True).range
            if weeks.start <= start and end <= weeks.end:
                # A range inside the next four weeks is cut from them, so a conversation's calendar
                # questions about the coming days share one request.
                events = overlapping(await intervals.list_events(
                    caller.cred, weeks.start, weeks.end, max_age=LIST_MAX_AGE), start, end)
            else:
                events = await intervals.list_events(caller.cred, start, end, max_age=LIST_MAX_AGE)
            races: list[dict[str, Any]] = []
            if not answers_next_races(events, span.range.start, today):
                # The next race, or the next A race, lies outside the range: one narrow request, the same
                # for any range so a conversation asks it once.
                races = await intervals.list_events(
                    caller.cred,
                    today,
                    today + timedelta(days=RACE_LOOKAHEAD_DAYS),
                    categories=RACES,
                    max_age=RACE_LOOKUP_MAX_AGE,
                )
        return ranged_result(render_calendar(events, today=today, races=races), span)
