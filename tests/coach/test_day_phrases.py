"""Single days as athletes say them, against a known today, and "today" itself around midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from icusync.coach.dates import DateInputError, dates_line, describe, parse_date, parse_range, today_in

WED = date(2026, 12, 2)
SUN = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [
        ("Thursday", WED, "2026-12-03"),
        ("wednesday", WED, "2026-12-02"),  # a bare weekday is the next one, today included
        ("Tuesday", WED, "2026-12-08"),
        ("thu", WED, "2026-12-03"),
        ("Thurs", WED, "2026-12-03"),
        ("this Friday", WED, "2026-12-04"),
        ("this Monday", WED, "2026-11-30"),  # this week's, even when it is past
        ("next Tuesday", WED, "2026-12-08"),  # next week's
        ("next Thursday", WED, "2026-12-10"),
        ("next Monday", SUN, "2026-12-07"),  # on a Sunday, next week starts tomorrow
        ("last Thursday", WED, "2026-11-26"),
        ("last Wednesday", WED, "2026-11-25"),  # never today
        ("in 3 days", WED, "2026-12-05"),
        ("3 days ago", WED, "2026-11-29"),
        ("in 2 weeks", WED, "2026-12-16"),
        ("1 week ago", WED, "2026-11-25"),
        ("day after tomorrow", WED, "2026-12-04"),
        ("  Next   FRIDAY ", WED, "2026-12-11"),
    ],
)
def test_single_day_phrases(phrase: str, today: date, expected: str) -> None:
    assert parse_date(phrase, today) == date.fromisoformat(expected)
    assert parse_range(phrase, today).days == 1


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1969-12-31", "in 4000 days", "last 30000 weeks"])
def test_dates_far_outside_any_training_are_refused_plainly(value: str) -> None:
    with pytest.raises(DateInputError) as refused:
        parse_range(value, WED)
    message = str(refused.value)
    assert "Today is Wed 2026-12-02" in message
    assert repr(value) in message


def test_a_single_day_field_lists_only_single_day_forms_and_today() -> None:
    with pytest.raises(DateInputError) as refused:
        parse_date("last week", WED)
    message = str(refused.value)
    assert "2026-11-23..2026-11-29, a range, where a single day is wanted" in message
    assert "Today is Wed 2026-12-02" in message
    assert "a weekday (Thursday = the next one, today included)" in message
    assert "last N days" not in message and "this month" not in message  # no range forms
    with pytest.raises(DateInputError) as unknown:
        parse_date("someday", WED)
    assert "Today is Wed 2026-12-02" in str(unknown.value) and "last N weeks" not in str(unknown.value)


def test_what_a_phrase_became_is_said_with_today() -> None:
    assert describe("Thursday", date(2026, 12, 3), date(2026, 12, 3), WED) == "'Thursday' = Thu 2026-12-03"
    assert describe("2026-12-03", date(2026, 12, 3), date(2026, 12, 3), WED) is None  # an ISO date needs no telling
    assert describe(None, WED, WED, WED) is None
    week = describe("last week", date(2026, 11, 23), date(2026, 11, 29), WED)
    assert week == "'last week' = Mon 2026-11-23 to Sun 2026-11-29"
    assert dates_line([week, None], WED) == (
        "Dates: 'last week' = Mon 2026-11-23 to Sun 2026-11-29 (today is Wed 2026-12-02)"
    )
    assert dates_line([None], WED) is None


# Around UTC midnight three athletes live in three different days, and their phrases follow.
@pytest.mark.parametrize(
    ("instant", "zone", "today", "tomorrow", "thursday"),
    [
        ("2026-12-02T23:30:00+00:00", "Europe/Amsterdam", "2026-12-03", "2026-12-04", "2026-12-03"),
        ("2026-12-02T23:30:00+00:00", "America/Los_Angeles", "2026-12-02", "2026-12-03", "2026-12-03"),
        ("2026-12-02T23:30:00+00:00", "Pacific/Auckland", "2026-12-03", "2026-12-04", "2026-12-03"),
        ("2026-12-02T10:59:00+00:00", "Pacific/Auckland", "2026-12-02", "2026-12-03", "2026-12-03"),
        ("2026-12-02T11:00:00+00:00", "Pacific/Auckland", "2026-12-03", "2026-12-04", "2026-12-03"),
        ("2026-12-03T07:59:00+00:00", "America/Los_Angeles", "2026-12-02", "2026-12-03", "2026-12-03"),
        ("2026-12-03T08:00:00+00:00", "America/Los_Angeles", "2026-12-03", "2026-12-04", "2026-12-03"),
        ("2026-12-03T22:59:00+00:00", "Europe/Amsterdam", "2026-12-03", "2026-12-04", "2026-12-03"),
        ("2026-12-03T23:00:00+00:00", "Europe/Amsterdam", "2026-12-04", "2026-12-05", "2026-12-10"),
    ],
)
def test_today_and_phrases_in_three_timezones_around_midnight(
    instant: str, zone: str, today: str, tomorrow: str, thursday: str
) -> None:
    local = today_in(zone, datetime.fromisoformat(instant).astimezone(UTC))
    assert local == date.fromisoformat(today)
    assert parse_date("tomorrow", local) == date.fromisoformat(tomorrow)
    assert parse_date("Thursday", local) == date.fromisoformat(thursday)
