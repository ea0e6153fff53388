"""Dates and times the way a person reads them on a page: "Thu 3 Dec", "Thu 3 Dec, 14:05", in their timezone.

The tools say ISO dates with weekdays for the model; pages speak to the athlete.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(tz_name: str | None) -> ZoneInfo:
    """The athlete's timezone; UTC when unknown or not a zone this system knows."""
    try:
        return ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def plain_day(day: date, today: date | None = None) -> str:
    """ "Thu 3 Dec"; with the year when it is not `today`'s year ("Mon 30 Dec 2024")."""
    text = f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"
    return text if today is None or day.year == today.year else f"{text} {day.year}"


def local_time(timestamp: int | float, tz_name: str | None, now: datetime | None = None) -> str:
    """A Unix time as "Thu 3 Dec, 14:05" in the athlete's timezone (the year only when not this year);
    "UTC" is added when their timezone is unknown, so nobody reads UTC as their own clock."""
    tz = zone(tz_name)
    moment = datetime.fromtimestamp(timestamp, UTC).astimezone(tz)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    text = f"{plain_day(moment.date(), today)}, {moment.strftime('%H:%M')}"
    return text if tz.key == tz_name and tz.key != "UTC" else f"{text} UTC"
