"""Fitness, fatigue and form over a range, with today's reading in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from icusync.coach.fitness import FitnessPoint, points_from_wellness, reading_for, weekly
from icusync.coach.projection import project, with_measured_ramps
from icusync.coach.render.rendered import Rendered, join_lines, table, text_table
from icusync.coach.units import rnd

# Beyond this many days a daily series costs more context than it is worth.
DAILY_MAX_DAYS = 45


def _form_cell(p: FitnessPoint, as_percent: bool) -> float | int | None:
    return rnd(p.form_pct) if as_percent else rnd(p.form)


def render_fitness(
    wellness: Sequence[Mapping[str, Any]],
    *,
    today: date | None = None,
    as_percent: bool = False,
    daily_max_days: int = DAILY_MAX_DAYS,
    planned: Mapping[date, float] | None = None,
    until: date | None = None,
    marks: Mapping[date, str] | None = None,
    changes: Sequence[str] = (),
) -> Rendered:
    """CTL/ATL/form series (daily, or weekly past `daily_max_days`) and the reading for today.

    With `until` after today, the series goes on to `until` projected from today's values and the
    `planned` load per day (see coach.projection); projected rows are marked and said apart, with the
    what-if `changes` applied to the plan, and a projected reading for each day in `marks` (race days).

    data: {"range": {start, end} | None, "resolution": "daily" | "weekly",
           "series": {"columns": [date, fitness, fatigue, form | form_pct, ramp_per_week,
                                  load | load_week, (projected)], "rows": [...]},
           "today": FitnessReading.to_dict() | None, "projected_to": FitnessReading.to_dict() | None}
    Weekly rows carry the week's last day and the week's summed load.
    """
    measured = [p for p in points_from_wellness(wellness) if today is None or p.day <= today]
    if not measured:
        return Rendered(
            "No fitness data in this range.",
            {"range": None, "resolution": "daily", "series": table([], []), "today": None, "projected_to": None},
        )
    now = reading_for(measured, as_percent=as_percent)
    ahead: list[FitnessPoint] = []
    if until is not None and until > measured[-1].day:
        ahead = with_measured_ramps(measured, project(measured[-1], planned or {}, until))
    points = measured + ahead
    span = (points[-1].day - points[0].day).days + 1
    resolution = "weekly" if span > daily_max_days else "daily"
    form_col = "form_pct" if as_percent else "form"
    cols = ["date", "fitness", "fatigue", form_col, "ramp_per_week", "load_week" if resolution == "weekly" else "load"]
    if ahead:
        cols.append("projected")

    def rows_of(series: Sequence[FitnessPoint]) -> list[list[Any]]:
        shown = weekly(series) if resolution == "weekly" else series
        return [
            [p.day.isoformat(), rnd(p.ctl), rnd(p.atl), _form_cell(p, as_percent), rnd(p.ramp, 1), rnd(p.load)]
            + ([p.projected] if ahead else [])
            for p in shown
        ]

    past, future = rows_of(measured), rows_of(ahead) if ahead else []
    rng = {"start": points[0].day.isoformat(), "end": points[-1].day.isoformat()}
    weekly_note = " (week ending dates, weekly load)" if resolution == "weekly" else ""
    text_cols = cols[:-1] if ahead else cols
    blocks = ["Now " + now.text, f"{resolution.capitalize()} {rng['start']}..{measured[-1].day.isoformat()}"
              f"{weekly_note}:", text_table(text_cols, [r[: len(text_cols)] for r in past])]
    last = None
    if ahead:
        last = reading_for(points, as_percent=as_percent)
        workouts = sum(1 for v in (planned or {}).values() if v)
        what_if = f" (what if: {'; '.join(changes)})" if changes else ""
        blocks += [
            f"Projected {ahead[0].day.isoformat()}..{until.isoformat() if until else ''} from the planned workouts"
            f"{what_if} ({workouts} days with load, {rnd(sum((planned or {}).values()))} in all), nothing else "
            "added; nothing was written:",
            text_table(text_cols, [r[: len(text_cols)] for r in future]),
            "Projected " + last.text,
        ]
        for day, label in sorted((marks or {}).items()):
            upto = [p for p in points if p.day <= day]
            if upto and upto[-1].day == day and upto[-1].projected:
                blocks.append(f"{label}: projected " + reading_for(upto, as_percent=as_percent).text)
    data = {
        "range": rng,
        "resolution": resolution,
        "series": table(cols, past + future),
        "today": now.to_dict(),
        "projected_to": None if last is None else last.to_dict(),
    }
    return Rendered(join_lines(*blocks), data)
