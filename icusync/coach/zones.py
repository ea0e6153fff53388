"""An athlete's zones in absolute units: watts, bpm, and time per km / mile / 100 m.

Upstream stores zone *upper* bounds: power as % of FTP, HR in bpm, pace as % of
threshold *speed* (so a higher % is faster). The lower bound of zone N is the
upper bound of zone N-1; a last bound of 999 (or more) means "and up".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import PACE_UNITS, fmt_clock, fmt_pace_secs, pace_secs, pace_suffix

OPEN_BOUND = 999.0  # upstream writes the top zone's upper bound as 999 ("and up")


def zone_span(uppers: Sequence[float], first: int, last: int) -> tuple[float | None, float | None] | None:
    """Zones `first`..`last` (1-based) as (lower, upper) in the units of `uppers`, the upstream
    upper bounds; None for Z1's floor and for a 999 ceiling. None when the zones do not exist.

    The one place zone bounds are computed: zone tables, workout targets and planned steps use it.
    """
    if not 1 <= first <= last <= len(uppers):
        return None
    lower = uppers[first - 2] if first >= 2 else None
    upper = uppers[last - 1] if uppers[last - 1] < OPEN_BOUND else None
    return lower, upper


@dataclass(frozen=True)
class Zone:
    """One zone. `low`/`high` are in `unit`; None means open-ended.

    For pace, `low`/`high` are the times at the zone's lower/upper % of threshold
    speed, so `low` is the slower (larger) time and `high` the faster one.
    """

    index: int
    name: str
    low: float | None
    high: float | None
    unit: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"zone": self.index, "name": self.name, "low": self.low, "high": self.high, "unit": self.unit}


def _name(names: tuple[str, ...], i: int) -> str:
    base = f"Z{i + 1}"
    extra = names[i].strip() if i < len(names) else ""
    return f"{base} {extra}" if extra and extra != base else base


def _range_label(low: float | None, high: float | None, unit: str) -> str:
    if low is None and high is not None:
        return f"< {high:g}{unit}"
    if high is None and low is not None:
        return f"> {low:g}{unit}"
    return f"{low:g}-{high:g}{unit}"


def power_zones(s: SportSettings) -> list[Zone]:
    """Power zones in watts from % FTP bounds; empty without FTP or zones."""
    if not s.ftp or not s.power_zones:
        return []
    zones = []
    for i in range(len(s.power_zones)):
        lo_pct, hi_pct = zone_span(s.power_zones, i + 1, i + 1) or (None, None)
        low = 0.0 if lo_pct is None else float(round(s.ftp * lo_pct / 100))
        high = None if hi_pct is None else float(round(s.ftp * hi_pct / 100))
        zones.append(Zone(i + 1, _name(s.power_zone_names, i), low, high, "W", _range_label(low, high, " W")))
    return zones


def hr_zones(s: SportSettings) -> list[Zone]:
    """HR zones in bpm; the bounds are already absolute upstream."""
    zones = []
    for i in range(len(s.hr_zones)):
        # Z1 has no floor worth showing ("< 138 bpm").
        lo_bpm, hi_bpm = zone_span(s.hr_zones, i + 1, i + 1) or (None, None)
        low = None if lo_bpm is None else float(round(lo_bpm))
        high = None if hi_bpm is None else float(round(hi_bpm))
        zones.append(Zone(i + 1, _name(s.hr_zone_names, i), low, high, "bpm", _range_label(low, high, " bpm")))
    return zones


def pace_unit(s: SportSettings) -> str:
    """The suffix paces are shown in: the athlete's choice, else by sport (/100m for swims)."""
    sport = next(iter(s.types), None)
    return pace_suffix(sport, s.pace_units if s.pace_units in PACE_UNITS else None)


def threshold_pace_secs(s: SportSettings) -> float | None:
    """Threshold pace as seconds per `pace_unit(s)`."""
    return pace_secs(s.threshold_pace, pace_unit(s))


def pace_zones(s: SportSettings) -> list[Zone]:
    """Pace zones as seconds per unit (see `pace_unit`); Z1 is the slowest.

    The bound for pct is the pace at threshold speed x pct/100; the first zone has
    no slow limit and a 999 bound has no fast limit.
    """
    if not s.threshold_pace or not s.pace_zones:
        return []
    unit = pace_unit(s)
    threshold = s.threshold_pace
    zones = []
    for i in range(len(s.pace_zones)):
        # Z1: anything slower than its upper bound; a 999 bound: anything faster than its lower one.
        lo_pct, hi_pct = zone_span(s.pace_zones, i + 1, i + 1) or (None, None)
        low, high = (None if p is None else _pace_at(threshold, p, unit) for p in (lo_pct, hi_pct))
        if low is None:
            label = f"slower than {fmt_pace_secs(high, unit)}"
        elif high is None:
            label = f"faster than {fmt_pace_secs(low, unit)}"
        else:
            label = f"{fmt_clock(low)}-{fmt_pace_secs(high, unit)}"
        zones.append(Zone(i + 1, _name(s.pace_zone_names, i), low, high, f"s{unit}", label))
    return zones


def _pace_at(threshold_speed: float, pct: float, unit: str) -> float | None:
    secs = pace_secs(threshold_speed * pct / 100, unit)
    return None if secs is None else round(secs, 1)


def zones_for(s: SportSettings) -> dict[str, list[Zone]]:
    """All zone kinds the settings define, keyed "power", "hr", "pace" (empty kinds omitted)."""
    out = {"power": power_zones(s), "hr": hr_zones(s), "pace": pace_zones(s)}
    return {kind: zones for kind, zones in out.items() if zones}


def zone_name(zones: list[Zone], index: int) -> str:
    """The name of zone `index` (1-based), or "Z{index}" when unknown."""
    for z in zones:
        if z.index == index:
            return z.name
    return f"Z{index}"
