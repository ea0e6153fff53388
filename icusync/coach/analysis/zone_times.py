"""Time in zones per interval (or per segment): where each rep actually sat, by power, pace or HR.

Zones come as upper bounds in the stream's own unit (watts, bpm, m/s), lowest zone first; a value on
a bound belongs to the zone below it, and anything above the last bound to the last zone.
"""

from __future__ import annotations

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
    """Each sample's zone (0 is the lowest), None without a value."""
    last = len(bounds) - 1
    return [None if v is None else min(last, bisect_left(bounds, v)) for v in series.values(channel)]


def times_in_zones(series: Series, zones: list[int | None], count: int, spans: Sequence[Span]) -> list[list[float]]:
    """Moving seconds in each of `count` zones per span, from `zone_index`."""
    out = []
    for span in spans:
        row = [0.0] * count
        for z, s in zip(zones[span.start : span.end], series.secs[span.start : span.end], strict=True):
            if z is not None:
                row[z] += s
        out.append(row)
    return out
