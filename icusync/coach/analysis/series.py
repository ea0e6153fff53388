"""An activity's streams as the analyses read them: aligned samples, which of them were moving, and
averages over any run of samples in constant time.

Intervals.icu sends one list per stream (`time`, `watts`, `heartrate`, ...), a value per sample; values
may be null (a sensor dropping out, null padding at the ends). A sample is moving when the `moving`
stream says so; else when the speed is above a standstill; else, without a speed, when the athlete
pedals or puts out power; with none of those, every sample is.

A sample holds what was recorded since the one before: sample i covers the time from `time[i-1]` to
`time[i]` and the distance from `distance[i-1]` to `distance[i]`, so the time, distance and averages of
samples a to b describe the same stretch of road. It stands for that many seconds (1 at 1 Hz, more with
smart recording), unless `time` jumps further: a recording paused at a stop does not count the stop.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import le, mul, sub
from typing import Any, cast

MOVING_SPEED = 0.3  # m/s; slower is standing still
MAX_GAP_SECS = 10.0  # the most one sample may stand for; a longer jump in `time` is a paused recording

WATTS, HR, SPEED, CADENCE, ALTITUDE, DISTANCE, TEMP, TIME = (
    "watts", "heartrate", "velocity_smooth", "cadence", "altitude", "distance", "temp", "time",
)  # fmt: skip


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None


_PLAIN = {int, float, type(None)}


def _numbers(raw: Sequence[Any]) -> list[float | None]:
    """The samples as numbers or None; anything else (text, booleans, NaN, infinity) becomes None."""
    # The usual case, checked at C speed: plain numbers, none of them NaN or infinite (their sum would be).
    if set(map(type, raw)) <= _PLAIN and math.isfinite(sum(filter(None, raw))):
        return list(raw)
    return [_number(v) for v in raw]


def _whole(values: list[float | None]) -> list[float] | None:
    """The values when none is missing (the usual case, then summed and compared at C speed), else None."""
    return None if None in values else cast("list[float]", values)


@dataclass(frozen=True)
class Span:
    """Samples `start` to `end` (end excluded), with a label for tables ("3", "Rep 2", "20m-40m")."""

    start: int
    end: int
    label: str = ""


@dataclass
class Series:
    """Streams aligned by sample. `secs[i]` is the moving time sample i stands for (0 when stopped)."""

    time: list[float]
    secs: list[float]
    channels: dict[str, list[float | None]]
    missing: tuple[str, ...]
    _sums: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict, repr=False)
    _moving: list[float] = field(default_factory=list, repr=False)
    _distance: list[float] | None = field(default=None, repr=False)
    _climb: list[float] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.secs)

    def has(self, name: str) -> bool:
        return name in self.channels

    def values(self, name: str) -> list[float | None]:
        return self.channels.get(name) or [None] * self.n

    def moving_secs(self, start: int = 0, end: int | None = None) -> float:
        cum = self._cum_moving()
        return cum[self.n if end is None else end] - cum[start]

    def index_at(self, moving_secs: float) -> int:
        """The first sample boundary by which `moving_secs` of moving time have passed."""
        return min(self.n, bisect_left(self._cum_moving(), moving_secs))

    def mean(self, name: str, start: int = 0, end: int | None = None) -> float | None:
        """Time-weighted average of a stream over the moving samples with a value; None without any."""
        if name not in self.channels:
            return None
        weights, sums = self._sums_of(name)
        stop = self.n if end is None else end
        w = weights[stop] - weights[start]
        return (sums[stop] - sums[start]) / w if w > 0 else None

    def top(self, name: str) -> float | None:
        """The highest value of a stream, moving or not; None without one."""
        values = self.channels.get(name) or []
        plain = _whole(values)
        return max(plain if plain is not None else [v for v in values if v is not None], default=None)

    def secs_above(self, name: str, threshold: float) -> float:
        """Moving seconds with a value above `threshold`."""
        values = self.channels.get(name) or []
        return sum(compress(self.secs, [v is not None and v > threshold for v in values]))

    def distance(self, start: int = 0, end: int | None = None) -> float | None:
        """Metres covered over the samples; None without a distance or speed stream."""
        cum = self._cum_distance()
        if cum is None:
            return None
        return cum[self.n if end is None else end] - cum[start]

    def distance_index(self, metres: float) -> int:
        """The first sample boundary by which `metres` have been covered."""
        cum = self._cum_distance() or [0.0] * (self.n + 1)
        return min(self.n, bisect_left(cum, metres))

    def climbing(self, start: int = 0, end: int | None = None) -> float | None:
        """Metres climbed over the samples (the sum of the rises); None without altitude."""
        cum = self._cum_climb()
        if cum is None:
            return None
        return cum[self.n if end is None else end] - cum[start]

    def speed(self, start: int = 0, end: int | None = None) -> float | None:
        """Average moving speed, m/s: distance over moving time (not the mean of the samples)."""
        metres, secs = self.distance(start, end), self.moving_secs(start, end)
        return metres / secs if metres is not None and secs > 0 else None

    # -- prefix sums, built once per stream on first use ------------------------------------------

    def _cum_moving(self) -> list[float]:
        if not self._moving:
            self._moving = list(accumulate(self.secs, initial=0.0))
        return self._moving

    def _sums_of(self, name: str) -> tuple[list[float], list[float]]:
        hit = self._sums.get(name)
        if hit is None:
            xs = self.channels[name]
            plain = _whole(xs)
            if plain is not None:  # no gaps, the usual case: every sample weighs its seconds
                weights, sums = self._cum_moving(), accumulate(map(mul, self.secs, plain), initial=0.0)
            else:  # a sample without a value weighs nothing
                weights = list(accumulate(map(mul, self.secs, [x is not None for x in xs]), initial=0.0))
                sums = accumulate(map(mul, self.secs, [0.0 if x is None else x for x in xs]), initial=0.0)
            hit = self._sums[name] = (weights, list(sums))
        return hit

    def _cum_distance(self) -> list[float] | None:
        """Distance at the end of each sample, after a leading 0: from the distance stream (gaps held),
        else from speed times moving seconds."""
        if self._distance is None:
            if DISTANCE in self.channels:
                given = self.channels[DISTANCE]
                plain = _whole(given)
                if plain is not None and all(map(le, plain[:-1], plain[1:])):  # the usual case
                    self._distance = [0.0, *plain]
                    return self._distance
                held, out = 0.0, [0.0]
                for d in given:
                    held = d if d is not None and d >= held else held
                    out.append(held)
                self._distance = out
            elif SPEED in self.channels:
                steps = [(v or 0.0) * s for v, s in zip(self.channels[SPEED], self.secs, strict=True)]
                self._distance = list(accumulate(steps, initial=0.0))
        return self._distance

    def _cum_climb(self) -> list[float] | None:
        if self._climb is None and ALTITUDE in self.channels:
            alt = self.channels[ALTITUDE]
            plain = _whole(alt)
            rises: Iterable[float]
            if plain is not None:  # the usual case: each sample's rise over the one before
                rises = [0.0, *[d if d > 0 else 0.0 for d in map(sub, plain[1:], plain[:-1])]]
            else:
                found, last = [], None
                for a in alt:
                    found.append(a - last if a is not None and last is not None and a > last else 0.0)
                    last = a if a is not None else last
                rises = found
            self._climb = list(accumulate(rises, initial=0.0))
        return self._climb


def _moving(channels: Mapping[str, list[float | None]], raw_moving: Sequence[Any] | None, n: int) -> list[bool]:
    if raw_moving is not None and len(raw_moving) == n:
        return [bool(m) for m in raw_moving]
    speed, watts, cadence = channels.get(SPEED), channels.get(WATTS), channels.get(CADENCE)
    plain = _whole(speed) if speed is not None else None
    if plain is not None:
        return [v > MOVING_SPEED for v in plain]
    if speed is not None:
        pushing = [
            bool((w or 0) > 0 or (c or 0) > 0)
            for w, c in zip(watts or [None] * n, cadence or [None] * n, strict=True)
        ]
        return [v > MOVING_SPEED if v is not None else p for v, p in zip(speed, pushing, strict=True)]
    if watts is not None or cadence is not None:
        return [
            bool((w or 0) > 0 or (c or 0) > 0)
            for w, c in zip(watts or [None] * n, cadence or [None] * n, strict=True)
        ]
    return [True] * n


def from_streams(streams: Mapping[str, Sequence[Any]], wanted: Sequence[str]) -> Series:
    """The `wanted` streams aligned to the longest one; a stream absent, all null or empty is `missing`."""
    n = max((len(v) for v in streams.values() if isinstance(v, Sequence)), default=0)
    channels: dict[str, list[float | None]] = {}
    missing = []
    for name in wanted:
        raw = streams.get(name)
        values = _numbers(raw) if isinstance(raw, Sequence) and not isinstance(raw, str) else []
        if not any(v is not None for v in values):
            if name != TIME:
                missing.append(name)
            continue
        channels[name] = values + [None] * (n - len(values))
    clock = channels.pop(TIME, None)
    time: list[float] = list(map(float, range(n))) if clock is None else _filled_clock(clock)
    moving = _moving(channels, streams.get("moving"), n)
    gaps = [1.0, *map(sub, time[1:], time[:-1])] if n else []
    if set(gaps) <= {1.0}:  # 1 Hz with no pause in the recording, the usual case
        secs = list(map(float, moving))
    else:
        secs = [(g if 0 < g <= MAX_GAP_SECS else 1.0) if m else 0.0 for g, m in zip(gaps, moving, strict=True)]
    return Series(time=time, secs=secs, channels=channels, missing=tuple(missing))


def _filled_clock(clock: list[float | None]) -> list[float]:
    """A time stream with its null padding filled a second at a time from its neighbours."""
    plain = _whole(clock)
    if plain is not None:
        return plain
    first = next((i for i, t in enumerate(clock) if t is not None), 0)
    out, last = [], (clock[first] or 0.0) - first
    for t in clock:
        last = t if t is not None else last + 1.0
        out.append(last)
    return out
