"""Dates and date ranges as an assistant writes them.

Models send ISO dates ("2026-11-03") or everyday phrases ("Thursday", "last 4 weeks",
"this month"). Everything here is computed against a `today` the caller supplies (the
athlete's local date, see `today_in`), so results never depend on the server's clock or
timezone. Weeks run Monday to Sunday (ISO), as in Intervals.icu. A refusal says what
today is, and `describe` says what a phrase became, so the model never counts days itself.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icusync.coach.day_phrases import DAY_FORMS, day_phrase

RANGE_FORMS = (
    "last N days, last N weeks, next N days, next N weeks, this week, last week, next week, this month, "
    "last month, next month, this year, last year"
)
ACCEPTED_FORMS = f"{DAY_FORMS}; or for a range: {RANGE_FORMS}"

# The dates icusync works with: training history does not reach further back, and plans not
# further ahead; far outside, date arithmetic would overflow.
EARLIEST = date(1970, 1, 1)
LATEST_AHEAD_DAYS = 3660

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[t ][\d:.]+(?:z|[+-]\d{2}:?\d{2})?)?$")
_COUNT = re.compile(r"^(last|past|next) (\d+) (day|days|week|weeks)$")


def day_label(day: date) -> str:
    """ "Thu 2026-12-03": a date with its weekday, so nobody has to work the weekday out."""
    return f"{day.strftime('%a')} {day.isoformat()}"


class DateInputError(ValueError):
    """A date argument we could not read; the message quotes it, says what today is and lists the
    accepted forms (single-day forms only where one day is wanted)."""

    def __init__(
        self, value: object, reason: str | None = None, *, today: date | None = None, single_day: bool = False
    ) -> None:
        why = f" ({reason})" if reason else ""
        now = f" Today is {day_label(today)} for this athlete." if today is not None else ""
        forms = DAY_FORMS if single_day else ACCEPTED_FORMS
        super().__init__(f"Could not read the date {value!r}{why}.{now} Use {forms}.")
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
    """A range after defaults and the cap; `message` tells the assistant what we changed, `said` what
    the date phrases it sent became."""

    range: DateRange
    clamped: bool = False
    message: str | None = None
    said: str | None = None


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
        return _within_window(value, DateRange(value, value), today)
    if not isinstance(value, str):
        raise DateInputError(value, "expected text", today=today)
    text = _normalise(value)
    if not text:
        raise DateInputError(value, "empty", today=today)
    iso = _ISO.match(text)
    if iso:
        try:
            day = date.fromisoformat(iso.group(1))
        except ValueError as exc:
            raise DateInputError(value, "no such date", today=today) from exc
        return _within_window(value, DateRange(day, day), today)
    named = day_phrase(text, today)
    if named is not None:
        return _within_window(value, DateRange(named, named), today)
    counted = _COUNT.match(text)
    if counted:
        found = _counted_range(value, today, counted.group(1), int(counted.group(2)), counted.group(3))
    else:
        found = _calendar_range(value, text, today)
    return _within_window(value, found, today)


def _within_window(raw: object, found: DateRange, today: date) -> DateRange:
    latest = today + timedelta(days=LATEST_AHEAD_DAYS)
    if found.start < EARLIEST or found.end > latest:
        raise DateInputError(
            raw, f"outside the dates icusync works with, {EARLIEST.isoformat()} to {latest.isoformat()}", today=today
        )
    return found


def _counted_range(raw: str, today: date, direction: str, n: int, unit: str) -> DateRange:
    days = n * 7 if unit.startswith("week") else n
    if n < 1 or days > LATEST_AHEAD_DAYS * 10:
        raise DateInputError(raw, "N must be a whole number of days or weeks from 1", today=today)
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
    raise DateInputError(raw, today=today)


def parse_date(value: str | date, today: date) -> date:
    """A single day; ranges are refused so "last week" is never silently cut to one end."""
    try:
        r = parse_range(value, today)
    except DateInputError as exc:
        raise DateInputError(value, _reason(exc), today=today, single_day=True) from exc
    if r.start != r.end:
        raise DateInputError(value, f"that is {r}, a range, where a single day is wanted", today=today, single_day=True)
    return r.start


def _reason(exc: DateInputError) -> str | None:
    """The reason part of a refusal's message, to restate it with the single-day forms."""
    message = str(exc)
    if " (" not in message.split(". ")[0]:
        return None
    return message.split(" (", 1)[1].split(").", 1)[0]


def describe(value: str | date | None, start: date, end: date, today: date) -> str | None:
    """What a phrase the model sent became ("'Thursday' = Thu 2026-12-03"); None for ISO dates and omitted
    values, which need no telling."""
    if value is None or isinstance(value, date) or not value.strip() or _ISO.match(_normalise(value)):
        return None
    became = day_label(start) if start == end else f"{day_label(start)} to {day_label(end)}"
    return f"'{value.strip()}' = {became}"


def dates_line(readings: list[str | None], today: date) -> str | None:
    """ "Dates: 'Thursday' = Thu 2026-12-03 (today is Wed 2026-12-02)" when any phrase was read."""
    said = [r for r in readings if r]
    return f"Dates: {'; '.join(said)} (today is {day_label(today)})" if said else None


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
            f"{oldest} .. {newest}", f"oldest ({start.isoformat()}) is after newest ({end.isoformat()})", today=today
        )
    full = DateRange(start, end)
    said = dates_line(
        [describe(oldest, old.start, old.end, today) if old else None,
         describe(newest, new.start, new.end, today) if new else None],
        today,
    )
    if full.days <= max_days:
        return ResolvedRange(full, said=said)
    cut = timedelta(days=max_days - 1)
    kept = DateRange(start, start + cut) if future else DateRange(end - cut, end)
    message = (
        f"{full} is {full.days} days, more than the {max_days}-day limit; showing {kept}. "
        "Ask again with a later or earlier range for the rest."
    )
    return ResolvedRange(kept, clamped=True, message=message, said=said)


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
