"""Aerobic decoupling (Pa:HR): how much heart rate came loose from output over a steady effort.

Efficiency factor (EF) is output over heart rate: watts per bpm for rides with power, speed (m/s) per
bpm otherwise. Decoupling compares the first and second half (by moving time) of the steady part of
the session: (EF first - EF second) / EF first x 100. Under 5% is the usual mark of an aerobic base
that holds for that duration; above it, heart rate climbed for the same output (heat, dehydration,
fatigue, or a pace beyond what the base supports).

The steady part leaves out the warm-up (a lap labelled as one, else the first 10 minutes) and a
cool-down lap at the end, where HR and output move apart for reasons of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from icusync.coach.analysis.series import HR, Series, Span
from icusync.coach.analysis.spans import from_intervals, in_parts

WARMUP_SECS = 600.0
MIN_STEADY_SECS = 20 * 60  # halves shorter than 10 minutes say more about noise than about drift


@dataclass(frozen=True)
class Decoupling:
    output: str  # the stream EF is built on: "watts" or "velocity_smooth"
    steady: Span
    first: Span
    second: Span
    output_first: float
    output_second: float
    hr_first: float
    hr_second: float

    @property
    def ef_first(self) -> float:
        return self.output_first / self.hr_first

    @property
    def ef_second(self) -> float:
        return self.output_second / self.hr_second

    @property
    def pct(self) -> float:
        return (self.ef_first - self.ef_second) / self.ef_first * 100


def _labelled(intervals: Sequence[Mapping[str, Any]], word: str) -> Mapping[str, Any] | None:
    return next((i for i in intervals if word in str(i.get("label") or "").lower()), None)


def steady_part(series: Series, intervals: Sequence[Mapping[str, Any]] = (), warmup_s: float = WARMUP_SECS) -> Span:
    """The session without its warm-up and cool-down."""
    laps = {s.label.lower(): s for s in from_intervals(series, intervals)}
    warm, cool = _labelled(intervals, "warm"), _labelled(intervals, "cool")
    start, end = series.index_at(warmup_s), series.n
    if warm is not None and (span := laps.get(str(warm.get("label")).lower())):
        start = span.end
    if cool is not None and (span := laps.get(str(cool.get("label")).lower())) and span.start > start:
        end = span.start
    if series.moving_secs(start, end) < MIN_STEADY_SECS:  # too short to leave a warm-up out
        start = 0
    return Span(start, end, "steady part")


def decoupling(series: Series, output: str, steady: Span) -> Decoupling | None:
    """None when the steady part is under 20 minutes or a half lacks output or heart rate."""
    if series.moving_secs(steady.start, steady.end) < MIN_STEADY_SECS:
        return None
    first, second = in_parts(series, 2, steady.start, steady.end)
    out1, out2 = series.mean(output, first.start, first.end), series.mean(output, second.start, second.end)
    hr1, hr2 = series.mean(HR, first.start, first.end), series.mean(HR, second.start, second.end)
    if not out1 or not out2 or not hr1 or not hr2:
        return None
    return Decoupling(output, steady, first, second, out1, out2, hr1, hr2)
