from __future__ import annotations

from typing import Any

from icusync.coach.render.curves import render_curves

POWER: dict[str, Any] = {
    "list": [
        {
            "id": "42d",
            "label": "42 days",
            "start_date_local": "2026-09-28T00:00:00",
            "end_date_local": "2026-11-08T00:00:00",
            "secs": [5, 60, 300, 1200, 3600],
            "values": [900, 400, 300, 260, 235],
            "activity_id": ["i1", "i2", "i3", "i4", "i6"],
            "watts_per_kg": [15.5, 6.9, 5.2, 4.5, 4.0],
        },
        {
            "id": "1y",
            "label": "1 year",
            "secs": [5, 60, 300, 1200, 3600],
            "values": [950, 410, 290, 250, 240],
            "activity_id": ["i0", "i2", "i9", "i8", "i7"],
        },
    ],
    "activities": {},
}


def test_two_power_curves_with_deltas() -> None:
    r = render_curves(POWER, "power")
    d = r.data
    assert d["kind"] == "power" and d["unit"] == "W"
    assert d["curves"] == [
        {"curve": "A", "id": "42d", "label": "42 days", "start": "2026-09-28", "end": "2026-11-08"},
        {"curve": "B", "id": "1y", "label": "1 year"},
    ]
    assert d["efforts"]["columns"] == ["duration", "A_W", "A_activity", "B_W", "B_activity", "delta_W", "delta_pct"]
    assert d["efforts"]["rows"][0] == ["5s", 900.0, "i1", 950.0, "i0", -50.0, -5.3]
    assert d["efforts"]["rows"][3] == ["20m", 260.0, "i4", 250.0, "i8", 10.0, 4.0]
    assert [row[0] for row in d["efforts"]["rows"]] == ["5s", "1m", "5m", "20m", "60m"]
    assert d["approximate"] == []
    assert "A = 42 days (2026-09-28..2026-11-08); B = 1 year" in r.text
    assert "260 W (4.5 W/kg)" in r.text and "+10 W better" in r.text and "-50 W worse" in r.text


def test_single_curve_has_no_delta_columns() -> None:
    r = render_curves(POWER["list"][1], "power")
    assert r.data["efforts"]["columns"] == ["duration", "A_W", "A_activity"]
    assert r.data["efforts"]["rows"][2] == ["5m", 290.0, "i9"]


def test_pace_against_a_second_window() -> None:
    now = [
        {
            "id": "1y",
            "distance": [400, 1000, 5000, 10100],
            "values": [70, 190, 1200, 2500],
            "activity_id": ["r1", "r1", "r3", "r4"],
        }
    ]
    then = {"list": [{"id": "s0", "distance": [400, 1000, 5000], "values": [72, 195, 1180]}, {"id": "ignored"}]}
    r = render_curves(now, "pace", compare=then)
    d = r.data
    assert d["efforts"]["columns"] == ["distance", "A_s", "A_activity", "B_s", "B_activity", "delta_s", "delta_pct"]
    assert d["efforts"]["rows"][0] == ["400m", 70.0, "r1", 72.0, None, -2.0, -2.8]
    assert d["efforts"]["rows"][2] == ["5km", 1200.0, "r3", 1180.0, None, 20.0, 1.7]
    assert d["efforts"]["rows"][3] == ["10km", 2475.2, "r4", None, None, None, None]
    assert d["approximate"] == ["A 10km"]
    assert "20:00 (4:00/km)" in r.text and "-2 s better" in r.text and "+20 s worse" in r.text
    assert "~41:15 (4:08/km)" in r.text and "~ = taken from a slightly longer effort" in r.text


def test_hr_and_empty() -> None:
    r = render_curves({"secs": [60, 300], "values": [185, 180]}, "hr")
    assert r.data["efforts"]["rows"] == [["1m", 185.0, None], ["5m", 180.0, None]]
    assert "185 bpm" in r.text
    empty = render_curves({"list": []}, "power")
    assert empty.data["efforts"]["rows"] == [] and "no efforts" in empty.text
