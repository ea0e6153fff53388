"""Time in zones per interval (or per segment): where each rep actually sat, by power, pace or HR.

Zones come as upper bounds in the stream's own unit (watts, bpm, m/s), lowest zone first; a value on
a bound belongs to the zone below it, and anything above the last bound to the last zone.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence

from icusync.coach.analysis.series import Series, Span
from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import pace_secs
from icusync.coach.zones import Zone, hr_zones, pace_unit, pace_zones, power_zones


def uppers(zones: Sequence[Zone], kind: str, unit_m: float = 1000.0) -> list[float]:
    """Zone upper bounds in stream units: W, bpm, or m/s for pace (a pace zone's fast end)."""
    out = []
    for z in zones:
        if z.high is None:
            out.append(float("inf"))
        elif kind == "pace":
            out.append(unit_m / z.high)
        else:
            out.append(z.high)
    return out


def zone_bounds(settings: SportSettings, kind: str) -> tuple[list[Zone], list[float]]:
    """The athlete's zones of one kind ("power", "hr", "pace") and their upper bounds in stream units."""
    if kind == "power":
        zones = power_zones(settings)
    elif kind == "hr":
        zones = hr_zones(settings)
    else:
        zones = pace_zones(settings)
    # Seconds per pace unit at 1 m/s is the unit's length in metres.
    return zones, uppers(zones, kind, pace_secs(1.0, pace_unit(settings)) or 1000.0)


def zone_index(series: Series, channel: str, bounds: Sequence[float]) -> list[int | None]:
    """Each moving sample's zone (0 is the lowest); None for a sample without a value or standing still."""
    edges = [*bounds[:-1], math.inf]  # anything above the last bound is in the last zone
    return [None if v is None or s <= 0 else bisect_left(edges, v)
            for v, s in zip(series.values(channel), series.secs, strict=True)]


def times_in_zones(series: Series, zones: list[int | None], count: int, spans: Sequence[Span]) -> list[list[float]]:
    """Moving seconds in each of `count` zones per span, from `zone_index`."""
    lengths = set(series.secs) - {0.0}
    out = []
    for span in spans:
        part = zones[span.start : span.end]
        if len(lengths) <= 1:  # every moving sample as long (1 Hz): count them, at C speed
            each = next(iter(lengths), 0.0)
            out.append([part.count(z) * each for z in range(count)])
            continue
        row = [0.0] * count
        for z, s in zip(part, series.secs[span.start : span.end], strict=True):
            if z is not None:
                row[z] += s
        out.append(row)
    return out
