from __future__ import annotations

from datetime import date
from typing import Any

from icusync.coach.render.summary import render_training_summary

ACTS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "start_date_local": "2026-11-02T07:00:00",
        "type": "Ride",
        "moving_time": 3600,
        "distance": 30000,
        "icu_training_load": 60,
    },
    {
        "id": "a2",
        "start_date_local": "2026-11-03T07:00:00",
        "type": "Run",
        "moving_time": 2400,
        "distance": 8000,
        "icu_training_load": 40,
    },
    {
        "id": "a3",
        "start_date_local": "2026-11-08T07:00:00",
        "type": "Ride",
        "moving_time": 7200,
        "distance": 60000,
        "icu_training_load": 120,
    },
    {
        "id": "a4",
        "start_date_local": "2026-11-16T07:00:00",
        "type": "Run",
        "moving_time": 1800,
        "distance": 6000,
        "icu_training_load": 30,
    },
    {"id": "99", "start_date_local": "2026-11-17T07:00:00", "source": "STRAVA", "_note": "x"},
]


def test_weeks_sports_and_totals() -> None:
    r = render_training_summary(ACTS, start=date(2026, 10, 26), end=date(2026, 11, 22))
    d = r.data
    assert d["range"] == {"start": "2026-10-26", "end": "2026-11-22"}
    assert d["weeks"]["columns"] == ["week", "week_start", "days_in_range", "sessions", "time_h", "distance_km", "load"]
    assert d["weeks"]["rows"] == [
        ["2026-W44", "2026-10-26", 7, 0, 0.0, 0.0, 0],
        ["2026-W45", "2026-11-02", 7, 3, 3.7, 98.0, 220],  # Sunday 11-08 belongs to the week of Monday 11-02
        ["2026-W46", "2026-11-09", 7, 0, 0.0, 0.0, 0],
        ["2026-W47", "2026-11-16", 7, 2, 0.5, 6.0, 30],
    ]
    assert d["by_sport"]["rows"] == [
        ["2026-W45", "Ride", 2, 3.0, 90.0, 180],
        ["2026-W45", "Run", 1, 0.7, 8.0, 40],
        ["2026-W47", "Run", 1, 0.5, 6.0, 30],
        ["2026-W47", "Strava import", 1, 0.0, 0.0, 0],
    ]
    assert d["sports"]["rows"][0] == ["Ride", 2, 3.0, 90.0, 180]
    assert d["total"] == {"sessions": 5, "time_h": 4.2, "distance_km": 104.0, "load": 250}


def test_text() -> None:
    text = render_training_summary(ACTS, start=date(2026, 10, 26), end=date(2026, 11, 22)).text
    lines = text.splitlines()
    assert lines[0] == "Training 2026-10-26..2026-11-22: 5x 4h10 104.0 km load 250"
    assert lines[1] == "1 Strava import: not in the API, so 1 of them add no time, distance or load to these totals"
    assert (
        lines[2] == "By sport: Ride 2x 3h00 90.0 km load 180; Run 2x 1h10 14.0 km load 70; Strava import 1x (no data)"
    )
    assert lines[3] == "2026-W44 (2026-10-26): no activities"
    assert lines[4] == (
        "2026-W45 (2026-11-02): 3x 3h40 98.0 km load 220; Ride 2x 3h00 90.0 km load 180; Run 1x 40m 8.0 km load 40"
    )


def test_one_sport_week_and_year_boundary() -> None:
    acts = [
        {
            "id": "x",
            "start_date_local": "2027-01-01T07:00:00",
            "type": "Run",
            "moving_time": 1800,
            "distance": 5000,
            "icu_training_load": 25,
        }
    ]
    r = render_training_summary(acts)
    assert r.data["weeks"]["rows"] == [["2026-W53", "2026-12-28", 7, 1, 0.5, 5.0, 25]]
    assert r.text.splitlines()[-1] == "2026-W53 (2026-12-28): 1x 30m 5.0 km load 25 (Run)"


def test_empty() -> None:
    r = render_training_summary([])
    assert r.text == "No activities in this range." and r.data["range"] is None


def test_strava_imports_count_with_the_load_fitness_counts() -> None:
    """A Strava import has no metrics in the API; the fitness model's daily load (wellness ctlLoad) has
    its load, so the week totals match what fitness counts."""
    day_loads = {date(2026, 11, 16): 30.0, date(2026, 11, 17): 76.0}  # the 17th: only the Strava ride
    r = render_training_summary(ACTS[3:], start=date(2026, 11, 16), end=date(2026, 11, 22), day_loads=day_loads)
    assert r.data["weeks"]["rows"] == [["2026-W47", "2026-11-16", 7, 2, 0.5, 6.0, 106]]
    assert ["2026-W47", "Strava import", 1, 0.0, 0.0, 76] in r.data["by_sport"]["rows"]
    assert r.data["total"]["load"] == sum(day_loads.values())
    assert "load from Intervals.icu's daily load" in r.text


def test_a_range_that_cuts_weeks_says_how_much_of_them_it_holds() -> None:
    r = render_training_summary(ACTS, start=date(2026, 11, 4), end=date(2026, 11, 17))
    assert [row[2] for row in r.data["weeks"]["rows"]] == [5, 7, 2]
    assert "2026-W45 (2026-11-02, 5 of 7 days)" in r.text and "2026-W47 (2026-11-16, 2 of 7 days)" in r.text
