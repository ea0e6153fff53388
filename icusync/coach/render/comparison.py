"""Two or more activities side by side: the same metrics in columns, then deltas against the first."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from icusync.coach.render.activities import intensity_pct, start_time, title
from icusync.coach.render.rendered import STRAVA_NOTE, Rendered, is_strava_stub, join_lines, table, text_table
from icusync.coach.units import fmt_clock, fmt_duration, fmt_signed, num, pace_secs, pace_suffix, rnd, uses_pace

Getter = Callable[[Mapping[str, Any]], float | None]


def _field(key: str) -> Getter:
    return lambda a: num(a.get(key))


def _work(a: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in a.get("icu_intervals") or [] if isinstance(i, Mapping) and i.get("type") == "WORK"]


def _work_mean(key: str) -> Getter:
    def get(a: Mapping[str, Any]) -> float | None:
        values = [v for i in _work(a) if (v := num(i.get(key))) is not None]
        return statistics.fmean(values) if values else None

    return get


def _count_work(a: Mapping[str, Any]) -> float | None:
    return float(len(_work(a))) if a.get("icu_intervals") else None


def _minutes(getter: Getter) -> Getter:
    return lambda a: None if (v := getter(a)) is None else v / 60


def _metrics(sport: str | None) -> list[tuple[str, Getter, int, str]]:
    """(row name with unit, getter, decimals, text kind); pace rows hold seconds per unit."""
    suffix = pace_suffix(sport)
    per = "per_" + suffix.lstrip("/")
    if uses_pace(sport):

        def speed_row(get: Getter) -> Getter:
            return lambda a: pace_secs(get(a), suffix)

        speed_name, work_speed_name, speed_kind = f"pace_s_{per}", f"work_pace_s_{per}", "pace"
    else:

        def speed_row(get: Getter) -> Getter:
            return lambda a: None if (v := get(a)) is None else v * 3.6

        speed_name, work_speed_name, speed_kind = "speed_kmh", "work_speed_kmh", "num"
    return [
        ("moving_time_min", _minutes(_field("moving_time")), 1, "time"),
        ("distance_km", lambda a: None if (d := num(a.get("distance"))) is None else d / 1000, 2, "num"),
        ("elevation_gain_m", _field("total_elevation_gain"), 0, "num"),
        (speed_name, speed_row(_field("average_speed")), 1, speed_kind),
        ("avg_hr_bpm", _field("average_heartrate"), 0, "num"),
        ("max_hr_bpm", _field("max_heartrate"), 0, "num"),
        ("avg_power_w", _field("icu_average_watts"), 0, "num"),
        ("np_w", _field("icu_weighted_avg_watts"), 0, "num"),
        ("intensity_pct", intensity_pct, 0, "num"),
        ("load", _field("icu_training_load"), 0, "num"),
        ("decoupling_pct", _field("decoupling"), 1, "num"),
        ("efficiency_factor", _field("icu_efficiency_factor"), 2, "num"),
        ("work_intervals", _count_work, 0, "num"),
        ("work_time_min", _minutes(_work_mean("moving_time")), 1, "time"),
        ("work_power_w", _work_mean("average_watts"), 0, "num"),
        ("work_hr_bpm", _work_mean("average_heartrate"), 0, "num"),
        (work_speed_name, speed_row(_work_mean("average_speed")), 1, speed_kind),
    ]


def _cell_text(value: float | None, kind: str, digits: int, suffix: str) -> str | None:
    if value is None:
        return None
    if kind == "time":
        return fmt_duration(value * 60)
    if kind == "pace":
        return fmt_clock(value) + suffix
    return str(rnd(value, digits))


def _delta_text(value: float | None, kind: str, digits: int) -> str | None:
    if value is None:
        return None
    if kind == "time":
        return fmt_signed(value, 1, " min")
    if kind == "pace":
        return fmt_signed(value, 0, " s")
    return fmt_signed(value, digits)


def render_comparison(activities: Sequence[Mapping[str, Any]]) -> Rendered:
    """Activities labelled A, B, C… in the order given; deltas are each against A.

    Metrics follow the first activity's sport (pace for runs and swims, km/h otherwise);
    rows where every activity lacks the metric are dropped.
    data: {"activities": [{label, id, start, sport, name, note?}],
           "metrics": {"columns": ["metric", "A", "B", …, "B-A", …], "rows": [[name, values…, deltas…]]}}
    Interval rows ("work_*") average the WORK intervals of each activity.
    """
    if len(activities) < 2:
        raise ValueError("a comparison needs at least two activities")
    labels = [chr(ord("A") + i) if i < 26 else f"A{i}" for i in range(len(activities))]
    sport = next((a.get("type") for a in activities if not is_strava_stub(a) and a.get("type")), None)
    suffix = pace_suffix(sport)
    heads, notes = [], []
    for label, a in zip(labels, activities, strict=True):
        head = {
            "label": label,
            "id": a.get("id"),
            "start": start_time(a),
            "sport": a.get("type"),
            "name": a.get("name"),
        }
        if is_strava_stub(a):
            head["note"] = STRAVA_NOTE
            notes.append(f"{label}: {STRAVA_NOTE}")
        heads.append({k: v for k, v in head.items() if v is not None})
    cols = ["metric", *labels, *(f"{lab}-A" for lab in labels[1:])]
    rows, text_rows = [], []
    for name, get, digits, kind in _metrics(sport):
        values = [None if is_strava_stub(a) else get(a) for a in activities]
        if all(v is None for v in values):
            continue
        base = values[0]
        deltas = [None if v is None or base is None else v - base for v in values[1:]]
        rows.append([name, *(rnd(v, digits) for v in values), *(rnd(d, digits) for d in deltas)])
        text_rows.append(
            [
                name,
                *(_cell_text(v, kind, digits, suffix) for v in values),
                *(_delta_text(d, kind, digits) for d in deltas),
            ]
        )
    intro = "; ".join(
        f"{h['label']} {start_time(a)} {title(a)} [{a.get('id')}]" for h, a in zip(heads, activities, strict=True)
    )
    text = join_lines(intro, text_table(cols, text_rows) if rows else "No comparable metrics.", *notes)
    return Rendered(text, {"activities": heads, "metrics": table(cols, rows)})
