"""One activity in depth: summary, intervals (vs plan), time in zones, load and efficiency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.render.activities import intensity_pct, start_time, title
from icusync.coach.render.planned import TargetRange, planned_targets, step_target, versus
from icusync.coach.render.rendered import (
    STRAVA_NOTE,
    Rendered,
    is_strava_stub,
    join_lines,
    more_note,
    table,
    text_table,
)
from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import (
    fmt_distance,
    fmt_duration,
    fmt_pace_or_speed,
    km,
    num,
    pace_suffix,
    rnd,
)
from icusync.coach.zones import hr_zones, pace_zones, zone_name

INTERVAL_LIMIT = 40
DESCRIPTION_CHARS = 300

INTERVAL_COLUMNS = [
    "n",
    "type",
    "label",
    "time",
    "distance_km",
    "avg_power_w",
    "avg_hr_bpm",
    "pace_or_speed",
    "intensity_pct",
    "zone",
    "target",
    "vs_target",
]


def _pct(value: float | None) -> float | None:
    """Intensity as %: upstream may send 0.95 or 95."""
    return None if value is None else (value * 100 if value <= 3 else value)


def summary(a: Mapping[str, Any]) -> dict[str, Any]:
    """The headline numbers with units in the keys; absent metrics are left out."""
    sport = a.get("type")
    speed = num(a.get("average_speed"))
    desc = a.get("description")
    out: dict[str, Any] = {
        "id": a.get("id"),
        "start": start_time(a),
        "sport": sport,
        "name": a.get("name"),
        "moving_time": fmt_duration(num(a.get("moving_time"))) if num(a.get("moving_time")) else None,
        "elapsed_time": fmt_duration(num(a.get("elapsed_time"))) if num(a.get("elapsed_time")) else None,
        "distance_km": km(num(a.get("distance")), 2),
        "elevation_gain_m": rnd(num(a.get("total_elevation_gain"))),
        "pace_or_speed": fmt_pace_or_speed(speed, sport) if speed else None,
        "avg_hr_bpm": rnd(num(a.get("average_heartrate"))),
        "max_hr_bpm": rnd(num(a.get("max_heartrate"))),
        "avg_power_w": rnd(num(a.get("icu_average_watts"))),
        "np_w": rnd(num(a.get("icu_weighted_avg_watts"))),
        "intensity_pct": rnd(intensity_pct(a)),
        "variability_index": rnd(num(a.get("icu_variability_index")), 2),
        "ftp_w": rnd(num(a.get("icu_ftp"))),
        "cadence_rpm": rnd(num(a.get("average_cadence"))),
        "load": rnd(num(a.get("icu_training_load"))),
        "power_load": rnd(num(a.get("power_load"))),
        "hr_load": rnd(num(a.get("hr_load"))),
        "pace_load": rnd(num(a.get("pace_load"))),
        "decoupling_pct": rnd(num(a.get("decoupling")), 1),
        "efficiency_factor": rnd(num(a.get("icu_efficiency_factor")), 2),
        "rpe": rnd(num(a.get("icu_rpe"))),
        "feel": rnd(num(a.get("feel"))),
        "fitness_after": rnd(num(a.get("icu_ctl"))),
        "fatigue_after": rnd(num(a.get("icu_atl"))),
        "trainer": a.get("trainer") or None,
        "description": desc[:DESCRIPTION_CHARS] if isinstance(desc, str) and desc.strip() else None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _labelled(s: Mapping[str, Any], fields: tuple[tuple[str, str, str], ...]) -> list[str]:
    """ "NP 187 W", "IF 74%": each (key, label, unit) present in the summary."""
    return [f"{label} {s[k]}{unit}" for k, label, unit in fields if k in s]


def summary_text(s: Mapping[str, Any], sport: str | None) -> str:
    parts: list[str] = []
    time = s.get("moving_time")
    if time:
        elapsed = s.get("elapsed_time")
        parts.append(f"{time} moving" + (f" ({elapsed} elapsed)" if elapsed and elapsed != time else ""))
    if "distance_km" in s:
        parts.append(fmt_distance(s["distance_km"] * 1000, sport))
    if "elevation_gain_m" in s:
        parts.append(f"{s['elevation_gain_m']} m up")
    if "pace_or_speed" in s:
        parts.append(s["pace_or_speed"])
    groups = [", ".join(parts)]
    if "avg_hr_bpm" in s:
        groups.append(f"HR {s['avg_hr_bpm']} avg" + (f" / {s['max_hr_bpm']} max" if "max_hr_bpm" in s else ""))
    power = [f"{s['avg_power_w']} W avg"] if "avg_power_w" in s else []
    power += _labelled(
        s, (("np_w", "NP", " W"), ("intensity_pct", "IF", "%"), ("variability_index", "VI", ""), ("ftp_w", "FTP", " W"))
    )
    if power:
        groups.append(", ".join(power))
    if "load" in s:
        split = [
            f"{label} {s[k]}"
            for k, label in (("power_load", "power"), ("hr_load", "HR"), ("pace_load", "pace"))
            if k in s
        ]
        groups.append(f"load {s['load']}" + (f" ({', '.join(split)})" if split else ""))
    eff = _labelled(
        s,
        (
            ("decoupling_pct", "decoupling", "%"),
            ("efficiency_factor", "EF", ""),
            ("rpe", "RPE", ""),
            ("feel", "feel", ""),
        ),
    )
    if eff:
        groups.append(", ".join(eff))
    if "fitness_after" in s:
        groups.append(f"after: fitness {s['fitness_after']}, fatigue {s.get('fatigue_after', '-')}")
    return "; ".join(g for g in groups if g)


def _interval_targets(
    intervals: Sequence[Mapping[str, Any]], planned: Mapping[str, Any] | None, settings: SportSettings | None
) -> tuple[list[TargetRange | None], str | None]:
    """A target per interval: its own, else the planned step in the same position.

    Intervals line up with a structured workout's steps only when the device
    lapped each step; with a different count we refuse to guess.
    """
    own = [step_target(t if isinstance(t := i.get("target"), Mapping) else i, None, settings) for i in intervals]
    plan = planned_targets(planned, settings)
    if not plan:
        return own, None
    if len(plan) != len(intervals):
        return own, f"planned workout has {len(plan)} steps but {len(intervals)} intervals were recorded; not paired"
    return [o or p for o, p in zip(own, plan, strict=True)], None


def _zone_table(
    secs_by_zone: list[tuple[str, float]],
) -> tuple[dict[str, Any], str] | None:
    # Sweet spot ("SS") overlaps Z3/Z4 upstream, so it is listed but not added to the total.
    total = sum(s for name, s in secs_by_zone if name != "SS")
    if total <= 0:
        return None
    rows = [[name, fmt_duration(s), round(s / total * 100)] for name, s in secs_by_zone]
    text = " | ".join(f"{name} {t} ({p}%)" for name, t, p in rows if p)
    return table(["zone", "time", "pct"], rows), text


def zone_times(a: Mapping[str, Any], settings: SportSettings | None = None) -> dict[str, tuple[dict[str, Any], str]]:
    """Time in power, HR and pace zones (upstream: `icu_zone_times` objects, the others plain arrays)."""
    out = {}
    power = [
        (str(z.get("id")), s)
        for z in a.get("icu_zone_times") or []
        if isinstance(z, Mapping) and (s := num(z.get("secs"))) is not None
    ]
    hz = hr_zones(settings) if settings else []
    pz = pace_zones(settings) if settings else []
    hr = [
        (zone_name(hz, i + 1), s) for i, v in enumerate(a.get("icu_hr_zone_times") or []) if (s := num(v)) is not None
    ]
    pace = [
        (zone_name(pz, i + 1), s) for i, v in enumerate(a.get("pace_zone_times") or []) if (s := num(v)) is not None
    ]
    for kind, rows in (("power", power), ("hr", hr), ("pace", pace)):
        t = _zone_table(rows)
        if t:
            out[kind] = t
    return out


def interval_rows(
    a: Mapping[str, Any], planned: Mapping[str, Any] | None = None, settings: SportSettings | None = None
) -> tuple[list[list[Any]], str | None]:
    intervals = [i for i in a.get("icu_intervals") or [] if isinstance(i, Mapping)]
    sport = a.get("type")
    suffix = pace_suffix(sport if isinstance(sport, str) else None, settings.pace_units if settings else None)
    targets, note = _interval_targets(intervals, planned, settings)
    rows = []
    for n, (i, t) in enumerate(zip(intervals, targets, strict=True), start=1):
        speed = num(i.get("average_speed"))
        rows.append(
            [
                n,
                i.get("type"),
                i.get("label"),
                fmt_duration(num(i.get("moving_time"))),
                km(num(i.get("distance")), 2),
                rnd(num(i.get("average_watts"))),
                rnd(num(i.get("average_heartrate"))),
                fmt_pace_or_speed(speed, sport) if speed else None,
                rnd(_pct(num(i.get("intensity")))),
                i.get("zone"),
                t.label(suffix) if t else None,
                versus(i, t, suffix) if t else None,
            ]
        )
    return rows, note


def render_activity(
    activity: Mapping[str, Any],
    *,
    settings: SportSettings | None = None,
    planned: Mapping[str, Any] | None = None,
    interval_limit: int = INTERVAL_LIMIT,
) -> Rendered:
    """An activity with intervals, zones and load.

    `settings`: the sport's thresholds (HR/pace zone names, %-targets);
    `planned`: the paired event's `workout_doc`, matched to intervals step by step.
    data: {"activity": summary dict, "intervals": {"columns": INTERVAL_COLUMNS, "rows"} | None,
           "intervals_note": str | None, "zones": {"power"|"hr"|"pace": {"columns": [zone, time, pct], "rows"}}}
    A Strava stub gives {"activity": {id, start, source, note}} and says the data is unavailable.
    """
    if is_strava_stub(activity):
        stub = {"id": activity.get("id"), "start": start_time(activity), "source": "STRAVA", "note": STRAVA_NOTE}
        return Rendered(
            f"{start_time(activity)} activity {activity.get('id')}: {STRAVA_NOTE}. "
            "It still counts toward fitness; ask the athlete to upload the file to Intervals.icu for details.",
            {"activity": stub},
        )
    sport = activity.get("type")
    s = summary(activity)
    rows, note = interval_rows(activity, planned, settings)
    note = note or more_note(min(len(rows), interval_limit), len(rows), "pass a larger interval_limit")
    shown = rows[: max(interval_limit, 0)]
    used = [c for k, c in enumerate(INTERVAL_COLUMNS) if any(r[k] is not None for r in shown)]
    idx = [INTERVAL_COLUMNS.index(c) for c in used]
    lines = [f"{start_time(activity)} {title(activity)} [{activity.get('id')}]", summary_text(s, sport)]
    if "description" in s:
        lines.append(f"Notes: {s['description']}")
    if shown:
        work = sum(1 for r in rows if r[1] == "WORK")
        lines.append(f"Intervals ({work} work of {len(rows)}):")
        lines.append(text_table(used, [[r[k] for k in idx] for r in shown]))
    zones = zone_times(activity, settings)
    labels = {"power": "Time in power zones", "hr": "Time in HR zones", "pace": "Time in pace zones"}
    lines += [f"{labels[k]}: {t}" for k, (_, t) in zones.items()]
    data = {
        "activity": s,
        "intervals": table(INTERVAL_COLUMNS, shown) if shown else None,
        "intervals_note": note,
        "zones": {k: d for k, (d, _) in zones.items()},
    }
    return Rendered(join_lines(*lines, note), data)
