"""Splits: the activity per km or mile (or per lap), each with its time, speed, heart rate, power,
cadence and climbing, and how the second half compared with the first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icusync.coach.analysis.series import CADENCE, HR, WATTS, Series, Span
from icusync.coach.analysis.spans import by_distance, from_intervals


@dataclass(frozen=True)
class Split:
    label: str
    moving_secs: float
    distance_m: float | None
    speed: float | None  # m/s over the moving time
    hr: float | None
    watts: float | None
    cadence: float | None
    climb_m: float | None


def split_of(series: Series, span: Span) -> Split:
    return Split(
        label=span.label,
        moving_secs=series.moving_secs(span.start, span.end),
        distance_m=series.distance(span.start, span.end),
        speed=series.speed(span.start, span.end),
        hr=series.mean(HR, span.start, span.end),
        watts=series.mean(WATTS, span.start, span.end),
        cadence=series.mean(CADENCE, span.start, span.end),
        climb_m=series.climbing(span.start, span.end),
    )


def distance_splits(series: Series, every_m: float) -> list[Split]:
    return [split_of(series, s) for s in by_distance(series, every_m)]


def lap_splits(series: Series, intervals: Sequence[Mapping[str, Any]]) -> list[Split]:
    return [split_of(series, s) for s in from_intervals(series, intervals)]


@dataclass(frozen=True)
class HalfSplit:
    """The first and second half by distance: a negative split has the second half faster."""

    first_speed: float
    second_speed: float
    first_hr: float | None
    second_hr: float | None

    @property
    def change_pct(self) -> float:
        """Speed of the second half against the first, %: positive is faster (a negative split)."""
        return (self.second_speed / self.first_speed - 1) * 100


def half_split(series: Series) -> HalfSplit | None:
    total = series.distance()
    if not total:
        return None
    mid = series.distance_index(total / 2)
    first, second = series.speed(0, mid), series.speed(mid)
    if not first or not second:
        return None
    return HalfSplit(first, second, series.mean(HR, 0, mid), series.mean(HR, mid))
