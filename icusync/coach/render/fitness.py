"""Fitness, fatigue and form over a range, with today's reading in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from icusync.coach.fitness import FitnessPoint, points_from_wellness, reading_for, weekly
from icusync.coach.render.rendered import Rendered, join_lines, table, text_table
from icusync.coach.units import rnd

# Beyond this many days a daily series costs more context than it is worth.
DAILY_MAX_DAYS = 60


def _form_cell(p: FitnessPoint, as_percent: bool) -> float | int | None:
    return rnd(p.form_pct) if as_percent else rnd(p.form)


def render_fitness(
    wellness: Sequence[Mapping[str, Any]],
    *,
    today: date | None = None,
    as_percent: bool = False,
    daily_max_days: int = DAILY_MAX_DAYS,
) -> Rendered:
    """CTL/ATL/form series (daily, or weekly past `daily_max_days`) and the reading for today.

    data: {"range": {start, end} | None, "resolution": "daily" | "weekly",
           "series": {"columns": [date, fitness, fatigue, form | form_pct, ramp_per_week,
                                  load | load_week], "rows": [...]},
           "today": FitnessReading.to_dict() | None}
    Weekly rows carry the week's last day and the week's summed load.
    """
    points = points_from_wellness(wellness)
    if not points:
        return Rendered(
            "No fitness data in this range.",
            {"range": None, "resolution": "daily", "series": table([], []), "today": None},
        )
    upto = [p for p in points if today is None or p.day <= today] or points
    now = reading_for(upto, as_percent=as_percent)
    span = (points[-1].day - points[0].day).days + 1
    resolution = "weekly" if span > daily_max_days else "daily"
    series = weekly(points) if resolution == "weekly" else points
    form_col = "form_pct" if as_percent else "form"
    cols = ["date", "fitness", "fatigue", form_col, "ramp_per_week", "load_week" if resolution == "weekly" else "load"]
    rows = [
        [p.day.isoformat(), rnd(p.ctl), rnd(p.atl), _form_cell(p, as_percent), rnd(p.ramp, 1), rnd(p.load)]
        for p in series
    ]
    rng = {"start": points[0].day.isoformat(), "end": points[-1].day.isoformat()}
    title = f"{resolution.capitalize()} {rng['start']}..{rng['end']}" + (
        " (week ending dates, weekly load)" if resolution == "weekly" else ""
    )
    text = join_lines("Now " + now.text, title + ":", text_table(cols, rows))
    return Rendered(text, {"range": rng, "resolution": resolution, "series": table(cols, rows), "today": now.to_dict()})
