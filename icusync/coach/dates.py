"""Dates and date ranges as an assistant writes them.

Models send ISO dates ("2026-11-03") or everyday phrases ("last 4 weeks",
"this month"). Everything here is computed against a `today` the caller
supplies (the athlete's local date, see `today_in`), so results never depend on
the server's clock or timezone. Weeks run Monday to Sunday (ISO), as in
Intervals.icu.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ACCEPTED_FORMS = (
    "an ISO date (2026-11-03), today, yesterday, tomorrow, last N days, last N weeks, "
    "next N days, next N weeks, this week, last week, next week, this month, last month, "
    "this year, last year"
)

# Upper bound on N in "last N days": keeps date arithmetic far from overflow.
_MAX_N_DAYS = 36600

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$")
_COUNT = re.compile(r"^(last|past|next) (\d+) (day|days|week|weeks)$")


class DateInputError(ValueError):
    """A date argument we could not read; the message quotes it and lists the accepted forms."""

    def __init__(self, value: object, reason: str | None = None) -> None:
        why = f" ({reason})" if reason else ""
        super().__init__(f"Could not read the date {value!r}{why}. Use {ACCEPTED_FORMS}.")
        self.value = value


@dataclass(frozen=True)
class DateRange:
    """Inclusive on both ends, like upstream `oldest`/`newest`."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class ResolvedRange:
    """A range after defaults and the cap; `message` tells the assistant what we changed."""

    range: DateRange
    clamped: bool = False
    message: str | None = None


def today_in(tz_name: str | None, now: datetime | None = None) -> date:
    """The local date in `tz_name` (the athlete's timezone); UTC when unknown or missing."""
    instant = now or datetime.now(UTC)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return instant.astimezone(zone).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(date(year, month, 1), date(year, month, last))


def _normalise(value: str) -> str:
    return " ".join(value.lower().split())


def parse_range(value: str | date, today: date) -> DateRange:
    """Any accepted form as an inclusive range; a single date becomes a one-day range.

    "last/next N days|weeks" are rolling windows that include today ("last 7 days"
    = today and the 6 days before); "this/last/next week|month|year" are whole
    calendar periods, future days included.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return DateRange(value, value)
    if not isinstance(value, str):
        raise DateInputError(value, "expected text")
    text = _normalise(value)
    if not text:
        raise DateInputError(value, "empty")
    iso = _ISO.match(text)
    if iso:
        try:
            day = date.fromisoformat(iso.group(1))
        except ValueError as exc:
            raise DateInputError(value, "no such date") from exc
        return DateRange(day, day)
    one_day = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if text in one_day:
        day = today + timedelta(days=one_day[text])
        return DateRange(day, day)
    counted = _COUNT.match(text)
    if counted:
        return _counted_range(value, today, counted.group(1), int(counted.group(2)), counted.group(3))
    return _calendar_range(value, text, today)


def _counted_range(raw: str, today: date, direction: str, n: int, unit: str) -> DateRange:
    days = n * 7 if unit.startswith("week") else n
    if n < 1 or days > _MAX_N_DAYS:
        raise DateInputError(raw, f"N must be between 1 and {_MAX_N_DAYS} days")
    # Rolling windows that include today: "last 7 days" is today and the 6 before.
    if direction == "next":
        return DateRange(today, today + timedelta(days=days - 1))
    return DateRange(today - timedelta(days=days - 1), today)


def _calendar_range(raw: str, text: str, today: date) -> DateRange:
    monday = week_start(today)
    weeks = {"this week": 0, "last week": -1, "next week": 1}
    if text in weeks:
        start = monday + timedelta(weeks=weeks[text])
        return DateRange(start, start + timedelta(days=6))
    if text == "this month":
        return month_range(today.year, today.month)
    if text == "last month":
        prev = today.replace(day=1) - timedelta(days=1)
        return month_range(prev.year, prev.month)
    if text == "next month":
        nxt = month_range(today.year, today.month).end + timedelta(days=1)
        return month_range(nxt.year, nxt.month)
    years = {"this year": 0, "last year": -1, "next year": 1}
    if text in years:
        year = today.year + years[text]
        return DateRange(date(year, 1, 1), date(year, 12, 31))
    raise DateInputError(raw)


def parse_date(value: str | date, today: date) -> date:
    """A single day; ranges are refused so "last week" is never silently cut to one end."""
    r = parse_range(value, today)
    if r.start != r.end:
        raise DateInputError(value, "expected a single day, not a range")
    return r.start


def resolve_range(
    oldest: str | date | None,
    newest: str | date | None,
    today: date,
    *,
    default_days: int = 28,
    max_days: int = 366,
    future: bool = False,
) -> ResolvedRange:
    """Turn tool arguments into one inclusive range, applying a default window and a cap.

    - neither given: the last `default_days` days up to today (or from today on when `future`);
    - only one given: a relative range ("last month") is used whole; a single past
      `oldest` runs to today; otherwise the single day is extended by `default_days`
      (forwards from `oldest`, backwards from `newest`; a `future` `newest` starts today);
    - both given: from the start of `oldest` to the end of `newest`.
    Longer than `max_days`: cut to the `max_days` nearest the end (past data) or the
    start (`future`), and say so in `message`.
    """
    span = timedelta(days=default_days - 1)
    old = parse_range(oldest, today) if oldest is not None and _given(oldest) else None
    new = parse_range(newest, today) if newest is not None and _given(newest) else None
    if old and new:
        start, end = old.start, new.end
    elif old:
        if old.days > 1:
            start, end = old.start, old.end
        else:
            start = old.start
            end = today if start <= today and not future else start + span
    elif new:
        if new.days > 1:
            start, end = new.start, new.end
        else:
            end = new.end
            start = today if future and end >= today else end - span
    elif future:
        start, end = today, today + span
    else:
        start, end = today - span, today
    if start > end:
        raise DateInputError(
            f"{oldest} .. {newest}", f"oldest ({start.isoformat()}) is after newest ({end.isoformat()})"
        )
    full = DateRange(start, end)
    if full.days <= max_days:
        return ResolvedRange(full)
    cut = timedelta(days=max_days - 1)
    kept = DateRange(start, start + cut) if future else DateRange(end - cut, end)
    message = (
        f"{full} is {full.days} days, more than the {max_days}-day limit; showing {kept}. "
        "Ask again with a later or earlier range for the rest."
    )
    return ResolvedRange(kept, clamped=True, message=message)


def _given(value: str | date | None) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def iso_week_label(day: date) -> str:
    """ "2026-W45": how training summaries name a week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_upstream_date(value: object) -> date | None:
    """The date part of upstream "2026-04-14T00:00:00" / "2026-04-14"; None when unreadable."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
