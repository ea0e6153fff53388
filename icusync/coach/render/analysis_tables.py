"""Answers about one activity that read as tables: splits, time in zones per interval, histograms, climbs."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from icusync.coach.analysis.climbs import MIN_GAIN_M, MIN_GRADE_PCT, find_climbs
from icusync.coach.analysis.drift import QUARTERS_UP_TO_SECS
from icusync.coach.analysis.histograms import Bucket, histogram
from icusync.coach.analysis.series import HR, SPEED, WATTS, Series, Span
from icusync.coach.analysis.spans import SPLIT_MULTIPLES, by_moving_time, in_parts, interval_spans, split_length
from icusync.coach.analysis.splits import Split, distance_splits, half_split, lap_splits
from icusync.coach.analysis.zone_times import times_in_zones, zone_bounds, zone_index
from icusync.coach.render.analysis_units import Display, heading, missing_line
from icusync.coach.render.rendered import Rendered, join_lines, more_note, table, text_table
from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import fmt_clock, fmt_duration, num, rnd

MAX_SPLITS = 50
# The splits table's share of an answer, in characters: the finest splits that fit it are shown.
SPLITS_CHARS = 2300
SPLITS_CHARS_BESIDE_LAPS = 900
MAX_LAPS = 20
MAX_ZONE_ROWS = 12
ZONE_SEGMENTS_SECS = (1200, 1800, 3600, 7200)
MAX_CLIMBS = 15
ZONE_TITLES = {"power": "Power", "pace": "Pace", "hr": "HR"}


def _intervals(activity: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in activity.get("icu_intervals") or [] if isinstance(i, Mapping)]


def _shown(columns: list[str], rows: list[list[Any]], keep: int = 1) -> tuple[list[str], list[list[Any]]]:
    """Leave out columns with no value in any row (the first `keep` always stay)."""
    used = [k for k in range(len(columns)) if k < keep or any(r[k] is not None for r in rows)]
    return [columns[k] for k in used], [[r[k] for k in used] for r in rows]


def _split_cells(s: Split, display: Display) -> list[Any]:
    return [fmt_clock(s.moving_secs), display.pace_cell(s.speed), rnd(s.hr), rnd(s.watts), rnd(s.cadence),
            rnd(s.climb_m)]


def render_splits(activity: Mapping[str, Any], series: Series, display: Display) -> Rendered:
    laps = lap_splits(series, _intervals(activity))
    total = series.distance()
    stats = ["time", display.pace_column, "hr_bpm", "power_w", "cadence", "climb_m"]
    lines: list[str] = []
    data: dict[str, Any] = {"unit": display.unit}
    if total:
        budget = SPLITS_CHARS_BESIDE_LAPS if laps else SPLITS_CHARS
        every, splits, columns, rows = _fitting_splits(series, display, total, stats, budget)
        per = display.distance(every, 2)
        lines.append(heading(activity, f"splits per {per:g} {display.distance_unit} "
                                       f"({display.distance(total)} {display.distance_unit} in {len(splits)})"))
        lines.append(text_table(columns, rows))
        lines += _split_notes(series, splits, every, display)
        data.update(split_m=round(every, 1), splits=table(columns, rows))
    else:
        lines.append(heading(activity, "splits"))
        lines.append("No distance recorded or covered, so no splits by distance" + (": laps only." if laps else "."))
    if laps:
        shown = laps[:MAX_LAPS]
        columns, rows = _shown(["lap", "label", f"{display.distance_unit}", *stats],
                               [[n, s.label, display.distance(s.distance_m, 2), *_split_cells(s, display)]
                                for n, s in enumerate(shown, start=1)], keep=2)
        lines += ["Laps (intervals):", text_table(columns, rows)]
        data["laps"] = table(columns, rows)
        data["laps_note"] = more_note(len(shown), len(laps), "the intervals table of get_activity has them all")
        lines.append(data["laps_note"])
    data["missing"] = list(series.missing)
    return Rendered(join_lines(*lines, missing_line(series.missing)), data)


def _fitting_splits(series: Series, display: Display, total: float, stats: list[str],
                    budget: int) -> tuple[float, list[Split], list[str], list[list[Any]]]:
    """The finest splits, a whole number of units each, whose table fits `budget` characters."""
    finest = split_length(total, display.unit_m, MAX_SPLITS)
    lengths = [display.unit_m * k for k in SPLIT_MULTIPLES if display.unit_m * k >= finest]
    for every in lengths:
        splits = distance_splits(series, every)
        # Each split ends on its mark (5, 10, 15 km...); the last one where the activity ended.
        marks = [display.distance(every * k, 2) for k in range(1, len(splits))] + [display.distance(total, 2)]
        columns, rows = _shown(["split", f"to_{display.distance_unit}", *stats],
                               [[n, m, *_split_cells(s, display)] for n, (s, m) in
                                enumerate(zip(splits, marks, strict=True), start=1)], keep=2)
        if display.pace and every == display.unit_m:  # a split of one unit takes as long as its pace says
            drop = columns.index("time")
            columns, rows = columns[:drop] + columns[drop + 1:], [r[:drop] + r[drop + 1:] for r in rows]
        if len(text_table(columns, rows)) <= budget:
            break
    return every, splits, columns, rows


def _split_notes(series: Series, splits: list[Split], every: float, display: Display) -> list[str]:
    notes = []
    half = half_split(series)
    if half is not None:
        change = half.change_pct
        kind = "even" if abs(change) < 1 else ("a negative split" if change > 0 else "a positive split")
        hr = (f"; HR {rnd(half.first_hr)} → {rnd(half.second_hr)} bpm"
              if half.first_hr is not None and half.second_hr is not None else "")
        notes.append(f"Halves: {display.pace_text(half.first_speed)} → {display.pace_text(half.second_speed)} "
                     f"({abs(change):.1f}% {'faster' if change >= 0 else 'slower'}){hr}: {kind}.")
    full = [(n, s) for n, s in enumerate(splits, start=1) if (s.distance_m or 0) >= 0.95 * every and s.speed]
    if len(full) >= 3:
        fast = max(full, key=lambda p: p[1].speed or 0.0)
        slow = min(full, key=lambda p: p[1].speed or 0.0)
        notes.append(f"Fastest split {fast[0]} ({display.pace_text(fast[1].speed)}), "
                     f"slowest {slow[0]} ({display.pace_text(slow[1].speed)}).")
    return notes


def _zone_settings(activity: Mapping[str, Any], settings: SportSettings) -> SportSettings:
    """The settings as they were that day: the activity's own FTP, HR zones and threshold pace."""
    changes: dict[str, Any] = {}
    if ftp := num(activity.get("icu_ftp")):
        changes["ftp"] = ftp
    hr = activity.get("icu_hr_zones")
    if isinstance(hr, list) and hr and all(num(v) is not None for v in hr):
        changes["hr_zones"] = tuple(float(v) for v in hr)
    if pace := num(activity.get("threshold_pace")):
        changes["threshold_pace"] = pace
    return dataclasses.replace(settings, **changes)


