"""The lines beside the dashboard chart: the latest activity and today's wellness, read live, so the athlete
sees at a glance that icusync reads their data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from icusync.coach.plain import plain_day
from icusync.coach.render.rendered import is_strava_stub
from icusync.coach.units import fmt_distance, num
from icusync.coach.workout.resolve import step_duration_text

# Wellness values worth a glance, in the order shown: (upstream key, label, unit, scale, decimals).
WELLNESS_GLANCE: tuple[tuple[str, str, str, float, int], ...] = (
    ("restingHR", "resting HR", " bpm", 1, 0),
    ("hrv", "HRV", " ms", 1, 0),
    ("sleepSecs", "sleep", " h", 1 / 3600, 1),
    ("weight", "weight", " kg", 1, 1),
    ("readiness", "readiness", "", 1, 0),
)


def activity_line(activity: Mapping[str, Any] | None, today: date) -> str:
    """ "Run 'Threshold 3x10' on Sun 29 Nov: 1 h 1 min, 12.2 km, load 77"."""
    if activity is None:
        return "No activity in the last 90 days."
    day = str(activity.get("start_date_local") or "")[:10]
    when = plain_day(date.fromisoformat(day), today) if day else "an unknown day"
    if is_strava_stub(activity):
        return f"An activity imported from Strava on {when} (Strava does not let Intervals.icu share its details)."
    sport, name = activity.get("type") or "Activity", activity.get("name")
    head = f"{sport} '{name}' on {when}" if name else f"{sport} on {when}"
    bits = []
    seconds = num(activity.get("moving_time"))
    if seconds:
        bits.append(step_duration_text(round(seconds)))
    metres = num(activity.get("distance"))
    if metres:
        bits.append(fmt_distance(metres, str(sport)))
    load = num(activity.get("icu_training_load"))
    if load is not None:
        bits.append(f"load {load:.0f}")
    return f"{head}: {', '.join(bits)}" if bits else head


def wellness_line(row: Mapping[str, Any] | None) -> str:
    """ "resting HR 46 bpm, HRV 62 ms, sleep 6.5 h, weight 68.0 kg", or that nothing is logged yet."""
    bits = []
    for key, label, unit, scale, digits in WELLNESS_GLANCE:
        value = num((row or {}).get(key))
        if value is not None:
            bits.append(f"{label} {value * scale:.{digits}f}{unit}")
    return ", ".join(bits) if bits else "nothing logged yet"
