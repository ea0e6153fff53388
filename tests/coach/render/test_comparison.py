from __future__ import annotations

import pytest

from icusync.coach.render.comparison import render_comparison

A = {
    "id": "i10",
    "start_date_local": "2026-11-03T07:15:00",
    "type": "Ride",
    "name": "Threshold",
    "moving_time": 3900,
    "distance": 40500,
    "average_speed": 10.0,
    "average_heartrate": 142,
    "icu_average_watts": 210,
    "icu_weighted_avg_watts": 225,
    "icu_intensity": 0.9,
    "icu_training_load": 78,
    "decoupling": 3.24,
    "icu_efficiency_factor": 1.58,
    "icu_intervals": [
        {"type": "WORK", "moving_time": 600, "average_watts": 260, "average_heartrate": 160},
        {"type": "RECOVERY", "moving_time": 300, "average_watts": 120},
        {"type": "WORK", "moving_time": 600, "average_watts": 270, "average_heartrate": 164},
    ],
}
B = dict(
    A,
    id="i12",
    start_date_local="2026-10-27T07:00:00",
    moving_time=3700,
    icu_average_watts=200,
    decoupling=5.0,
    icu_intervals=[{"type": "WORK", "moving_time": 1200, "average_watts": 250}],
)
STUB = {"id": "166", "start_date_local": "2026-11-01T15:43:42", "source": "STRAVA", "_note": "x"}


def metric(data: dict, name: str) -> list:
    return next(row for row in data["metrics"]["rows"] if row[0] == name)


def test_columns_and_deltas_against_first() -> None:
    r = render_comparison([A, B, STUB])
    d = r.data
    assert d["metrics"]["columns"] == ["metric", "A", "B", "C", "B-A", "C-A"]
    assert d["activities"][0] == {
        "label": "A",
        "id": "i10",
        "start": "2026-11-03 07:15",
        "sport": "Ride",
        "name": "Threshold",
    }
    assert d["activities"][2]["note"] == "not available through the API (Strava import)"
    assert metric(d, "avg_power_w") == ["avg_power_w", 210, 200, None, -10, None]
    assert metric(d, "moving_time_min") == ["moving_time_min", 65.0, 61.7, None, -3.3, None]
    assert metric(d, "speed_kmh") == ["speed_kmh", 36.0, 36.0, None, 0.0, None]
    assert metric(d, "intensity_pct") == ["intensity_pct", 90, 90, None, 0, None]
    assert metric(d, "decoupling_pct") == ["decoupling_pct", 3.2, 5.0, None, 1.8, None]
    assert metric(d, "work_intervals") == ["work_intervals", 2, 1, None, -1, None]
    assert metric(d, "work_power_w") == ["work_power_w", 265, 250, None, -15, None]
    assert metric(d, "work_time_min") == ["work_time_min", 10.0, 20.0, None, 10.0, None]
    assert all(row[0] != "elevation_gain_m" for row in d["metrics"]["rows"])  # absent everywhere


def test_text() -> None:
    text = render_comparison([A, B, STUB]).text
    assert text.startswith("A 2026-11-03 07:15 Ride 'Threshold' [i10]; B 2026-10-27 07:00 Ride 'Threshold' [i12]; C ")
    assert "C: not available through the API (Strava import)" in text
    line = next(x for x in text.splitlines() if x.startswith("moving_time_min"))
    assert line.split() == ["moving_time_min", "1h05", "1h02", "-", "-3.3", "min", "-"]
    assert len(text) < 2500


def test_runs_compare_pace() -> None:
    run = {"id": "r1", "type": "Run", "start_date_local": "2026-11-01T08:00:00", "average_speed": 1000 / 300}
    faster = dict(run, id="r2", average_speed=1000 / 290)
    r = render_comparison([run, faster])
    assert metric(r.data, "pace_s_per_km") == ["pace_s_per_km", 300.0, 290.0, -10.0]
    assert "5:00/km" in r.text and "4:50/km" in r.text and "-10 s" in r.text


def test_needs_two() -> None:
    with pytest.raises(ValueError):
        render_comparison([A])
