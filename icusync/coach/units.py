"""Formatting numbers for people: durations, distances, paces, speeds.

Upstream stores SI units (seconds, metres, metres per second); athletes read
"1h05", "42.2 km", "4:05/km" and "1:45/100m". Every formatter accepts None
(a missing upstream field) and returns `MISSING` rather than raising.
"""

from __future__ import annotations

import math
from typing import Any

MISSING = "-"


def num(value: Any) -> float | None:
    """A finite number from upstream JSON, else None (booleans are not numbers)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None

METRES_PER_MILE = 1609.344

# Upstream `pace_units` → (metres the pace is quoted over, suffix shown).
PACE_UNITS: dict[str, tuple[float, str]] = {
    "MINS_KM": (1000.0, "/km"),
    "MINS_MILE": (METRES_PER_MILE, "/mi"),
    "SECS_100M": (100.0, "/100m"),
    "SECS_100Y": (91.44, "/100y"),
    "SECS_500M": (500.0, "/500m"),
    "SECS_400M": (400.0, "/400m"),
    "SECS_250M": (250.0, "/250m"),
}
_SUFFIX_METRES = {suffix: metres for metres, suffix in PACE_UNITS.values()}

_SWIM = ("Swim",)
_ROW = ("Rowing",)
_FOOT = ("Run", "Walk", "Hike", "Snowshoe")


def _finite(value: float | int | None) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def pace_family(sport: str | None) -> str:
    """ "swim", "row", "foot" or "other": decides pace unit and whether pace beats speed."""
    s = sport or ""
    if any(k in s for k in _SWIM):
        return "swim"
    if any(k in s for k in _ROW):
        return "row"
    if any(k in s for k in _FOOT):
        return "foot"
    return "other"


def pace_suffix(sport: str | None = None, pace_units: str | None = None) -> str:
    """The pace suffix for a sport, honouring the athlete's `pace_units` when set."""
    if pace_units in PACE_UNITS:
        return PACE_UNITS[pace_units][1]
    family = pace_family(sport)
    return {"swim": "/100m", "row": "/500m"}.get(family, "/km")


def uses_pace(sport: str | None) -> bool:
    """Athletes in these sports think in pace; cyclists think in km/h."""
    return pace_family(sport) != "other"


def pace_secs(speed_m_s: float | None, suffix: str = "/km") -> float | None:
    """Seconds to cover the suffix's distance at `speed_m_s`; None when not moving."""
    if not _finite(speed_m_s) or speed_m_s is None or speed_m_s <= 0:
        return None
    return _SUFFIX_METRES.get(suffix, 1000.0) / speed_m_s


def fmt_clock(secs: float | None) -> str:
    """45 → "0:45", 245 → "4:05", 3725 → "1:02:05" (race times, paces)."""
    if not _finite(secs) or secs is None or secs < 0:
        return MISSING
    total = round(secs)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def fmt_pace_secs(secs: float | None, suffix: str = "/km") -> str:
    if secs is None:
        return MISSING
    return fmt_clock(secs) + suffix


def fmt_pace(speed_m_s: float | None, suffix: str = "/km") -> str:
    """3.2258 m/s → "5:10/km"; 0.9524 m/s with "/100m" → "1:45/100m"."""
    return fmt_pace_secs(pace_secs(speed_m_s, suffix), suffix)


def fmt_speed(speed_m_s: float | None) -> str:
    """8.9 m/s → "32.0 km/h"."""
    if not _finite(speed_m_s) or speed_m_s is None or speed_m_s <= 0:
        return MISSING
    return f"{speed_m_s * 3.6:.1f} km/h"


def fmt_pace_or_speed(speed_m_s: float | None, sport: str | None, pace_units: str | None = None) -> str:
    """Pace for foot, swim and row sports; km/h for everything else."""
    if uses_pace(sport):
        return fmt_pace(speed_m_s, pace_suffix(sport, pace_units))
    return fmt_speed(speed_m_s)


def fmt_duration(secs: float | None) -> str:
    """Training durations: 45 → "45s", 270 → "4m30s", 720 → "12m", 3900 → "1h05"."""
    if not _finite(secs) or secs is None or secs < 0:
        return MISSING
    total = round(secs)
    if total < 60:
        return f"{total}s"
    if total < 3600:
        m, s = divmod(total, 60)
        return f"{m}m{s:02d}s" if s else f"{m}m"
    h, m = divmod(round(total / 60), 60)
    return f"{h}h{m:02d}"


def km(metres: float | None, digits: int = 1) -> float | None:
    if not _finite(metres) or metres is None:
        return None
    return round(metres / 1000.0, digits)


def fmt_km(metres: float | None, digits: int = 1) -> str:
    """42195 → "42.2 km"; swims under 10 km keep two decimals via `digits`."""
    value = km(metres, digits)
    return MISSING if value is None else f"{value:.{digits}f} km"


def fmt_distance(metres: float | None, sport: str | None = None) -> str:
    """Swims in metres ("2500 m"), everything else in km."""
    if pace_family(sport) == "swim" and _finite(metres) and metres is not None:
        return f"{round(metres)} m"
    return fmt_km(metres)


def rnd(value: float | int | None, digits: int = 0) -> float | int | None:
    """Round for structured output: ints when `digits` is 0, None passes through."""
    if not _finite(value) or value is None:
        return None
    # + 0.0 turns a rounded -0.0 into 0.0: "-0" reads as a sign that is not there.
    return round(value) if digits == 0 else round(float(value), digits) + 0.0


def fmt_num(value: float | int | None, digits: int = 0, unit: str = "") -> str:
    """128.4 → "128", with `unit` appended without a space for W/bpm style."""
    r = rnd(value, digits)
    if r is None:
        return MISSING
    text = f"{r:.{digits}f}" if digits else str(r)
    return text + unit


def fmt_signed(value: float | int | None, digits: int = 0, unit: str = "") -> str:
    """Deltas always carry a sign: +5, -3.2, ±0."""
    r = rnd(value, digits)
    if r is None:
        return MISSING
    if r == 0:
        return f"±0{unit}"
    text = f"{r:+.{digits}f}" if digits else f"{r:+d}"
    return text + unit
