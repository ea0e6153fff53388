from __future__ import annotations

from typing import Any

from icusync.coach.render.activity import INTERVAL_COLUMNS, render_activity
from icusync.coach.sport_settings import SportSettings

SETTINGS = SportSettings.from_api(
    {
        "id": 1,
        "types": ["Ride"],
        "ftp": 250,
        "lthr": 171,
        "max_hr": 204,
        "power_zones": [55, 75, 90, 105, 120, 150, 999],
        "hr_zones": [138, 153, 160, 171, 176, 181, 204],
        "hr_zone_names": [
            "Recovery",
            "Aerobic",
            "Tempo",
            "SubThreshold",
            "SuperThreshold",
            "Aerobic Capacity",
            "Anaerobic",
        ],
    }
)

RIDE: dict[str, Any] = {
    "id": "i10",
    "start_date_local": "2026-11-03T07:15:00",
    "type": "Ride",
    "name": "Threshold 2x10",
    "description": "Felt strong.\nWindy.",
    "distance": 40500,
    "moving_time": 3900,
    "elapsed_time": 4200,
    "total_elevation_gain": 320,
    "icu_training_load": 78,
    "power_load": 78,
    "hr_load": 70,
    "average_heartrate": 142,
    "max_heartrate": 171,
    "icu_average_watts": 210,
    "icu_weighted_avg_watts": 225,
    "icu_intensity": 90.0,
    "average_speed": 10.38,
    "decoupling": 3.24,
    "icu_efficiency_factor": 1.584,
    "icu_variability_index": 1.07,
    "icu_ftp": 250,
    "icu_rpe": 7,
    "icu_ctl": 71.2,
    "icu_atl": 80.4,
    "icu_zone_times": [
        {"id": "Z1", "secs": 600},
        {"id": "Z2", "secs": 1500},
        {"id": "Z3", "secs": 0},
        {"id": "Z4", "secs": 1800},
        {"id": "SS", "secs": 900},
    ],
    "icu_hr_zone_times": [900, 1800, 1200, 0, 0, 0, 0],
    "icu_intervals": [
        {
            "type": "RECOVERY",
            "label": "Warmup",
            "moving_time": 600,
            "distance": 5000,
            "average_watts": 150,
            "average_heartrate": 120,
            "intensity": 60,
            "zone": 2,
        },
        {
            "type": "WORK",
            "label": "Rep 1",
            "moving_time": 600,
            "distance": 6500,
            "average_watts": 262,
            "average_heartrate": 160,
            "intensity": 105,
            "zone": 4,
        },
        {
            "type": "RECOVERY",
            "moving_time": 300,
            "distance": 2500,
            "average_watts": 120,
            "average_heartrate": 135,
            "zone": 1,
        },
        {
            "type": "WORK",
            "label": "Rep 2",
            "moving_time": 600,
            "distance": 6400,
            "average_watts": 280,
            "average_heartrate": 165,
            "zone": 5,
        },
    ],
}
PLAN: dict[str, Any] = {
    "ftp": 250,
    "steps": [
        {"duration": 600, "warmup": True, "power": {"value": 60, "units": "%ftp"}},
        {
            "reps": 2,
            "steps": [
                {"duration": 600, "power": {"start": 100, "end": 105, "units": "%ftp"}},
                {"duration": 300, "power": {"value": 50, "units": "%ftp"}},
            ],
        },
    ],
}


def test_summary_and_text() -> None:
    r = render_activity(RIDE, settings=SETTINGS)
    s = r.data["activity"]
    assert s["start"] == "2026-11-03 07:15" and s["distance_km"] == 40.5 and s["np_w"] == 225
    assert s["decoupling_pct"] == 3.2 and s["efficiency_factor"] == 1.58 and s["load"] == 78
    assert s["fitness_after"] == 71 and s["description"] == "Felt strong.\nWindy."
    lines = r.text.splitlines()
    assert lines[0] == "2026-11-03 07:15 Ride 'Threshold 2x10' [i10]"
    assert lines[1] == (
        "1h05 moving (1h10 elapsed), 40.5 km, 320 m up, 37.4 km/h; HR 142 avg / 171 max; "
        "210 W avg, NP 225 W, IF 90%, VI 1.07, FTP 250 W; load 78 (power 78, HR 70); "
        "decoupling 3.2%, EF 1.58, RPE 7; after: fitness 71, fatigue 80"
    )
    assert "Intervals (2 work of 4):" in r.text


