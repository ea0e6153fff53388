"""Single days as an athlete says them: weekdays, "next Tuesday", "in 3 days".

Conventions, stated in every reply that used one (see `dates.describe`):
- a bare weekday ("Thursday") is the next one, today included;
- "this Thursday" is the Thursday of the current week (Monday to Sunday), even if past;
- "next Thursday" is the Thursday of next week;
- "last Thursday" is the most recent one before today;
- "in 3 days" / "3 days ago", and weeks alike, count from today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT: Final = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY: Final = {name: i for i, name in enumerate(WEEKDAYS)} | _SHORT
_RELATIVE: Final = re.compile(r"^(?:(this|next|last) )?([a-z]+)$")
_IN_N: Final = re.compile(r"^in (\d+) (day|days|week|weeks)$")
_N_AGO: Final = re.compile(r"^(\d+) (day|days|week|weeks) ago$")
_FIXED: Final = {"today": 0, "yesterday": -1, "tomorrow": 1, "day after tomorrow": 2, "day before yesterday": -2}
MAX_OFFSET_DAYS: Final = 3660

DAY_FORMS: Final = (
    "an ISO date (2026-11-03), today, yesterday, tomorrow, a weekday (Thursday = the next one, today included), "
    "this/next/last Thursday (this week's, next week's, the last one), in 3 days, 3 days ago"
)


def day_phrase(text: str, today: date) -> date | None:
    """The day a normalised phrase names, or None when it is not a single-day phrase."""
    if text in _FIXED:
        return today + timedelta(days=_FIXED[text])
    counted = _IN_N.match(text) or _N_AGO.match(text)
    if counted:
        n = int(counted.group(1)) * (7 if counted.group(2).startswith("week") else 1)
        if n > MAX_OFFSET_DAYS:
            return None
        return today + timedelta(days=n if text.startswith("in ") else -n)
    relative = _RELATIVE.match(text)
    if relative is None or relative.group(2) not in _WEEKDAY:
        return None
    which, weekday = relative.group(1), _WEEKDAY[relative.group(2)]
    monday = today - timedelta(days=today.weekday())
    if which == "this":
        return monday + timedelta(days=weekday)
    if which == "next":
        return monday + timedelta(days=7 + weekday)
    if which == "last":
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    return today + timedelta(days=(weekday - today.weekday()) % 7)
