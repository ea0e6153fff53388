"""Climbs: sustained rises in altitude, each with its gain, length, grade, time and effort.

A climb runs from a low point to the top reached before the road drops more than `dip_m` below that
top; small dips on the way up stay part of it. It counts when it gains `min_gain_m` or more at an
average grade of `min_grade_pct` or more, so rolling terrain does not read as a list of climbs.
"""

from __future__ import annotations

from dataclasses import dataclass

from icusync.coach.analysis.series import ALTITUDE, HR, WATTS, Series

MIN_GAIN_M = 20.0
MIN_GRADE_PCT = 2.0
DIP_M = 10.0


@dataclass(frozen=True)
class Climb:
    start: int  # sample at the bottom
    end: int  # sample after the top
    start_m: float  # distance into the activity at the bottom
    gain_m: float  # top altitude minus bottom altitude
    length_m: float
    moving_secs: float
    watts: float | None
    hr: float | None
    top_m: float  # altitude at the top

    @property
    def grade_pct(self) -> float:
        return self.gain_m / self.length_m * 100

    @property
    def vam(self) -> float | None:
        """Metres climbed per hour."""
        return self.gain_m / self.moving_secs * 3600 if self.moving_secs > 0 else None


def find_climbs(series: Series, min_gain_m: float = MIN_GAIN_M, min_grade_pct: float = MIN_GRADE_PCT,
                dip_m: float = DIP_M) -> list[Climb]:
    """The climbs in course order; empty without altitude or distance."""
    alt = series.values(ALTITUDE)
    index = [i for i, a in enumerate(alt) if a is not None]
    heights = [alt[i] or 0.0 for i in index]
    if not heights or series.distance() is None:
        return []
    found: list[Climb] = []
    lo = hi = 0  # positions in `heights` of the bottom and of the top reached since
    low = high = heights[0]
    for k, a in enumerate(heights):
        if a > high:
            hi, high = k, a
        elif high - a > dip_m:
            found += _climb(series, (index[lo], low), (index[hi], high), min_gain_m, min_grade_pct)
            lo = hi = k
            low = high = a
        elif a <= low:  # level with the bottom or below: the climb has not started yet
            lo = hi = k
            low = high = a
    return found + _climb(series, (index[lo], low), (index[hi], high), min_gain_m, min_grade_pct)


def _climb(series: Series, bottom: tuple[int, float], top: tuple[int, float], min_gain_m: float,
           min_grade_pct: float) -> list[Climb]:
    """The rise from `bottom` to `top` (sample, altitude) as a climb, if it is one. Samples after the
    bottom up to the top hold the rise."""
    (lo, low), (hi, high) = bottom, top
    gain, length = high - low, series.distance(lo + 1, hi + 1) or 0.0
    if gain < min_gain_m or length <= 0 or gain / length * 100 < min_grade_pct:
        return []
    return [Climb(lo, hi + 1, series.distance(0, lo + 1) or 0.0, gain, length, series.moving_secs(lo + 1, hi + 1),
                  series.mean(WATTS, lo + 1, hi + 1), series.mean(HR, lo + 1, hi + 1), high)]
