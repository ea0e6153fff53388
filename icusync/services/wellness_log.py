"""Logging wellness for a day: only the fields given change, and the old values are kept for undo."""

from __future__ import annotations

from datetime import date
from typing import Any

from icusync.coach.dates import parse_date
from icusync.errors import InputError, UpstreamNotFound
from icusync.services.athlete import Caller
from icusync.services.writes import in_flight, plan, settle


async def log_wellness(caller: Caller, day_text: str, fields: dict[str, Any]) -> tuple[date, dict[str, Any]]:
    """Write `fields` for the day; returns the day and the values now stored."""
    if not fields:
        raise InputError(
            "Nothing to log: give at least one of soreness, fatigue, stress, mood, motivation, injury, "
            "sleep_quality, sleep_hours, hrv, resting_hr, weight or comments."
        )
    today = await caller.today()
    day = parse_date(day_text, today)
    if day > today:
        raise InputError(f"date: {day.isoformat()} is in the future; wellness is logged for today or earlier.")
    try:
        current = await caller.deps.intervals.get_wellness(caller.cred, day)
    except UpstreamNotFound:
        current = {}  # no record yet for that day: undo clears the fields again
    write_id = await plan(
        caller, "log_wellness", "wellness", day.isoformat(), f"logged {', '.join(fields)} for {day.isoformat()}",
        before={k: current.get(k) for k in fields}, after=fields,
    )
    async with in_flight(caller, [write_id]):
        saved = await caller.deps.intervals.update_wellness(caller.cred, day, fields)
    await settle(caller, write_id)
    return day, {k: saved.get(k, v) for k, v in fields.items()}