def _zone_rows(series: Series, activity: Mapping[str, Any]) -> tuple[list[list[Span]], str]:
    """Spans per row: each interval (recoveries together when there are many), else even segments."""
    found = interval_spans(series, _intervals(activity))
    if not found:
        total = series.moving_secs()
        if total <= QUARTERS_UP_TO_SECS:
            return [[s] for s in in_parts(series, 4)], "segment"
        step = next((t for t in ZONE_SEGMENTS_SECS if total / t <= MAX_ZONE_ROWS), ZONE_SEGMENTS_SECS[-1])
        return [[s] for s in by_moving_time(series, step)], "segment"
    if len(found) <= MAX_ZONE_ROWS:
        return [[span] for _, span in found], "interval"
    # Recoveries between reps go together; a warm-up or cool-down keeps its own row.
    rest = [span for interval, span in found if _between_reps(interval)]
    rows = [[span] for interval, span in found if not _between_reps(interval)]
    if rest:
        rows.append([Span(r.start, r.end, f"recoveries ({len(rest)})") for r in rest])
    return rows, "interval"


def _between_reps(interval: Mapping[str, Any]) -> bool:
    label = str(interval.get("label") or "").lower()
    return str(interval.get("type") or "").upper() == "RECOVERY" and "warm" not in label and "cool" not in label


