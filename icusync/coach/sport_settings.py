"""An athlete's thresholds and zones for one group of sports, as plain data.

Intervals.icu keeps FTP, LTHR, threshold pace and the zones per sport group
(`GET /athlete/{id}/sport-settings`). Everything in `coach/` that needs a
threshold takes a `SportSettings`, never the raw upstream dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def _floats(values: Any) -> tuple[float, ...]:
    if not isinstance(values, Sequence) or isinstance(values, str):
        return ()
    return tuple(float(v) for v in values if isinstance(v, int | float))


def _names(values: Any) -> tuple[str, ...]:
    if not isinstance(values, Sequence) or isinstance(values, str):
        return ()
    return tuple(str(v) for v in values)


def _positive(value: Any) -> float | None:
    """A threshold as a float; zero, negatives and non-numbers mean "not set"."""
    return float(value) if isinstance(value, int | float) and value > 0 else None


@dataclass(frozen=True)
class SportSettings:
    """Thresholds and zone bounds as Intervals.icu stores them.

    Units are the upstream's: `power_zones` are upper bounds in % of FTP,
    `hr_zones` upper bounds in bpm, `pace_zones` upper bounds in % of threshold
    *speed* (higher is faster; the last bound is usually 999), and
    `threshold_pace` is a speed in m/s.
    """

    id: int | None
    types: tuple[str, ...]
    ftp: float | None = None
    indoor_ftp: float | None = None
    lthr: float | None = None
    max_hr: float | None = None
    threshold_pace: float | None = None
    pace_units: str | None = None
    power_zones: tuple[float, ...] = ()
    power_zone_names: tuple[str, ...] = ()
    hr_zones: tuple[float, ...] = ()
    hr_zone_names: tuple[str, ...] = ()
    pace_zones: tuple[float, ...] = ()
    pace_zone_names: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> SportSettings:
        """Build from one element of the upstream `sport-settings` list."""
        raw_id = data.get("id")
        return cls(
            id=raw_id if isinstance(raw_id, int) else None,
            types=_names(data.get("types")),
            ftp=_positive(data.get("ftp")),
            indoor_ftp=_positive(data.get("indoor_ftp")),
            lthr=_positive(data.get("lthr")),
            max_hr=_positive(data.get("max_hr")),
            threshold_pace=_positive(data.get("threshold_pace")),
            pace_units=data.get("pace_units") or None,
            power_zones=_floats(data.get("power_zones")),
            power_zone_names=_names(data.get("power_zone_names")),
            hr_zones=_floats(data.get("hr_zones")),
            hr_zone_names=_names(data.get("hr_zone_names")),
            pace_zones=_floats(data.get("pace_zones")),
            pace_zone_names=_names(data.get("pace_zone_names")),
        )

    def covers(self, sport: str) -> bool:
        return sport in self.types


def settings_for(sport: str, all_settings: Sequence[SportSettings]) -> SportSettings | None:
    """The settings group whose `types` include `sport` (e.g. "Run", "VirtualRide")."""
    for s in all_settings:
        if s.covers(sport):
            return s
    return None
