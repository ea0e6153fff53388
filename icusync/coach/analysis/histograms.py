"""Histograms of power, heart rate and pace: moving time in a few even buckets.

The buckets cover the middle 96% of the samples in round steps (25 W, 5 bpm, 15 s per km, ...), as
few as say something (at most 8); the rare values beyond fall into the end buckets, which are then
open ("under 100 W", "400 W and up").
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from icusync.coach.analysis.series import HR, MOVING_SPEED, SPEED, WATTS, Series

MAX_BUCKETS = 8
TAIL = 0.02  # the share of samples at each end that does not stretch the range
STEPS: dict[str, tuple[float, ...]] = {
    WATTS: (10, 20, 25, 50, 100),
    HR: (2, 5, 10, 20),
    "pace": (5, 10, 15, 20, 30, 60, 120),
}


@dataclass(frozen=True)
class Bucket:
    low: float | None  # None: open below
    high: float | None  # None: open above
    secs: float


def _samples(series: Series, channel: str, pace_unit_m: float) -> tuple[list[float], list[float]]:
    """(values, moving seconds) of the samples with a value; pace in seconds per unit, standing left out."""
    source = SPEED if channel == "pace" else channel
    pairs = list(zip(series.values(source), series.secs, strict=True))
    if channel == "pace":
        return ([pace_unit_m / v for v, s in pairs if v is not None and v > MOVING_SPEED and s > 0],
                [s for v, s in pairs if v is not None and v > MOVING_SPEED and s > 0])
    return [v for v, s in pairs if v is not None and s > 0], [s for v, s in pairs if v is not None and s > 0]


def _count(low: float, high: float, step: float) -> int:
    """Half-open buckets of `step` on multiples of it, from the one holding `low` to the one holding `high`."""
    return math.floor(high / step) - math.floor(low / step) + 1


def _step(low: float, high: float, steps: Sequence[float], max_buckets: int) -> float:
    for step in steps:
        if _count(low, high, step) <= max_buckets:
            return step
    step = steps[-1]
    while _count(low, high, step) > max_buckets:
        step *= 2
    return step


def histogram(series: Series, channel: str, *, pace_unit_m: float = 1000.0,
              max_buckets: int = MAX_BUCKETS) -> list[Bucket]:
    """Buckets of `channel` ("watts", "heartrate" or "pace"), lowest value first; empty without data."""
    values, secs = _samples(series, channel, pace_unit_m)
    if not values:
        return []
    # Sorted once: the range comes from its ends, each bucket's time from where its edges fall in it.
    if len(set(secs)) == 1:  # every sample as long (1 Hz): the values alone sort, at C speed
        values.sort()

        def time_to(cut: int) -> float:
            return cut * secs[0]
    else:
        order = sorted(range(len(values)), key=values.__getitem__)
        values = [values[i] for i in order]
        held = list(accumulate([secs[i] for i in order], initial=0.0))

        def time_to(cut: int) -> float:
            return held[cut]
    low, high = values[int(TAIL * (len(values) - 1))], values[int((1 - TAIL) * (len(values) - 1))]
    step = _step(low, high, STEPS.get(channel, (1.0,)), max_buckets)
    first, count = math.floor(low / step) * step, _count(low, high, step)
    cuts = [0] + [bisect_left(values, first + k * step) for k in range(1, count)] + [len(values)]
    below, above = values[0] < first, values[-1] >= first + count * step
    out = []
    for k in range(count):
        lo = None if k == 0 and below else first + k * step
        hi = None if k == count - 1 and above else first + (k + 1) * step
        out.append(Bucket(lo, hi, time_to(cuts[k + 1]) - time_to(cuts[k])))
    return out
