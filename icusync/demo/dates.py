"""Parsing the local dates and date-times the API takes (reference §2)."""

from __future__ import annotations

import datetime as dt

from icusync.demo.errors import unprocessable


def parse_local(value: str, name: str, *, end_of_day: bool = False) -> dt.datetime:
    """`2019-07-22` or `2019-07-22T16:18:49` (zone-less). A bare date as an upper bound means the whole day."""
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise unprocessable(f"Invalid {name}: {value!r}, expected a local date like 2024-01-31") from None
    return parsed.replace(tzinfo=None)


def parse_day(value: str, name: str) -> dt.date:
    return parse_local(value, name).date()


def local_stamp(value: str, name: str) -> str:
    """Normalise a start date to the upstream's `YYYY-MM-DDTHH:MM:SS`."""
    return parse_local(value, name).replace(microsecond=0).isoformat()
