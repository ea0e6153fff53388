"""The dashboard's training glance: fitness chart, latest activity and today's wellness, read live.

Three upstream requests, sent together (wellness for the chart and today, the calendar ahead for the next
A race and its planned load, the newest activity), under a wait of a few seconds: the page must load even
when Intervals.icu does not answer, and then says so where the chart would be.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from icusync.coach.chart.fitness import FitnessChart, Race, fitness_chart
from icusync.coach.chart.glance import activity_line, wellness_line
from icusync.coach.dates import today_in
from icusync.coach.projection import planned_loads
from icusync.coach.render.calendar import next_race
from icusync.errors import CredentialRejected, IcusyncError, RateLimited, UpstreamForbidden
from icusync.services.runtime import Deps
from icusync.store import users
from icusync.store.users import User

CHART_DAYS = 90
# How far ahead the next A race is looked for (one calendar request covers it and its planned load).
RACE_HORIZON_DAYS = 16 * 7
# The page waits this long for Intervals.icu, then loads without the chart.
WAIT_SECONDS = 8.0


@dataclass(frozen=True)
class Training:
    chart: FitnessChart | None = None
    activity: str | None = None
    wellness: str | None = None
    problem: str | None = None  # said in place of the chart


async def training_glance(deps: Deps, user: User) -> Training | None:
    """What the dashboard shows of the athlete's training; None without a usable Intervals.icu connection
    (the page's Intervals.icu section already says what to do)."""
    cred = await users.load_credential(deps.db, deps.sealer, user)
    if cred is None or cred.status != "ok":
        return None
    today = today_in(user.timezone)
    api = deps.intervals
    oldest = today - timedelta(days=CHART_DAYS - 1)
    problem = None
    try:
        async with asyncio.timeout(WAIT_SECONDS), asyncio.TaskGroup() as group:
            wellness = group.create_task(api.list_wellness(cred, oldest, today))
            ahead = group.create_task(
                api.list_events(cred, today + timedelta(days=1), today + timedelta(days=RACE_HORIZON_DAYS))
            )
            newest = group.create_task(api.list_activities(cred, oldest, today, limit=1))
    except* TimeoutError:
        problem = "Intervals.icu is slow to answer right now, so your training is not shown. Reload in a minute."
    except* IcusyncError as failed:
        problem = _problem(failed.exceptions[0])
    if problem is not None:
        return Training(problem=problem)
    return glance(today, wellness.result(), ahead.result(), newest.result())


def glance(
    today: date, wellness: list[dict[str, Any]], events: list[dict[str, Any]], activities: list[dict[str, Any]]
) -> Training:
    race_event = next_race(events, today, ("RACE_A",))
    race = None if race_event is None else Race(
        date.fromisoformat(race_event["date"]), str(race_event.get("name") or "(unnamed)")
    )
    chart = fitness_chart(wellness, today=today, planned=planned_loads(events, after=today), race=race,
                          days=CHART_DAYS)
    todays = next((row for row in wellness if str(row.get("id")) == today.isoformat()), None)
    return Training(
        chart=chart,
        activity=activity_line(activities[0] if activities else None, today),
        wellness=wellness_line(todays),
    )


def _problem(exc: BaseException) -> str:
    if isinstance(exc, CredentialRejected) and not isinstance(exc, UpstreamForbidden):
        return "Intervals.icu refused icusync's access, so your training is not shown: reconnect Intervals.icu below."
    if isinstance(exc, RateLimited):
        return "Intervals.icu asked icusync to slow down, so your training is not shown. Reload in a minute."
    return "Intervals.icu could not be reached just now, so your training is not shown. Reload the page in a minute."
