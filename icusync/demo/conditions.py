"""The conditions a session was done in: air temperature, and whether the heart drifted.

Outdoor sessions carry a device temperature that rises through the session (the sun
climbs, the sensor warms). Two kinds of recent weekend long sessions are made to stand
out, so "why did it feel hard?" has something to find: hot ones in the last 10 days
(24-26 °C at the start, 6-9 °C warmer by the end, with strong cardiac drift) and cool
ones with strong drift all the same 11-20 days ago (a long day under-fuelled).

Deterministic from the activity id; consumes nothing from the history's generator.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

HOT_DAYS = range(0, 11)
DRIFTY_DAYS = range(11, 21)
LONG_ENOUGH_SECS = 45 * 60


@dataclass(frozen=True)
class Conditions:
    extra_drift: float  # added to the session's HR drift (0.2: HR 20% higher at the end for the same output)
    temps: tuple[int, int] | None  # device temperature at the start and at the end, °C; None indoors


def conditions(act_id: str, day: dt.date, days_ago: int, hour: float, secs: int, outdoor: bool) -> Conditions:
    if not outdoor:
        return Conditions(0.0, None)
    rng = random.Random(f"icusync-demo-weather:{act_id}")
    season = 11 - 8 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 20) / 365)  # ~3 °C in Jan, ~19 in Jul
    midday = 3 * math.exp(-(((hour - 14) / 4) ** 2)) - 1.5
    start = season + midday + rng.uniform(-2, 2)
    rise = rng.uniform(0.5, 3.0) if secs >= 5400 else rng.uniform(0.0, 1.5)
    weekend_long = day.weekday() >= 5 and secs >= LONG_ENOUGH_SECS
    extra = 0.0
    if weekend_long and days_ago in HOT_DAYS:
        start, rise, extra = max(start, rng.uniform(24, 26)), rng.uniform(6, 9), 0.2
    elif weekend_long and days_ago in DRIFTY_DAYS:
        extra = 0.18
    return Conditions(extra, (round(start), round(start + rise)))
