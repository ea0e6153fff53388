from __future__ import annotations

import pytest

from icusync.coach.units import (
    fmt_clock,
    fmt_distance,
    fmt_duration,
    fmt_km,
    fmt_num,
    fmt_pace,
    fmt_pace_or_speed,
    fmt_signed,
    fmt_speed,
    pace_family,
    pace_secs,
    pace_suffix,
    rnd,
    uses_pace,
)


@pytest.mark.parametrize(
    ("secs", "text"),
    [
        (0, "0s"),
        (45, "45s"),
        (59.6, "1m"),
        (270, "4m30s"),
        (720, "12m"),
        (3600, "1h00"),
        (3900, "1h05"),
        (3929, "1h05"),
        (3931, "1h06"),
        (36000, "10h00"),
        (None, "-"),
        (-5, "-"),
        (float("nan"), "-"),
    ],
)
def test_fmt_duration(secs: float | None, text: str) -> None:
    assert fmt_duration(secs) == text


def test_fmt_clock() -> None:
    assert fmt_clock(45) == "0:45"
    assert fmt_clock(245) == "4:05"
    assert fmt_clock(3725) == "1:02:05"
    assert fmt_clock(59.6) == "1:00"
    assert fmt_clock(None) == "-"


def test_paces() -> None:
    assert fmt_pace(3.2258) == "5:10/km"
    assert fmt_pace(1000 / 245) == "4:05/km"
    assert fmt_pace(0.8333, "/100m") == "2:00/100m"
    assert fmt_pace(100 / 105, "/100m") == "1:45/100m"
    assert fmt_pace(1609.344 / 480, "/mi") == "8:00/mi"
    assert fmt_pace(0) == "-" and fmt_pace(None) == "-"
    assert pace_secs(4.0, "/500m") == 125.0
    assert fmt_speed(8.9) == "32.0 km/h"


def test_sports_and_suffixes() -> None:
    assert pace_family("OpenWaterSwim") == "swim" and pace_family("TrailRun") == "foot"
    assert pace_family("VirtualRide") == "other" and pace_family(None) == "other"
    assert pace_suffix("Swim") == "/100m" and pace_suffix("Run") == "/km" and pace_suffix("Rowing") == "/500m"
    assert pace_suffix("Run", "MINS_MILE") == "/mi" and pace_suffix("Run", "NONE") == "/km"
    assert uses_pace("Walk") and not uses_pace("Ride")
    assert fmt_pace_or_speed(4.0, "Run") == "4:10/km"
    assert fmt_pace_or_speed(10.0, "Ride") == "36.0 km/h"
    assert fmt_pace_or_speed(1.0, "Swim") == "1:40/100m"


def test_numbers() -> None:
    assert fmt_km(42195) == "42.2 km" and fmt_km(None) == "-"
    assert fmt_distance(2500, "Swim") == "2500 m" and fmt_distance(10000, "Run") == "10.0 km"
    assert rnd(128.6) == 129 and isinstance(rnd(128.6), int) and rnd(1.2345, 2) == 1.23 and rnd(None) is None
    assert rnd(True) is None
    assert fmt_num(128.4, unit=" W") == "128 W" and fmt_num(3.14159, 2) == "3.14"
    assert fmt_signed(5) == "+5" and fmt_signed(-3.24, 1, " min") == "-3.2 min" and fmt_signed(0.2) == "±0"
    assert fmt_signed(None) == "-"
