"""Which streams each analysis reads, and which output (power or speed) a session is measured by.

Streams are large (a 6-hour ride at 1 Hz is over 20,000 samples a stream), so each analysis asks
for only those it uses, and only those the activity recorded (its `stream_types`).
"""

from __future__ import annotations

from collections.abc import Sequence

from icusync.coach.analysis.series import ALTITUDE, CADENCE, DISTANCE, HR, SPEED, TEMP, TIME, WATTS, Series

ANALYSES = ("splits", "drift", "zones", "histogram", "climbs", "why_hard")

NEEDS: dict[str, tuple[str, ...]] = {
    "splits": (TIME, DISTANCE, SPEED, HR, WATTS, CADENCE, ALTITUDE),
    "drift": (TIME, HR, WATTS, SPEED),
    "zones": (TIME, HR, WATTS, SPEED),
    "histogram": (TIME, WATTS, HR, SPEED),
    "climbs": (TIME, ALTITUDE, DISTANCE, SPEED, WATTS, HR),
    "why_hard": (TIME, HR, WATTS, SPEED, TEMP),
}

# What a missing stream is called in an answer.
NAMES = {WATTS: "power", HR: "heart rate", SPEED: "speed", CADENCE: "cadence", ALTITUDE: "altitude",
         DISTANCE: "distance", TEMP: "temperature"}


def to_fetch(kind: str, recorded: Sequence[str] | None) -> list[str]:
    """The streams to ask Intervals.icu for: those the analysis reads that the activity recorded
    (all of them when the activity does not say what it recorded)."""
    needed = NEEDS[kind]
    if not recorded:
        return list(needed)
    return [name for name in needed if name == TIME or name in recorded]


def output_of(series: Series) -> str | None:
    """Power when the session has it, else speed; None with neither (then drift cannot be measured)."""
    if series.has(WATTS) and any((w or 0) > 0 for w in series.values(WATTS)):
        return WATTS
    return SPEED if series.has(SPEED) else None
