from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from icusync.coach.dates import (
    DateInputError,
    DateRange,
    iso_week_label,
    parse_date,
    parse_range,
    parse_upstream_date,
    resolve_range,
    today_in,
    week_start,
)

WED = date(2026, 11, 4)  # a Wednesday
SUN = date(2026, 11, 8)
MON = date(2026, 11, 9)


def r(a: str, b: str) -> DateRange:
    return DateRange(date.fromisoformat(a), date.fromisoformat(b))


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-11-03", WED, r("2026-11-03", "2026-11-03")),
        ("2026-11-03T07:15:00", WED, r("2026-11-03", "2026-11-03")),
        ("  2026-11-03  ", WED, r("2026-11-03", "2026-11-03")),
        ("today", WED, r("2026-11-04", "2026-11-04")),
        ("Yesterday", WED, r("2026-11-03", "2026-11-03")),
        ("TOMORROW", WED, r("2026-11-05", "2026-11-05")),
        ("last 7 days", WED, r("2026-10-29", "2026-11-04")),
        ("last   1   day", WED, r("2026-11-04", "2026-11-04")),
        ("past 3 days", WED, r("2026-11-02", "2026-11-04")),
        ("last 4 weeks", WED, r("2026-10-08", "2026-11-04")),
        ("next 3 days", WED, r("2026-11-04", "2026-11-06")),
        ("next 2 weeks", WED, r("2026-11-04", "2026-11-17")),
        # Weeks are Monday-Sunday, from any weekday.
        ("this week", WED, r("2026-11-02", "2026-11-08")),
        ("this week", SUN, r("2026-11-02", "2026-11-08")),
        ("this week", MON, r("2026-11-09", "2026-11-15")),
        ("last week", SUN, r("2026-10-26", "2026-11-01")),
        ("last week", MON, r("2026-11-02", "2026-11-08")),
        ("Next  Week", SUN, r("2026-11-09", "2026-11-15")),
        ("next week", MON, r("2026-11-16", "2026-11-22")),
        # Month ends and leap years.
        ("this month", date(2028, 2, 10), r("2028-02-01", "2028-02-29")),
        ("this month", date(2026, 2, 28), r("2026-02-01", "2026-02-28")),
        ("last month", date(2028, 3, 31), r("2028-02-01", "2028-02-29")),
        ("last month", date(2027, 1, 15), r("2026-12-01", "2026-12-31")),
        ("last month", date(2026, 5, 31), r("2026-04-01", "2026-04-30")),
        ("this year", WED, r("2026-01-01", "2026-12-31")),
        ("last year", date(2026, 1, 1), r("2025-01-01", "2025-12-31")),
        ("last 7 days", date(2028, 3, 2), r("2028-02-25", "2028-03-02")),
        ("this week", date(2026, 12, 31), r("2026-12-28", "2027-01-03")),
    ],
)
def test_parse_range(text: str, today: date, expected: DateRange) -> None:
    assert parse_range(text, today) == expected


def test_date_objects_pass_through() -> None:
    assert parse_range(date(2026, 1, 5), WED) == r("2026-01-05", "2026-01-05")
    assert parse_date("2024-02-29", WED) == date(2024, 2, 29)
    assert parse_date("yesterday", MON) == SUN


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "soon",
        "2026-02-30",
        "2026-13-01",
        "2025-02-29",
        "last 0 days",
        "last -3 days",
        "last few days",
        "11/03/2026",
        "last 99999 weeks",
        "next fortnight",
    ],
)
def test_bad_inputs_quote_value_and_list_forms(bad: str) -> None:
    with pytest.raises(DateInputError) as err:
        parse_range(bad, WED)
    message = str(err.value)
    assert repr(bad) in message
    assert "2026-11-03" in message and "last N days" in message and "this month" in message
    assert isinstance(err.value, ValueError)


def test_parse_date_refuses_ranges() -> None:
    with pytest.raises(DateInputError, match="single day"):
        parse_date("last week", WED)


def test_today_in_timezones() -> None:
    now = datetime(2026, 11, 4, 23, 30, tzinfo=UTC)
    assert today_in("Europe/Paris", now) == date(2026, 11, 5)
    assert today_in("America/Los_Angeles", now) == date(2026, 11, 4)
    assert today_in("Pacific/Kiritimati", datetime(2026, 11, 4, 10, 30, tzinfo=UTC)) == date(2026, 11, 5)
    assert today_in("Not/AZone", now) == date(2026, 11, 4)
    assert today_in("", now) == date(2026, 11, 4)
    assert today_in(None, datetime(2026, 11, 4, 23, 30)) == date(2026, 11, 4)  # naive = UTC


def test_resolve_defaults() -> None:
    assert resolve_range(None, None, WED).range == r("2026-10-08", "2026-11-04")
    assert resolve_range(None, "", WED, default_days=7, future=True).range == r("2026-11-04", "2026-11-10")


def test_resolve_one_end() -> None:
    assert resolve_range("2026-10-01", None, WED).range == r("2026-10-01", "2026-11-04")
    assert resolve_range("last month", None, WED).range == r("2026-10-01", "2026-10-31")
    assert resolve_range(None, "last week", WED).range == r("2026-10-26", "2026-11-01")
    assert resolve_range(None, "2026-10-31", WED, default_days=7).range == r("2026-10-25", "2026-10-31")
    # Future calendar: a lone newest runs from today; a lone oldest runs forward by the default.
    assert resolve_range(None, "2026-11-20", WED, future=True).range == r("2026-11-04", "2026-11-20")
    assert resolve_range("2026-12-01", None, WED, default_days=7, future=True).range == r("2026-12-01", "2026-12-07")
    assert resolve_range("2026-12-01", None, WED, default_days=7).range == r("2026-12-01", "2026-12-07")


def test_resolve_both_ends_use_outer_bounds() -> None:
    res = resolve_range("last month", "this week", WED)
    assert res.range == r("2026-10-01", "2026-11-08")
    assert not res.clamped and res.message is None
    assert resolve_range(date(2026, 1, 1), "2026-01-31", WED).range.days == 31


def test_resolve_clamps_and_says_so() -> None:
    res = resolve_range("this year", None, WED, max_days=90)
    assert res.clamped
    assert res.range == r("2026-10-03", "2026-12-31")
    assert res.message is not None and "90-day limit" in res.message and "2026-10-03..2026-12-31" in res.message
    fut = resolve_range("today", "next 52 weeks", WED, max_days=30, future=True)
    assert fut.range == r("2026-11-04", "2026-12-03") and fut.clamped


def test_resolve_rejects_reversed() -> None:
    with pytest.raises(DateInputError, match="after newest"):
        resolve_range("2026-11-10", "2026-11-01", WED)
    with pytest.raises(DateInputError, match="'someday'"):
        resolve_range("someday", None, WED)


def test_helpers() -> None:
    assert week_start(SUN) == date(2026, 11, 2)
    assert week_start(MON) == MON
    assert iso_week_label(date(2026, 12, 31)) == "2026-W53"
    assert iso_week_label(date(2027, 1, 3)) == "2026-W53"
    assert parse_upstream_date("2026-04-14T00:00:00") == date(2026, 4, 14)
    assert parse_upstream_date("nope") is None and parse_upstream_date(None) is None
    assert r("2026-11-01", "2026-11-30").days == 30 and date(2026, 11, 5) in r("2026-11-01", "2026-11-30")
    assert str(r("2026-11-01", "2026-11-02")) == "2026-11-01..2026-11-02"
    assert r("2026-11-01", "2026-11-02").to_dict() == {"start": "2026-11-01", "end": "2026-11-02"}