def test_intervals_table_and_zones() -> None:
    r = render_activity(RIDE, settings=SETTINGS)
    iv = r.data["intervals"]
    assert iv["columns"] == INTERVAL_COLUMNS
    assert iv["rows"][1] == [2, "WORK", "Rep 1", "10m", 6.5, 262, 160, None, 105, 4, None, None]
    # Sweet spot overlaps Z3/Z4, so it is listed but not part of the 100%.
    assert r.data["zones"]["power"]["rows"] == [
        ["Z1", "10m", 15],
        ["Z2", "25m", 38],
        ["Z3", "0s", 0],
        ["Z4", "30m", 46],
        ["SS", "15m", 23],
    ]
    assert r.data["zones"]["hr"]["rows"][1] == ["Z2 Aerobic", "30m", 46]
    assert "Time in power zones: Z1 10m (15%) | Z2 25m (38%) | Z4 30m (46%) | SS 15m (23%)" in r.text
    assert "Time in HR zones: Z1 Recovery 15m (23%) | Z2 Aerobic 30m (46%) | Z3 Tempo 20m (31%)" in r.text
    # Columns with no values are left out of the text table.
    assert "pace_or_speed" not in r.text and "vs_target" not in r.text


def test_planned_targets_paired_step_by_step() -> None:
    plan = {"ftp": 250, "steps": [*PLAN["steps"][:1], *PLAN["steps"][1]["steps"][:2], PLAN["steps"][1]["steps"][0]]}
    r = render_activity(RIDE, planned=plan)
    rows = r.data["intervals"]["rows"]
    assert [row[10:] for row in rows] == [
        ["150 W", "on target"],
        ["250-262 W", "on target"],
        ["125 W", "5 W under"],
        ["250-262 W", "+18 W over"],
    ]
    assert r.data["intervals_note"] is None
    assert "+18 W over" in r.text


def test_planned_with_mismatched_count_is_not_guessed() -> None:
    r = render_activity(RIDE, planned=PLAN)  # 5 planned steps, 4 intervals
    assert all(row[10] is None for row in r.data["intervals"]["rows"])
    assert r.data["intervals_note"] == "planned workout has 5 steps but 4 intervals were recorded; not paired"
    assert r.data["intervals_note"] in r.text


def test_interval_limit() -> None:
    many = dict(RIDE, icu_intervals=RIDE["icu_intervals"] * 12)
    r = render_activity(many, interval_limit=10)
    assert len(r.data["intervals"]["rows"]) == 10
    assert r.data["intervals_note"] == "showing 10 of 48; pass a larger interval_limit"


def test_run_pace_intervals() -> None:
    run = {
        "id": "i20",
        "start_date_local": "2026-11-04T18:00:00",
        "type": "Run",
        "moving_time": 1800,
        "pace_zone_times": [600, 1200],
        "icu_intervals": [
            {
                "type": "WORK",
                "moving_time": 240,
                "distance": 1000,
                "average_speed": 1000 / 236,
                "target": {"pace": {"start": 98, "end": 102, "units": "%pace"}},
            }
        ],
    }
    settings = SportSettings.from_api({"types": ["Run"], "threshold_pace": 1000 / 240, "pace_zones": [90, 999]})
    r = render_activity(run, settings=settings)
    row = r.data["intervals"]["rows"][0]
    assert row[7] == "3:56/km" and row[10] == "4:05-3:55/km" and row[11] == "on target"
    assert r.data["zones"]["pace"]["rows"] == [["Z1", "10m", 33], ["Z2", "20m", 67]]


def test_strava_stub() -> None:
    stub = {
        "id": "16639341172",
        "start_date_local": "2026-11-01T15:43:42",
        "source": "STRAVA",
        "_note": "STRAVA activities are not available via the API",
    }
    r = render_activity(stub)
    assert r.data == {
        "activity": {
            "id": "16639341172",
            "start": "2026-11-01 15:43",
            "source": "STRAVA",
            "note": "not available through the API (Strava import)",
        }
    }
    assert "not available through the API (Strava import)" in r.text


def test_minimal_activity() -> None:
    r = render_activity({"id": "i1", "start_date_local": "2026-11-01T08:00:00", "type": "Yoga", "moving_time": 1800})
    assert r.data == {
        "activity": {"id": "i1", "start": "2026-11-01 08:00", "sport": "Yoga", "moving_time": "30m"},
        "intervals": None,
        "intervals_note": None,
        "zones": {},
    }
    assert r.text == "2026-11-01 08:00 Yoga [i1]\n30m moving"
