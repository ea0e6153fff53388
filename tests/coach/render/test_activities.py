from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from icusync.coach.render.activities import COLUMNS, activity_line, intensity_pct, render_activities

RIDE = {
    "id": "i10",
    "start_date_local": "2026-11-03T07:15:00",
    "type": "Ride",
    "name": "Threshold 3x10",
    "distance": 40500,
    "moving_time": 3900,
    "icu_training_load": 78,
    "average_heartrate": 142.4,
    "icu_average_watts": 210,
    "icu_weighted_avg_watts": 225,
    "icu_intensity": 90.0,
    "average_speed": 10.38,
}
RUN = {
    "id": "i11",
    "start_date_local": "2026-11-04T18:00:00",
    "type": "Run",
    "name": "Easy",
    "distance": 10000,
    "moving_time": 3000,
    "average_speed": 3.3333,
    "average_heartrate": 140,
    "icu_training_load": 50,
}
SWIM = {
    "id": "i12",
    "start_date_local": "2026-11-02T12:00:00",
    "type": "Swim",
    "distance": 2500,
    "moving_time": 2625,
    "average_speed": 2500 / 2625,
}
STUB = {
    "id": "16639341172",
    "icu_athlete_id": "i434414",
    "start_date_local": "2026-11-01T15:43:42",
    "source": "STRAVA",
    "_note": "STRAVA activities are not available via the API",
}


def test_rows_newest_first_with_units_in_columns() -> None:
    r = render_activities([RIDE, STUB, RUN])
    d = r.data
    assert d["columns"] == COLUMNS and "distance_km" in COLUMNS and "avg_hr_bpm" in COLUMNS
    assert [row[0] for row in d["rows"]] == ["i11", "i10", "16639341172"]
    assert d["rows"][1] == [
        "i10",
        "2026-11-03",
        "Ride",
        "Threshold 3x10",
        "1h05",
        40.5,
        78,
        142,
        210,
        225,
        90,
        "37.4 km/h",
    ]
    assert d["rows"][0][-1] == "5:00/km" and d["rows"][0][5] == 10.0
    assert d["rows"][2][:4] == ["16639341172", "2026-11-01", None, "not available through the API (Strava import)"]
    assert d["totals"] == {"activities": 3, "moving_time": "1h55", "distance_km": 50.5, "load": 128, "strava_stubs": 1}
    assert d["count"] == 3 and d["shown"] == 3 and d["note"] is None


def test_text_lines() -> None:
    text = render_activities([RIDE, RUN, STUB, SWIM]).text
    lines = text.splitlines()
    assert lines[0] == "4 activities: 2h39, 53.0 km, load 128, 1 Strava import without data"
    assert lines[1] == "2026-11-04 18:00 Run 'Easy': 50m, 10.0 km, load 50, HR 140, 5:00/km [i11]"
    assert lines[2] == (
        "2026-11-03 07:15 Ride 'Threshold 3x10': 1h05, 40.5 km, load 78, 210 W NP 225, IF 90%, HR 142, 37.4 km/h [i10]"
    )
    assert lines[3] == "2026-11-02 12:00 Swim: 43m45s, 2500 m, 1:45/100m [i12]"
    assert lines[4] == "2026-11-01 15:43 Strava import, not available through the API [16639341172]"


def test_limit_says_how_to_get_more() -> None:
    acts = [dict(RUN, id=f"i{n}", start_date_local=f"2026-10-{n:02d}T08:00:00") for n in range(1, 31)]
    r = render_activities(acts, limit=10, total=73)
    assert r.data["shown"] == 10 and r.data["count"] == 73 and len(r.data["rows"]) == 10
    assert r.data["note"] == "showing 10 of 73; narrow the range or pass limit"
    assert r.text.endswith("showing 10 of 73; narrow the range or pass limit")
    assert r.data["rows"][0][0] == "i30"


def test_intensity_units() -> None:
    assert intensity_pct({"icu_intensity": 0.85}) == 85.0
    assert intensity_pct({"icu_intensity": 85.0}) == 85.0
    assert intensity_pct({}) is None
    assert activity_line({"id": "x", "start_date_local": "2026-11-01T08:00:00", "type": "Yoga"}) == (
        "2026-11-01 08:00 Yoga [x]"
    )


def month_of_activities() -> list[dict[str, Any]]:
    acts = []
    for n in range(31):
        day = date(2026, 10, 1) + timedelta(days=n)
        acts.append(
            {
                "id": f"i{1000000 + n}",
                "start_date_local": f"{day.isoformat()}T06:30:00",
                "type": "VirtualRide" if n % 2 else "Run",
                "name": f"Session number {n} with a fairly long name",
                "distance": 35123.4 + n,
                "moving_time": 5432 + n,
                "elapsed_time": 6000,
                "icu_training_load": 87.6,
                "average_heartrate": 151.3,
                "max_heartrate": 182,
                "icu_average_watts": 231.2,
                "icu_weighted_avg_watts": 248.9,
                "icu_intensity": 0.912,
                "average_speed": 6.47,
                "decoupling": 4.2,
                "icu_efficiency_factor": 1.64,
                "icu_zone_times": [{"id": f"Z{z}", "secs": 300} for z in range(1, 8)],
                "icu_hr_zone_times": [600] * 7,
                "description": "x" * 500,
                "start_date": "2026-10-01T05:30:00Z",
            }
        )
    return acts


def test_month_budget() -> None:
    r = render_activities(month_of_activities())
    assert r.data["shown"] == 31
    assert len(r.text) < 10_000
    assert len(r.text) < 4_500  # about 130 characters a line
    assert "description" not in str(r.data) and "icu_zone_times" not in str(r.data)


def test_empty() -> None:
    r = render_activities([])
    assert r.text == "No activities in this range." and r.data["rows"] == []
