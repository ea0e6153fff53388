from __future__ import annotations

import pytest

from icusync.coach.curves import best_efforts, compare_efforts, curve_items

POWER = {
    "id": "42d",
    "label": "42 days",
    "secs": [5, 15, 30, 60, 120, 300, 330, 1200, 1900, 3600],
    "values": [900, 700, 520, 400, 340, 300, 296, 260, 250, 235],
    "activity_id": ["i1", "i1", "i2", "i2", "i3", "i3", "i3", "i4", "i5", "i6"],
    "watts_per_kg": [12.0, 9.3, 6.9, 5.3, 4.5, 4.0, 3.9, 3.47, 3.3, 3.13],
}


def by_label(efforts: list) -> dict:
    return {e.label: e for e in efforts}


def test_power_exact_points_and_no_extrapolation() -> None:
    e = by_label(best_efforts(POWER, "power"))
    assert e["5s"].value == 900 and e["5s"].exact and e["5s"].activity_id == "i1"
    assert e["20m"].value == 260 and e["20m"].activity_id == "i4" and e["20m"].watts_per_kg == 3.47
    assert e["60m"].value == 235 and e["60m"].activity_id == "i6"
    # 10m: nearest above is 1200 s, far more than 10% longer: unknown rather than misleading.
    assert "10m" not in e
    # 30m: 1900 s is within 10% above 1800 s: taken, marked inexact, no W/kg claim.
    assert e["30m"].value == 250 and not e["30m"].exact and e["30m"].at == 1900 and e["30m"].watts_per_kg is None
    # Nothing beyond the curve's end.
    assert "90m" not in e and "2h" not in e
    assert list(e) == ["5s", "15s", "30s", "1m", "2m", "5m", "20m", "30m", "60m"]


def test_pace_scales_a_longer_distance_conservatively() -> None:
    pace = {
        "distance": [400, 1000, 1700, 5000, 10100],
        "values": [70, 190, 330, 1200, 2500],
        "activity_id": ["r1", "r1", "r2", "r3", "r4"],
    }
    e = by_label(best_efforts(pace, "pace"))
    assert e["400m"].value == 70 and e["1km"].value == 190 and e["5km"].activity_id == "r3"
    # 1700 m is within 10% past a mile: its pace over 1609 m, never faster than the truth.
    assert e["1mi"].value == pytest.approx(330 * 1609.344 / 1700) and e["1mi"].activity_id == "r2"
    assert e["10km"].value == pytest.approx(2500 * 10000 / 10100)
    assert not e["10km"].exact and "half" not in e


def test_mile_from_nearby_point() -> None:
    pace = {"distance": [1650], "values": [330]}
    e = best_efforts(pace, "pace")
    assert len(e) == 1 and e[0].label == "1mi" and e[0].value == pytest.approx(330 * 1609.344 / 1650)


def test_hr_curve_and_curve_items() -> None:
    hr = {"secs": [5, 60, 300, 1200], "values": [188, 185, 180, 172]}
    e = by_label(best_efforts(hr, "hr"))
    assert e["5m"].value == 180 and e["5m"].activity_id is None and e["5m"].to_dict()["unit"] == "bpm"
    assert curve_items({"list": [POWER, hr], "activities": {}}) == [POWER, hr]
    assert curve_items([POWER, "x"]) == [POWER]
    assert curve_items(hr) == [hr]
    assert curve_items(None) == []


def test_compare_windows() -> None:
    older = dict(POWER, values=[850, 700, 500, 380, 300, 280, 270, 250, 240, 200])
    deltas = {d.label: d for d in compare_efforts(best_efforts(POWER, "power"), best_efforts(older, "power"))}
    assert deltas["5s"].delta == 50 and deltas["5s"].pct == pytest.approx(50 / 850 * 100)
    assert deltas["5s"].better is True
    assert deltas["15s"].delta == 0 and deltas["15s"].better is None
    pace_now = best_efforts({"distance": [5000], "values": [1200]}, "pace")
    pace_then = best_efforts({"distance": [5000], "values": [1260]}, "pace")
    (d,) = compare_efforts(pace_now, pace_then)
    assert d.delta == -60 and d.better is True and d.pct == pytest.approx(-60 / 1260 * 100)
    (only,) = compare_efforts(pace_now, [])
    assert only.previous is None and only.delta is None and only.pct is None
