"""Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate over a range, projected ahead from the plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from icusync.coach.dates import parse_date, parse_upstream_date, resolve_range
from icusync.coach.projection import WhatIf, planned_loads, with_changes
from icusync.coach.render.fitness import render_fitness
from icusync.connector.apps import FITNESS, ui
from icusync.connector.toolkit.kit import READ_ONLY, Oldest, RangedOutput, ToolKit, ranged_result
from icusync.errors import InputError
from icusync.services.athlete import Caller

RACE_DAY = ("race day", "next race", "next a race")
RACE_LOOKAHEAD_DAYS = 366


class FitnessOutput(RangedOutput):
    range: dict[str, Any] | None = Field(description="start and end dates of the series")
    resolution: str = Field(description="daily, or weekly for long ranges")
    series: dict[str, Any] = Field(description="table: date, fitness (CTL), fatigue (ATL), form (TSB), ramp, load")
    today: dict[str, Any] | None = Field(description="today's values, form band and a short reading")
    projected_to: dict[str, Any] | None = Field(None, description="the last projected day's values and band")


class Change(BaseModel):
    event_id: int | None = None
    to: str | None = None
    date: str | None = None
    load: int | None = Field(None, ge=0, le=1000)


async def _next_a_race(caller: Caller, today: date) -> date:
    races = await caller.deps.intervals.list_events(
        caller.cred, today, today + timedelta(days=RACE_LOOKAHEAD_DAYS), categories=["RACE_A"]
    )
    days = sorted(d for d in (parse_upstream_date(r.get("start_date_local")) for r in races) if d and d >= today)
    if not days:
        raise InputError("newest: there is no A race on the calendar in the next year; give a date instead.")
    return days[0]


def _what_if(changes: tuple[Change, ...], today: date) -> list[WhatIf]:
    out = []
    for c in changes:
        to = None if c.to is None else parse_date(c.to, today)
        day = None if c.date is None else parse_date(c.date, today)
        out.append(WhatIf(event_id=c.event_id, to=to, day=day, load=c.load))
    return out


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_fitness",
        title="Fitness, fatigue and form",
        description=(
            "Fitness (CTL), fatigue (ATL), form (TSB) and ramp rate by day (weekly past 45 days; default the last "
            "6 weeks). Days ahead are projected from the plan, with what_if changes tried on it."
        ),
        annotations=READ_ONLY,
        meta=ui(FITNESS),
    )
    async def get_fitness(
        oldest: Oldest = None,
        newest: Annotated[str | None, Field(description="end date, or 'race day' (next A race)")] = None,
        what_if: Annotated[
            tuple[Change, ...],
            Field(max_length=20, description="{event_id} drops it, {event_id, to} moves it, {date, load} adds load"),
        ] = (),
    ) -> Annotated[CallToolResult, FitnessOutput]:
        async with kit.call() as caller:
            today = await caller.today()
            if newest is not None and newest.strip().lower() in RACE_DAY:
                newest = (await _next_a_race(caller, today)).isoformat()
            span = resolve_range(oldest, newest, today, default_days=42, max_days=731)
            start, end = span.range.start, span.range.end
            # Measured fitness up to today (a range wholly ahead still needs today's, to project from).
            rows = await caller.deps.intervals.list_wellness(caller.cred, min(start, today), min(end, today))
            planned: dict[date, float] | None = None
            said: list[str] = []
            races: dict[date, str] = {}
            if end > today:  # the weeks ahead come from the planned workouts on the calendar
                events = await caller.deps.intervals.list_events(caller.cred, today + timedelta(days=1), end)
                events, said = with_changes(events, _what_if(what_if, today))
                planned = planned_loads(events, after=today)
                races = {
                    day: f"{e.get('category', '').replace('RACE_', 'Race ')} '{e.get('name')}'"
                    for e in events
                    if str(e.get("category", "")).startswith("RACE_")
                    and (day := parse_upstream_date(e.get("start_date_local"))) is not None
                }
            elif what_if:
                raise InputError("what_if: changes apply to planned days; give a newest date after today.")
            settings = await caller.settings()
        rendered = render_fitness(
            rows, today=today, as_percent=settings.form_as_percent, planned=planned,
            until=end if end > today else None, marks=races, changes=said,
        )
        return ranged_result(rendered, span)
