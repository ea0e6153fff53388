"""How the answers about one activity's streams show distance, pace, speed and temperature: in the
athlete's units (km or miles, per 100 m in the pool, °C or °F)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from icusync.coach.analysis.channels import NAMES
from icusync.coach.render.activities import start_time, title
from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import METRES_PER_MILE, PACE_UNITS, fmt_clock, pace_family, pace_suffix, uses_pace

MISSING_HINT = {"watts": "no power meter", "temp": "no temperature sensor, or indoors",
                "altitude": "no altitude: indoors or no GPS", "velocity_smooth": "no speed or GPS"}


@dataclass(frozen=True)
class Display:
    sport: str | None
    unit: str  # the split unit's name: "km", "mi", "100m"
    unit_m: float  # its length in metres
    pace: bool  # pace (time per unit) rather than speed
    fahrenheit: bool = False

    @property
    def miles(self) -> bool:
        return self.unit == "mi"

    @property
    def pace_column(self) -> str:
        return f"pace_per_{self.unit}" if self.pace else ("speed_mph" if self.miles else "speed_kmh")

    def pace_cell(self, speed: float | None) -> Any:
        """A pace ("4:32") or a speed (34.2) for a table cell; None when standing."""
        if speed is None or speed <= 0:
            return None
        if self.pace:
            return fmt_clock(self.unit_m / speed)
        return round(speed * (3600 / METRES_PER_MILE if self.miles else 3.6), 1)

    def pace_text(self, speed: float | None) -> str:
        cell = self.pace_cell(speed)
        if cell is None:
            return "-"
        return f"{cell}/{self.unit}" if self.pace else f"{cell} {'mph' if self.miles else 'km/h'}"

    def distance(self, metres: float | None, digits: int = 1) -> Any:
        if metres is None:
            return None
        if self.unit == "100m":
            return round(metres)
        return round(metres / (METRES_PER_MILE if self.miles else 1000.0), digits)

    @property
    def distance_unit(self) -> str:
        return "m" if self.unit == "100m" else self.unit

    def temp(self, celsius: float) -> str:
        return f"{celsius * 9 / 5 + 32:.0f} °F" if self.fahrenheit else f"{celsius:.0f} °C"


def display_for(activity: Mapping[str, Any], settings: SportSettings | None,
                athlete: Mapping[str, Any] | None = None) -> Display:
    """Miles when the sport's pace is set per mile, or when it is not set per km and the athlete
    prefers imperial units; the pool in 100 m (or 100 y)."""
    sport = activity.get("type") if isinstance(activity.get("type"), str) else None
    prefs = athlete or {}
    pace_units = settings.pace_units if settings else None
    fahrenheit = bool(prefs.get("fahrenheit"))
    if pace_family(sport) == "swim":
        suffix = pace_suffix(sport, pace_units)
        metres = next((m for m, s in PACE_UNITS.values() if s == suffix), 100.0)
        return Display(sport, suffix.lstrip("/"), metres, True, fahrenheit)
    imperial = pace_units == "MINS_MILE" or (pace_units != "MINS_KM" and prefs.get("measurement_preference") == "feet")
    unit, metres = ("mi", METRES_PER_MILE) if imperial else ("km", 1000.0)
    return Display(sport, unit, metres, uses_pace(sport), fahrenheit)


def heading(activity: Mapping[str, Any], what: str) -> str:
    return f"{start_time(activity)} {title(activity)} [{activity.get('id')}]: {what}"


def missing_line(missing: tuple[str, ...] | list[str]) -> str | None:
    """ "Not recorded: power (no power meter), temperature." for the streams an answer lacks."""
    if not missing:
        return None
    parts = [NAMES.get(m, m) + (f" ({MISSING_HINT[m]})" if m in MISSING_HINT else "") for m in missing]
    return "Not recorded: " + ", ".join(parts) + "."
