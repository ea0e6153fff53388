"""Wellness against the athlete's own recent normal.

A resting HR of 52 means nothing alone; 52 against a usual 46 +/- 2 is a
signal. For each day and metric we take the values from the previous
`window_days` days (the day itself excluded), and report the distance from
their mean in units of their standard deviation, flagged when it is more than
`threshold_sd` out in the direction that is bad for that metric (the SD is
floored per metric, see `SD_FLOOR`).

Intervals.icu's subjective scales run 1 (best) to 4 (worst) for soreness,
fatigue, stress, mood, motivation, injury and sleep quality, so higher is worse.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from icusync.coach.dates import parse_upstream_date
from icusync.coach.units import num

LOW_IS_BAD = "low"
HIGH_IS_BAD = "high"
NEUTRAL = "none"

# metric → which direction is bad; ordered as shown to the athlete.
METRICS: dict[str, str] = {
    "hrv": LOW_IS_BAD,
    "hrvSDNN": LOW_IS_BAD,
    "restingHR": HIGH_IS_BAD,
    "avgSleepingHR": HIGH_IS_BAD,
    "sleepSecs": LOW_IS_BAD,
    "sleepScore": LOW_IS_BAD,
    "sleepQuality": HIGH_IS_BAD,
    "readiness": LOW_IS_BAD,
    "spO2": LOW_IS_BAD,
    "respiration": HIGH_IS_BAD,
    "soreness": HIGH_IS_BAD,
    "fatigue": HIGH_IS_BAD,
    "stress": HIGH_IS_BAD,
    "mood": HIGH_IS_BAD,
    "motivation": HIGH_IS_BAD,
    "injury": HIGH_IS_BAD,
    "systolic": HIGH_IS_BAD,
    "diastolic": HIGH_IS_BAD,
    "weight": NEUTRAL,
    "bodyFat": NEUTRAL,
    "vo2max": LOW_IS_BAD,
    "steps": NEUTRAL,
    "hydration": NEUTRAL,
    "kcalConsumed": NEUTRAL,
}

# The smallest spread we believe, in the metric's units: a very steady metric (resting HR
# 46 or 47 for a month, soreness always 1) would otherwise flag every normal wobble.
SD_FLOOR: dict[str, float] = {
    "hrv": 2.0, "hrvSDNN": 2.0, "restingHR": 1.0, "avgSleepingHR": 1.0, "sleepSecs": 900.0, "sleepScore": 3.0,
    "sleepQuality": 0.5, "readiness": 3.0, "spO2": 0.5, "respiration": 0.3, "soreness": 0.5, "fatigue": 0.5,
    "stress": 0.5, "mood": 0.5, "motivation": 0.5, "injury": 0.5, "systolic": 3.0, "diastolic": 2.0, "vo2max": 0.5,
}

DEFAULT_WINDOW_DAYS = 28
# Fewer prior values than this and a standard deviation is noise.
MIN_SAMPLES = 5


@dataclass(frozen=True)
class Deviation:
    """One metric on one day against its baseline; `sd` is the spread used (never below `SD_FLOOR`)."""

    metric: str
    value: float
    mean: float | None
    sd: float | None
    samples: int
    flagged: bool

    @property
    def delta(self) -> float | None:
        return None if self.mean is None else self.value - self.mean

    @property
    def z(self) -> float | None:
        """Distance from the mean in SDs; None without a baseline or with zero spread."""
        if self.mean is None or not self.sd:
            return None
        return (self.value - self.mean) / self.sd

    def to_dict(self) -> dict[str, Any]:
        z, delta = self.z, self.delta
        return {
            "metric": self.metric,
            "value": self.value,
            "mean": None if self.mean is None else round(self.mean, 1),
            "sd": None if self.sd is None else round(self.sd, 1),
            "delta": None if delta is None else round(delta, 1),
            "z": None if z is None else round(z, 1),
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class DayBaseline:
    day: date
    deviations: dict[str, Deviation]

    @property
    def flags(self) -> list[str]:
        return [m for m, d in self.deviations.items() if d.flagged]


def window_start(first_day: date, window_days: int = DEFAULT_WINDOW_DAYS) -> date:
    """The oldest date to fetch so `first_day` already has a full baseline."""
    return first_day - timedelta(days=window_days)


def _is_bad(direction: str, value: float, mean: float, sd: float, threshold_sd: float) -> bool:
    if direction == NEUTRAL:
        return False
    diff = value - mean if direction == HIGH_IS_BAD else mean - value
    # Zero spread (e.g. soreness always 1): any move the bad way is out of the ordinary.
    return diff > 0 if sd == 0 else diff > threshold_sd * sd


def compare_to_baseline(
    rows: Sequence[Mapping[str, Any]],
    *,
    since: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    threshold_sd: float = 1.0,
    min_samples: int = MIN_SAMPLES,
) -> list[DayBaseline]:
    """Each day on or after `since` (all days when None), oldest first, against its baseline.

    `rows` should reach back `window_days` before `since` (see `window_start`);
    the earlier rows feed baselines but are not returned. Metrics outside
    `METRICS` are ignored; missing values are skipped, not counted as zero.
    """
    by_day: dict[date, Mapping[str, Any]] = {}
    for row in rows:
        day = parse_upstream_date(row.get("id"))
        if day is not None:
            by_day[day] = row
    days = sorted(by_day)
    out = []
    for day in days:
        if since is not None and day < since:
            continue
        prior = [by_day[d] for d in days if day - timedelta(days=window_days) <= d < day]
        deviations: dict[str, Deviation] = {}
        for metric, direction in METRICS.items():
            value = num(by_day[day].get(metric))
            if value is None:
                continue
            history = [v for v in (num(r.get(metric)) for r in prior) if v is not None]
            if len(history) < min_samples:
                deviations[metric] = Deviation(metric, value, None, None, len(history), False)
                continue
            mean = statistics.fmean(history)
            sd = max(statistics.stdev(history), SD_FLOOR.get(metric, 0.0))
            flagged = _is_bad(direction, value, mean, sd, threshold_sd)
            deviations[metric] = Deviation(metric, value, mean, sd, len(history), flagged)
        out.append(DayBaseline(day, deviations))
    return out
