"""A list of activities: one row (and one text line) per activity, plus totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.render.rendered import STRAVA_NOTE, Rendered, is_strava_stub, join_lines, more_note, table
from icusync.coach.units import fmt_distance, fmt_duration, fmt_km, fmt_pace_or_speed, km, num, rnd

DEFAULT_LIMIT = 50

COLUMNS = [
    "id",
    "date",
    "sport",
    "name",
    "moving_time",
    "distance_km",
    "load",
    "avg_hr_bpm",
    "avg_power_w",
    "np_w",
    "intensity_pct",
    "pace_or_speed",
]


def intensity_pct(activity: Mapping[str, Any]) -> float | None:
    """`icu_intensity` as a percent of threshold; tolerates either 0.85 or 85 upstream."""
    value = num(activity.get("icu_intensity"))
    if value is None:
        return None
    return value * 100 if value <= 3 else value


def start_time(activity: Mapping[str, Any]) -> str:
    """ "2026-11-03 07:15" from `start_date_local` (seconds dropped)."""
    raw = str(activity.get("start_date_local") or "")
    return raw[:16].replace("T", " ") if len(raw) >= 16 else raw[:10]


def title(activity: Mapping[str, Any]) -> str:
    """ "Ride 'Morning ride'" or the Strava note."""
    if is_strava_stub(activity):
        return "Strava import, not available through the API"
    sport = activity.get("type") or "Activity"
    name = activity.get("name")
    return f"{sport} '{name}'" if name else str(sport)


def activity_row(a: Mapping[str, Any]) -> list[Any]:
    """The `COLUMNS` values of one activity (a stub keeps id and date only)."""
    day = str(a.get("start_date_local") or "")[:10] or None
    if is_strava_stub(a):
        return [a.get("id"), day, None, STRAVA_NOTE, *([None] * (len(COLUMNS) - 4))]
    sport = a.get("type")
    speed = num(a.get("average_speed"))
    return [
        a.get("id"),
        day,
        sport,
        a.get("name"),
        fmt_duration(num(a.get("moving_time"))) if num(a.get("moving_time")) else None,
        km(num(a.get("distance")), 2 if (num(a.get("distance")) or 0) < 10000 else 1),
        rnd(num(a.get("icu_training_load"))),
        rnd(num(a.get("average_heartrate"))),
        rnd(num(a.get("icu_average_watts"))),
        rnd(num(a.get("icu_weighted_avg_watts"))),
        rnd(intensity_pct(a)),
        fmt_pace_or_speed(speed, sport) if speed else None,
    ]


def activity_line(a: Mapping[str, Any]) -> str:
    """One compact line: date time, sport and name, then only the metrics present."""
    head = f"{start_time(a)} {title(a)}"
    if is_strava_stub(a):
        return f"{head} [{a.get('id')}]"
    sport = a.get("type")
    bits = []
    moving, dist = num(a.get("moving_time")), num(a.get("distance"))
    if moving:
        bits.append(fmt_duration(moving))
    if dist:
        bits.append(fmt_distance(dist, sport))
    if (load := num(a.get("icu_training_load"))) is not None:
        bits.append(f"load {rnd(load)}")
    if (watts := num(a.get("icu_average_watts"))) is not None:
        np_ = num(a.get("icu_weighted_avg_watts"))
        bits.append(f"{rnd(watts)} W" + (f" NP {rnd(np_)}" if np_ else ""))
    if (ifp := intensity_pct(a)) is not None:
        bits.append(f"IF {rnd(ifp)}%")
    if (hr := num(a.get("average_heartrate"))) is not None:
        bits.append(f"HR {rnd(hr)}")
    if speed := num(a.get("average_speed")):
        bits.append(fmt_pace_or_speed(speed, sport))
    return f"{head}: {', '.join(bits)} [{a.get('id')}]" if bits else f"{head} [{a.get('id')}]"


def totals(activities: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Count, time, distance and load over all activities (stubs counted, no metrics)."""
    secs = sum(num(a.get("moving_time")) or 0 for a in activities)
    metres = sum(num(a.get("distance")) or 0 for a in activities)
    load = sum(num(a.get("icu_training_load")) or 0 for a in activities)
    return {
        "activities": len(activities),
        "moving_time": fmt_duration(secs),
        "distance_km": km(metres),
        "load": rnd(load),
        "strava_stubs": sum(1 for a in activities if is_strava_stub(a)),
    }


def render_activities(
    activities: Sequence[Mapping[str, Any]],
    *,
    limit: int = DEFAULT_LIMIT,
    total: int | None = None,
) -> Rendered:
    """Newest first, at most `limit` rows; totals cover every activity passed in.

    `total` is how many exist upstream when the caller already cut the list.
    data: {"count": total, "shown": n, "columns": COLUMNS, "rows": [...],
           "totals": {activities, moving_time, distance_km, load, strava_stubs}, "note": str | None}
    """
    ordered = sorted(activities, key=lambda a: str(a.get("start_date_local") or ""), reverse=True)
    count = max(total or 0, len(ordered))
    shown = ordered[: max(limit, 0)]
    note = more_note(len(shown), count)
    sums = totals(ordered)
    n_stubs = sums["strava_stubs"]
    stubs = f", {n_stubs} Strava import{'s' if n_stubs > 1 else ''} without data" if n_stubs else ""
    metres = sum(num(a.get("distance")) or 0 for a in ordered)
    summary = f"{len(ordered)} activities: {sums['moving_time']}, {fmt_km(metres)}, load {sums['load']}{stubs}"
    if not ordered:
        summary = "No activities in this range."
    data = {
        "count": count,
        "shown": len(shown),
        **table(COLUMNS, [activity_row(a) for a in shown]),
        "totals": sums,
        "note": note,
    }
    return Rendered(join_lines(summary, *(activity_line(a) for a in shown), note), data)
