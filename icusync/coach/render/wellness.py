"""Wellness by day (or week), with each value read against the athlete's own baseline."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from icusync.coach.baseline import DEFAULT_WINDOW_DAYS, HIGH_IS_BAD, METRICS, DayBaseline, compare_to_baseline
from icusync.coach.dates import week_start
from icusync.coach.render.rendered import Rendered, join_lines, table, text_table
from icusync.coach.units import fmt_signed, rnd

DAILY_MAX_DAYS = 60

# upstream key → (column name with unit, scale applied, decimals)
COLUMNS: dict[str, tuple[str, float, int]] = {
    "hrv": ("hrv_ms", 1, 0),
    "hrvSDNN": ("hrv_sdnn_ms", 1, 0),
    "restingHR": ("resting_hr_bpm", 1, 0),
    "avgSleepingHR": ("sleeping_hr_bpm", 1, 0),
    "sleepSecs": ("sleep_h", 1 / 3600, 1),
    "sleepScore": ("sleep_score", 1, 0),
    "sleepQuality": ("sleep_quality_1_4", 1, 0),
    "readiness": ("readiness_0_100", 1, 0),
    "spO2": ("spo2_pct", 1, 0),
    "respiration": ("respiration_brpm", 1, 1),
    "soreness": ("soreness_1_4", 1, 0),
    "fatigue": ("fatigue_1_4", 1, 0),
    "stress": ("stress_1_4", 1, 0),
    "mood": ("mood_1_4", 1, 0),
    "motivation": ("motivation_1_4", 1, 0),
    "injury": ("injury_1_4", 1, 0),
    "systolic": ("systolic_mmhg", 1, 0),
    "diastolic": ("diastolic_mmhg", 1, 0),
    "weight": ("weight_kg", 1, 1),
    "bodyFat": ("body_fat_pct", 1, 1),
    "vo2max": ("vo2max", 1, 0),
    "steps": ("steps", 1, 0),
    "hydration": ("hydration_1_4", 1, 0),
    "kcalConsumed": ("kcal_consumed", 1, 0),
}


def _scaled(metric: str, value: float | None) -> float | int | None:
    if value is None:
        return None
    _, scale, digits = COLUMNS[metric]
    return rnd(value * scale, digits)


def _flag_text(day: DayBaseline) -> str | None:
    bits = []
    for metric in day.flags:
        d = day.deviations[metric]
        word = "high" if METRICS[metric] == HIGH_IS_BAD else "low"
        bits.append(f"{COLUMNS[metric][0]} {word}" + (f" {fmt_signed(d.z, 1)}SD" if d.z is not None else ""))
    return ", ".join(bits) or None


def _latest_text(day: DayBaseline) -> str:
    bits = []
    for metric, d in day.deviations.items():
        if d.mean is None:
            continue
        sd = _scaled(metric, d.sd)
        z = f", {fmt_signed(d.z, 1)} SD" if d.z is not None else ""
        mark = " !" if d.flagged else ""
        name = COLUMNS[metric][0]
        bits.append(f"{name} {_scaled(metric, d.value)} (usual {_scaled(metric, d.mean)} ± {sd}{z}){mark}")
    if not bits:
        return f"Latest ({day.day.isoformat()}): not enough history for a baseline."
    return f"Latest ({day.day.isoformat()}) vs baseline: " + "; ".join(bits)


def render_wellness(
    rows: Sequence[Mapping[str, Any]],
    *,
    since: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    daily_max_days: int = DAILY_MAX_DAYS,
) -> Rendered:
    """Days on or after `since` (rows before it only feed baselines; fetch from `baseline.window_start`).

    data: {"range": {start, end} | None, "resolution": "daily" | "weekly",
           "table": {"columns": ["date", <metric>_<unit>…, "flags"], "rows": [...]},
           "baseline": {"date", "columns": [metric, value, mean, sd, delta, z, flagged], "rows"} | None,
           "baseline_rule": str}
    Only metrics with at least one value are columns; weekly rows are means (week start date)
    and list every metric flagged on any day of that week.
    """
    days = compare_to_baseline(rows, since=since, window_days=window_days)
    rule = (
        f"baseline = mean ± SD of the prior {window_days} days; flagged when more than 1 SD the bad way "
        "(HRV/sleep/readiness low; resting HR, soreness, fatigue, stress high). 1-4 scales: 1 best, 4 worst."
    )
    if not days:
        return Rendered(
            "No wellness data in this range.",
            {"range": None, "resolution": "daily", "table": table([], []), "baseline": None, "baseline_rule": rule},
        )
    present = [m for m in METRICS if any(m in d.deviations for d in days)]
    cols = ["date", *(COLUMNS[m][0] for m in present), "flags"]
    span = (days[-1].day - days[0].day).days + 1
    resolution = "weekly" if span > daily_max_days else "daily"
    out_rows: list[list[Any]] = []
    if resolution == "daily":
        for d in days:
            values = [_scaled(m, d.deviations[m].value) if m in d.deviations else None for m in present]
            out_rows.append([d.day.isoformat(), *values, _flag_text(d)])
    else:
        weeks: dict[date, list[DayBaseline]] = {}
        for d in days:
            weeks.setdefault(week_start(d.day), []).append(d)
        for start, ds in sorted(weeks.items()):
            values = []
            for m in present:
                vals = [d.deviations[m].value for d in ds if m in d.deviations]
                values.append(_scaled(m, statistics.fmean(vals)) if vals else None)
            flagged = sorted({f for d in ds for f in d.flags}, key=list(METRICS).index)
            out_rows.append([start.isoformat(), *values, ", ".join(COLUMNS[f][0] for f in flagged) or None])
    latest = days[-1]
    base_rows = [
        [
            COLUMNS[m][0],
            _scaled(m, d.value),
            _scaled(m, d.mean),
            _scaled(m, d.sd),
            _scaled(m, d.delta),
            None if d.z is None else round(d.z, 1),
            d.flagged,
        ]
        for m, d in latest.deviations.items()
    ]
    baseline = {
        "date": latest.day.isoformat(),
        **table(["metric", "value", "mean", "sd", "delta", "z", "flagged"], base_rows),
    }
    rng = {"start": days[0].day.isoformat(), "end": days[-1].day.isoformat()}
    title = f"Wellness {rng['start']}..{rng['end']}" + (" (weekly means)" if resolution == "weekly" else "")
    text = join_lines(title + f"; {rule}", text_table(cols, out_rows), _latest_text(latest))
    data = {
        "range": rng,
        "resolution": resolution,
        "table": table(cols, out_rows),
        "baseline": baseline,
        "baseline_rule": rule,
    }
    return Rendered(text, data)