def render_zones(activity: Mapping[str, Any], series: Series, display: Display,
                 settings: SportSettings | None) -> Rendered:
    groups, per = _zone_rows(series, activity)
    kinds: list[tuple[str, str]] = []
    day = _zone_settings(activity, settings) if settings is not None else None
    if day is not None:
        if series.has(WATTS) and day.ftp and day.power_zones:
            kinds.append(("power", WATTS))
        elif display.pace and series.has(SPEED) and day.threshold_pace and day.pace_zones:
            kinds.append(("pace", SPEED))
        if series.has(HR) and day.hr_zones:
            kinds.append(("hr", HR))
    lines = [heading(activity, f"time in zones per {per} (moving time, m:ss)")]
    data: dict[str, Any] = {"per": per}
    everything = [Span(0, series.n, "whole")]
    for kind, channel in kinds:
        zones, bounds = zone_bounds(day, kind) if day is not None else ([], [])
        spans = [span for group in [*groups, everything] for span in group]
        per_span = iter(times_in_zones(series, zone_index(series, channel, bounds), len(bounds), spans))
        rows = []
        for group in [*groups, everything]:
            secs = [sum(col) for col in zip(*[next(per_span) for _ in group], strict=True)]
            moving = sum(series.moving_secs(s.start, s.end) for s in group)
            rows.append([group[0].label, fmt_duration(moving), *[fmt_clock(t) if t >= 1 else None for t in secs]])
        columns, rows = _shown([per, "time", *[f"Z{z.index}" for z in zones]], rows, keep=2)
        legend = " | ".join(f"Z{z.index} {z.label}" for z in zones)
        lines += [f"{ZONE_TITLES[kind]} zones: {legend}", text_table(columns, rows)]
        data[kind] = table(columns, rows)
    if not kinds:
        lines.append("No zones to place the samples in: Intervals.icu has no thresholds or zones for this sport "
                     "(set them there or with set_thresholds).")
    data["missing"] = list(series.missing)
    return Rendered(join_lines(*lines, missing_line(series.missing)), data)


def _bucket_label(b: Bucket, pace: bool) -> str:
    show = fmt_clock if pace else (lambda v: f"{v:g}")
    if b.low is None:
        return f"<{show(b.high or 0)}"
    if b.high is None:
        return f"≥{show(b.low)}"
    return f"{show(b.low)}-{show(b.high)}"


def render_histograms(activity: Mapping[str, Any], series: Series, display: Display) -> Rendered:
    kinds: list[tuple[str, str, str]] = [("power", WATTS, "Power (W)"), ("hr", HR, "HR (bpm)")]
    if display.pace:
        kinds.append(("pace", "pace", f"Pace (/{display.unit}, fastest first)"))
    lines = [heading(activity, "histograms of moving time")]
    data: dict[str, Any] = {}
    total = series.moving_secs()
    for kind, channel, title in kinds:
        buckets = histogram(series, channel, pace_unit_m=display.unit_m)
        if not buckets:
            lines.append(f"{title}: none recorded" + (" (no power meter)." if kind == "power" else "."))
            continue
        rows = [[_bucket_label(b, kind == "pace"), fmt_duration(b.secs), round(b.secs / total * 100) if total else None]
                for b in buckets]
        lines.append(f"{title}: " + " | ".join(f"{r[0]} {r[1]} ({r[2]}%)" for r, b in zip(rows, buckets, strict=True)
                                                if b.secs >= 1))
        data[kind] = table(["bucket", "time", "pct"], rows)
    data["missing"] = list(series.missing)
    return Rendered(join_lines(*lines, missing_line(series.missing)), data)


def render_climbs(activity: Mapping[str, Any], series: Series, display: Display) -> Rendered:
    climbs = find_climbs(series)
    climbed = series.climbing()
    what = f"climbs (at least {MIN_GAIN_M:g} m up at {MIN_GRADE_PCT:g}% or more)"
    lines = [heading(activity, what)]
    data: dict[str, Any] = {"missing": list(series.missing)}
    if climbed is None or series.distance() is None:
        lines.append("No altitude or distance recorded, so no climbs (an indoor session?).")
        return Rendered(join_lines(*lines, missing_line(series.missing)), data)
    biggest = sorted(sorted(climbs, key=lambda c: -c.gain_m)[:MAX_CLIMBS], key=lambda c: c.start)
    rows = [[n, display.distance(c.start_m), display.distance(c.length_m, 2), rnd(c.gain_m),
             rnd(c.grade_pct, 1), fmt_clock(c.moving_secs), rnd(c.vam), rnd(c.watts), rnd(c.hr)]
            for n, c in enumerate(biggest, start=1)]
    unit = display.distance_unit
    columns, rows = _shown(["n", f"at_{unit}", f"length_{unit}", "gain_m", "grade_pct", "time", "vam_m_h",
                            "power_w", "hr_bpm"], rows, keep=2)
    in_climbs = sum(c.gain_m for c in climbs)
    lines.append(f"{len(climbs)} found, {rnd(in_climbs)} m of the {rnd(climbed)} m climbed in all.")
    if rows:
        lines.append(text_table(columns, rows))
    note = more_note(len(biggest), len(climbs), "the biggest are shown")
    data.update(climbs=table(columns, rows), total_climbed_m=rnd(climbed), in_climbs_m=rnd(in_climbs), note=note)
    return Rendered(join_lines(*lines, note, missing_line(series.missing)), data)

