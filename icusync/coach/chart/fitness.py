"""The dashboard's fitness chart: fitness and fatigue above, form over its bands below, the weeks to the
next A race projected from the planned workouts, as one server-rendered SVG with its text alternative.

The drawing is text (no chart library, no script): it shows the same in any browser, scales to a phone's
width through its viewBox, and every day carries a tooltip with its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from icusync.coach.chart.svg import Scale, element, esc, nice_step, num, points, title
from icusync.coach.fitness import (
    FitnessPoint,
    FitnessReading,
    form_band,
    points_from_wellness,
    reading_for,
    weekly,
)
from icusync.coach.plain import plain_day
from icusync.coach.projection import project
from icusync.coach.units import fmt_signed

WIDTH, HEIGHT = 400, 272
LEFT, RIGHT = 30.0, 392.0
TOP, FIT_BOTTOM = 30.0, 150.0  # fitness and fatigue
FORM_TOP, FORM_BOTTOM = 162.0, 246.0  # form over its bands
LABEL_ROW_RACE, LABEL_ROW_TODAY, MONTH_ROW = 11.0, 25.0, 260.0
CHAR_WIDTH = 5.6  # of an 11-unit label, to fit the race's name between today and race day

FITNESS_COLOUR, FATIGUE_COLOUR, FORM_COLOUR, MUTED = "#0b63ce", "#b5179e", "#1b1f24", "#57606a"
# The form bands of coach.fitness.form_band, with the edges it uses and a light fill each.
BANDS: tuple[tuple[str, float, float, str], ...] = (
    ("High risk", float("-inf"), -30.0, "#f6c6c1"),
    ("Optimal", -30.0, -10.0, "#c8e6cc"),
    ("Grey zone", -10.0, 5.0, "#e3e5e8"),
    ("Fresh", 5.0, 25.0, "#c9def5"),
    ("Transition", 25.0, float("inf"), "#f9e3a8"),
)
BAND_EDGES = (-30.0, -10.0, 5.0, 25.0)
# Labels over lines stay readable: a thin outline in the background colour, painted under the letters.
HALO: dict[str, str | float] = {"fill": MUTED, "stroke": "#ffffff", "stroke_width": 2.5, "paint_order": "stroke"}


@dataclass(frozen=True)
class Race:
    day: date
    name: str


@dataclass(frozen=True)
class WeekRow:
    """One row of the chart's table: the week's last day (today for the current week)."""

    ending: str
    fitness: int
    fatigue: int
    form: str
    band: str
    projected: bool


@dataclass(frozen=True)
class FitnessChart:
    svg: str
    summary: str  # the text alternative: where the athlete stands, where the plan takes them
    now: FitnessReading
    race: Race | None
    at_race: FitnessReading | None  # projected to race day
    weeks: tuple[WeekRow, ...]
    legend: tuple[tuple[str, str, str], ...]  # (line, what it is, its value now), for the caption


def fitness_chart(
    wellness: Sequence[Mapping[str, Any]],
    *,
    today: date,
    planned: Mapping[date, float] | None = None,
    race: Race | None = None,
    days: int = 90,
    ids: str = "fitness-chart",
) -> FitnessChart | None:
    """The last `days` days of measured fitness (wellness rows), and, with a `race` ahead, the days to it
    projected from today's values and the `planned` load per day (coach.projection). None without data.
    `ids` prefixes the element ids the accessible name points at."""
    start = today - timedelta(days=days - 1)
    measured = [p for p in points_from_wellness(wellness) if start <= p.day <= today]
    if not measured:
        return None
    ahead = race is not None and race.day > measured[-1].day
    projected = project(measured[-1], planned or {}, race.day) if race is not None and ahead else []
    now = reading_for(measured)
    at_race = reading_for(measured + projected) if projected else None
    end = max(today, race.day) if race is not None else today
    summary = _summary(measured, now, race, at_race, today)
    svg = _draw(measured, projected, start, end, today, race, summary, ids)
    rows = tuple(
        WeekRow(plain_day(p.day, today), round(p.ctl), round(p.atl), fmt_signed(p.form), _band(p.form), p.projected)
        for p in weekly(measured) + weekly(projected)
    )
    legend = [
        ("fitness", f"Fitness (CTL), {plain_day(now.day, today)}", f"{now.fitness:.0f}"),
        ("fatigue", "Fatigue (ATL)", f"{now.fatigue:.0f}"),
        ("form", "Form", f"{fmt_signed(now.form)}, {now.band}"),
    ]
    if race is not None and at_race is not None:
        legend.append(("race", f"A race {race.name}, {plain_day(race.day, today)}, projected from your planned "
                       "workouts (dashed)", f"fitness {at_race.fitness:.0f}, form {fmt_signed(at_race.form)}"))
    return FitnessChart(svg, summary, now, race, at_race, rows, tuple(legend))


def _band(value: float) -> str:
    return form_band(value)[0]


def _summary(
    measured: list[FitnessPoint], now: FitnessReading, race: Race | None, at_race: FitnessReading | None, today: date
) -> str:
    first = measured[0]
    trend = round(now.fitness) - round(first.ctl)
    change = "unchanged" if trend == 0 else f"{'up' if trend > 0 else 'down'} {abs(trend)}"
    parts = [
        f"{plain_day(now.day, today)}: fitness {now.fitness:.0f}, fatigue {now.fatigue:.0f}, "
        f"form {fmt_signed(now.form)}, {now.band} ({now.meaning}).",
        f"Fitness since {plain_day(first.day, today)}: {change} from {first.ctl:.0f}.",
    ]
    if race is not None and at_race is not None:
        parts.append(
            f"Projected from the planned workouts to the A race {race.name} on {plain_day(race.day, today)} "
            f"({(race.day - today).days} days): fitness {at_race.fitness:.0f}, form {fmt_signed(at_race.form)} "
            f"({at_race.band})."
        )
    elif race is not None:
        parts.append(f"A race {race.name} today.")
    return " ".join(parts)


def _draw(
    measured: list[FitnessPoint],
    projected: list[FitnessPoint],
    start: date,
    end: date,
    today: date,
    race: Race | None,
    summary: str,
    ids: str,
) -> str:
    span = (end - start).days + 1
    x = Scale(0, span, LEFT, RIGHT)  # day i covers [x(i), x(i + 1)]; its point sits in the middle

    def mid(day: date) -> float:
        return x((day - start).days + 0.5)

    everything = measured + projected
    top = max(max(p.ctl for p in everything), max(p.atl for p in everything), 10.0)
    step = nice_step(top, 4)
    fit_hi = step * (int(top / step) + 1)
    fy = Scale(0, fit_hi, FIT_BOTTOM, TOP)
    forms = [p.form for p in everything]
    form_lo, form_hi = min(-35.0, min(forms) - 5), max(30.0, max(forms) + 5)
    gy = Scale(form_lo, form_hi, FORM_BOTTOM, FORM_TOP)

    parts: list[str] = [
        element("title", esc("Fitness, fatigue and form"), id=f"{ids}-title"),
        element("desc", esc(summary), id=f"{ids}-desc"),
    ]
    parts += _bands(gy, form_lo, form_hi)
    if projected:  # the weeks ahead, lightly shaded behind the fitness lines
        ahead_x = x((today - start).days + 1)
        parts.append(element("rect", class_="ahead", x=ahead_x, y=TOP, width=RIGHT - ahead_x,
                             height=FIT_BOTTOM - TOP, fill="#f4f6f8"))
    parts += _grid(fy, fit_hi, step, gy, form_lo, form_hi)
    parts += _months(start, end, x)
    parts += _lines(measured, projected, mid, fy, gy)
    parts += _markers(today, race, mid, start, end)
    parts.append(_days(everything, x, start, today))
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fitness-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{ids}-title {ids}-desc" font-size="11" '
        f'data-start="{start.isoformat()}" data-end="{end.isoformat()}">{body}</svg>'
    )


def _bands(gy: Scale, lo: float, hi: float) -> list[str]:
    out = []
    for name, band_lo, band_hi, fill in BANDS:
        a, b = max(band_lo, lo), min(band_hi, hi)
        if a >= b:
            continue
        y0, y1 = gy(b), gy(a)
        label = "below -30" if band_lo == float("-inf") else "above +25" if band_hi == float("inf") else \
            f"{fmt_signed(band_lo)} to {fmt_signed(band_hi)}"
        slug = name.lower().replace(" ", "-")
        out.append(element("rect", title(f"{name}: form {label}"), class_=f"band band-{slug}", x=LEFT, y=y0,
                           width=RIGHT - LEFT, height=y1 - y0, fill=fill, data_band=name))
        if y1 - y0 >= 13:
            out.append(element("text", esc(name), x=RIGHT - 3, y=(y0 + y1) / 2 + 3.5, text_anchor="end",
                               font_size=9.5, class_="band-label", **HALO))
    return out


def _grid(fy: Scale, fit_hi: float, step: float, gy: Scale, lo: float, hi: float) -> list[str]:
    out = []
    value = 0.0
    while value <= fit_hi + 1e-9:
        y = fy(value)
        out.append(element("line", class_="tick fitness-tick", x1=LEFT, x2=RIGHT, y1=y, y2=y, stroke="#d0d7de",
                           stroke_width=0.5, data_value=num(value)))
        out.append(element("text", num(value), x=LEFT - 4, y=y + 3.5, text_anchor="end", fill=MUTED, font_size=10))
        value += step
    for edge in (e for e in BAND_EDGES if lo < e < hi):
        y = gy(edge)
        out.append(element("line", class_="tick form-tick", x1=LEFT, x2=RIGHT, y1=y, y2=y, stroke="#ffffff",
                           stroke_width=0.75, data_value=num(edge)))
        out.append(element("text", fmt_signed(edge), x=LEFT - 4, y=y + 3.5, text_anchor="end", fill=MUTED,
                           font_size=10))
    out.append(element("text", "Form", x=LEFT + 3, y=FORM_TOP + 10, font_size=9.5, **HALO))
    return out


def _months(start: date, end: date, x: Scale) -> list[str]:
    out = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            at = x((day - start).days)
            out.append(element("line", x1=at, x2=at, y1=FORM_BOTTOM, y2=FORM_BOTTOM + 4, stroke=MUTED))
            out.append(element("text", day.strftime("%b"), x=at + 2, y=MONTH_ROW, fill=MUTED, font_size=10.5))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _lines(
    measured: list[FitnessPoint], projected: list[FitnessPoint], mid: Any, fy: Scale, gy: Scale
) -> list[str]:
    out = []
    series = (("fitness", FITNESS_COLOUR, 2.0, fy, "ctl"), ("fatigue", FATIGUE_COLOUR, 1.5, fy, "atl"),
              ("form", FORM_COLOUR, 1.75, gy, "form"))
    for name, colour, width, scale, attr in series:
        line = [(mid(p.day), scale(getattr(p, attr))) for p in measured]
        out.append(element("polyline", class_=f"line {name}", points=points(line), fill="none", stroke=colour,
                           stroke_width=width, stroke_linejoin="round"))
        if projected:
            # From the last measured day, so the dashes continue the line.
            ahead = [line[-1]] + [(mid(p.day), scale(getattr(p, attr))) for p in projected]
            out.append(element("polyline", class_=f"line {name} projected", points=points(ahead), fill="none",
                               stroke=colour, stroke_width=width, stroke_dasharray="4 3"))
    return out


def _markers(today: date, race: Race | None, mid: Any, start: date, end: date) -> list[str]:
    out = []
    at = mid(today)
    out.append(element("line", class_="today", x1=at, x2=at, y1=LABEL_ROW_TODAY + 3, y2=FORM_BOTTOM,
                       stroke=MUTED, stroke_dasharray="2 2"))
    out.append(element("text", "today", x=at, y=LABEL_ROW_TODAY, text_anchor="middle" if at < RIGHT - 16 else "end",
                       fill=MUTED))
    if race is not None and start <= race.day <= end:
        rx = mid(race.day)
        out.append(element("line", class_="race", x1=rx, x2=rx, y1=LABEL_ROW_RACE + 3, y2=FORM_BOTTOM,
                           stroke="#b42318", stroke_width=1.25))
        label = f"A race: {race.name}"
        room = max(rx - LEFT - 4, 40.0)
        if len(label) * CHAR_WIDTH > room:
            label = label[: max(int(room / CHAR_WIDTH) - 1, 6)].rstrip() + "…"
        out.append(element("text", esc(label), class_="race-label", x=rx - 3, y=LABEL_ROW_RACE, text_anchor="end",
                           fill="#b42318", font_weight=600))
    return out


def _days(everything: list[FitnessPoint], x: Scale, start: date, today: date) -> str:
    """A transparent column per day whose tooltip gives its numbers: hover to read them. Each column is a
    `use` of one shared rectangle, to keep the page light."""
    width = x(1) - x(0)
    shape = element("rect", id="day-cell", y=TOP, width=width, height=FORM_BOTTOM - TOP, fill="transparent")
    cells = []
    for p in everything:
        ahead = " (projected)" if p.projected else ""
        tip = (f"{plain_day(p.day, today)}{ahead}: fitness {p.ctl:.0f}, fatigue {p.atl:.0f}, "
               f"form {fmt_signed(p.form)} ({_band(p.form)})")
        cells.append(element("use", title(tip), href="#day-cell", x=x((p.day - start).days)))
    return element("defs", shape) + element("g", "".join(cells), class_="days")
