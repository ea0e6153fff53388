"""Dates and times as the pages say them, in the athlete's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icusync.coach.plain import local_time, plain_day

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_plain_days_say_the_year_only_when_it_is_another() -> None:
    assert plain_day(date(2026, 12, 3)) == "Thu 3 Dec"
    assert plain_day(date(2027, 1, 9), date(2026, 12, 3)) == "Sat 9 Jan 2027"
    assert plain_day(date(2026, 1, 9), date(2026, 12, 3)) == "Fri 9 Jan"


def test_local_times_in_the_athletes_zone() -> None:
    moment = datetime(2026, 12, 3, 23, 30, tzinfo=UTC).timestamp()
    assert local_time(moment, "Europe/Amsterdam", NOW) == "Fri 4 Dec, 00:30"  # already tomorrow there
    assert local_time(moment, "America/Denver", NOW) == "Thu 3 Dec, 16:30"
    assert local_time(moment, None, NOW) == "Thu 3 Dec, 23:30 UTC"  # said, so nobody reads it as their clock
    assert local_time(moment, "Mars/Olympus", NOW) == "Thu 3 Dec, 23:30 UTC"
