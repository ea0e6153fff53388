"""An athlete's zones in absolute units: watts, bpm, and time per km / mile / 100 m.

Upstream stores zone *upper* bounds: power as % of FTP, HR in bpm, pace as % of
threshold *speed* (so a higher % is faster). The lower bound of zone N is the
upper bound of zone N-1; a last bound of 999 (or more) means "and up".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import PACE_UNITS, fmt_clock, fmt_pace_secs, pace_secs, pace_suffix

OPEN_BOUND = 999.0


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
    low: float | None = 0.0
    for i, pct in enumerate(s.power_zones):
        high = None if pct >= OPEN_BOUND else float(round(s.ftp * pct / 100))
        zones.append(Zone(i + 1, _name(s.power_zone_names, i), low, high, "W", _range_label(low, high, " W")))
        low = high
    return zones


def hr_zones(s: SportSettings) -> list[Zone]:
    """HR zones in bpm; the bounds are already absolute upstream."""
    zones = []
    low: float | None = None  # Z1 has no floor worth showing ("< 138 bpm")
    for i, bpm in enumerate(s.hr_zones):
        high = None if bpm >= OPEN_BOUND else float(round(bpm))
        zones.append(Zone(i + 1, _name(s.hr_zone_names, i), low, high, "bpm", _range_label(low, high, " bpm")))
        low = high
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
    zones = []
    low: float | None = None  # Z1: anything slower than its upper bound
    for i, pct in enumerate(s.pace_zones):
        high = None if pct >= OPEN_BOUND else pace_secs(s.threshold_pace * pct / 100, unit)
        high = None if high is None else round(high, 1)
        if low is None:
            label = f"slower than {fmt_pace_secs(high, unit)}"
        elif high is None:
            label = f"faster than {fmt_pace_secs(low, unit)}"
        else:
            label = f"{fmt_clock(low)}-{fmt_pace_secs(high, unit)}"
        zones.append(Zone(i + 1, _name(s.pace_zone_names, i), low, high, f"s{unit}", label))
        low = high
    return zones


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
