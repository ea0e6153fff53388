"""The dashboard's fitness chart as SVG text: what it draws, where, and what it says to a screen reader."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import Any

from icusync.coach.chart.fitness import BANDS, Race, fitness_chart
from icusync.coach.chart.glance import activity_line, wellness_line
from icusync.coach.chart.svg import Scale, element, nice_step, num

TODAY = date(2026, 12, 3)
SVG = "{http://www.w3.org/2000/svg}"


def rows(days: int = 90, ctl: float = 50.0, atl: float = 65.0) -> list[dict[str, Any]]:
    """Wellness rows: fitness climbing a point a week, fatigue 15 above it (form -15), oldest first."""
    return [
        {"id": (TODAY - timedelta(days=days - 1 - i)).isoformat(), "ctl": ctl + i / 7, "atl": atl + i / 7,
         "ctlLoad": 60}
        for i in range(days)
    ]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_ninety_days_drawn_with_a_tooltip_per_day_and_a_text_alternative() -> None:
    chart = fitness_chart(rows(), today=TODAY)
    assert chart is not None
    root = parsed(chart.svg)  # well-formed XML: no stray markup from names
    assert root.get("role") == "img" and root.get("aria-labelledby") == "fitness-chart-title fitness-chart-desc"
    lines = {line.get("class"): line.get("points", "").split() for line in root.iter(f"{SVG}polyline")}
    assert set(lines) == {"line fitness", "line fatigue", "line form"}  # no race: nothing projected
    assert all(len(points) == 90 for points in lines.values())
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "Thu 3 Dec: fitness 63, fatigue 78, form -15 (Optimal)" in tips
    assert chart.summary.startswith("Thu 3 Dec: fitness 63, fatigue 78, form -15, Optimal (productive training")
    assert "Fitness since Sat 5 Sep: up 13 from 50." in chart.summary
    assert root.find(f"{SVG}desc").text == chart.summary  # type: ignore[union-attr]
    assert [w.ending for w in chart.weeks][-1] == "Thu 3 Dec" and chart.weeks[-1].form == "-15"


def test_the_weeks_to_the_next_a_race_are_projected_dashed() -> None:
    race = Race(TODAY + timedelta(days=28), "Gran <Fondo> & Co")
    planned = {TODAY + timedelta(days=d): 80.0 for d in range(1, 20)}
    chart = fitness_chart(rows(), today=TODAY, planned=planned, race=race)
    assert chart is not None and chart.at_race is not None
    root = parsed(chart.svg)
    dashed = [p for p in root.iter(f"{SVG}polyline") if "projected" in (p.get("class") or "")]
    assert len(dashed) == 3 and all(len(p.get("points", "").split()) == 29 for p in dashed)  # today + 28 days
    assert root.get("data-end") == race.day.isoformat()
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "race-label")
    assert label.text == "A race: Gran <Fondo> & Co"  # escaped in the markup, read back whole
    assert "to the A race Gran <Fondo> & Co on Thu 31 Dec (28 days)" in chart.summary
    assert chart.weeks[-1].projected and chart.legend[-1][0] == "race"


def test_the_form_bands_span_their_edges() -> None:
    chart = fitness_chart(rows(), today=TODAY)
    assert chart is not None
    root = parsed(chart.svg)
    ticks = {float(t.get("data-value", "")): float(t.get("y1", "")) for t in root.iter(f"{SVG}line")
             if t.get("class") == "tick form-tick"}
    bands = {
        r.get("data-band"): (float(r.get("y", "")), float(r.get("y", "")) + float(r.get("height", "")), r.get("fill"))
        for r in root.iter(f"{SVG}rect") if r.get("data-band")
    }
    fills = {name: fill for name, _, _, fill in BANDS}
    assert set(bands) == set(fills) and all(bands[n][2] == fills[n] for n in bands)
    assert abs(bands["Optimal"][0] - ticks[-10]) < 0.11 and abs(bands["Optimal"][1] - ticks[-30]) < 0.11
    assert abs(bands["Fresh"][0] - ticks[25]) < 0.11 and abs(bands["Fresh"][1] - ticks[5]) < 0.11


def test_no_fitness_data_draws_nothing() -> None:
    assert fitness_chart([], today=TODAY) is None
    assert fitness_chart([{"id": TODAY.isoformat(), "weight": 70}], today=TODAY) is None


def test_svg_helpers() -> None:
    assert Scale(0, 100, 150, 30)(50) == 90 and num(12.0) == "12" and num(-0.04) == "0" and num(3.14) == "3.1"
    assert [nice_step(s, 4) for s in (90, 7, 440)] == [25, 2, 200]
    drawn = element("text", "x", class_="a", text_anchor="end", data_value=None)
    assert drawn == '<text class="a" text-anchor="end">x</text>'


def test_the_glance_lines() -> None:
    run = {"start_date_local": "2026-11-29T09:54:38", "type": "Run", "name": "Threshold 3x10", "moving_time": 3660,
           "distance": 12167.2, "icu_training_load": 77}
    assert activity_line(run, TODAY) == "Run 'Threshold 3x10' on Sun 29 Nov: 1 h 1 min, 12.2 km, load 77"
    strava = {"start_date_local": "2025-11-29T09:00:00", "source": "STRAVA", "_note": "x"}
    assert activity_line(strava, TODAY).startswith("An activity imported from Strava on Sat 29 Nov 2025")
    assert activity_line(None, TODAY) == "No activity in the last 90 days."
    wellness = {"restingHR": 46, "hrv": 62.1, "sleepSecs": 23400, "weight": 68.0, "readiness": None}
    assert wellness_line(wellness) == "resting HR 46 bpm, HRV 62 ms, sleep 6.5 h, weight 68.0 kg"
    assert wellness_line({"id": "2026-12-03"}) == wellness_line(None) == "nothing logged yet"
    assert not re.search(r"\bNone\b", wellness_line({"hrv": None, "weight": 70}))
