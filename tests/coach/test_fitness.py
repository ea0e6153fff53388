from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from icusync.coach.fitness import (
    FitnessPoint,
    form,
    form_band,
    form_percent,
    points_from_wellness,
    ramp_from_points,
    ramp_reading,
    reading,
    simulate,
    step,
    weekly,
)


def test_step_matches_reference_constants() -> None:
    ctl, atl = step(50.0, 60.0, 100.0)
    assert ctl == pytest.approx(50 * 0.976472 + 100 * 0.023528, abs=1e-4)
    assert atl == pytest.approx(60 * 0.866878 + 100 * 0.133122, abs=1e-4)
    assert ctl == pytest.approx(51.1764, abs=1e-4)
    assert atl == pytest.approx(65.3249, abs=1e-4)


def test_simulate_converges_to_constant_load() -> None:
    out = simulate(0.0, 0.0, [80.0] * 400)
    assert len(out) == 400
    assert out[-1][0] == pytest.approx(80.0, abs=0.01)
    assert out[-1][1] == pytest.approx(80.0, abs=1e-6)
    # After 42 days CTL has reached 1 - 1/e of the load.
    assert out[41][0] == pytest.approx(80 * (1 - math.exp(-1)), abs=1e-6)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-45, "High risk"),
        (-30.01, "High risk"),
        (-30, "Optimal"),
        (-20, "Optimal"),
        (-10, "Optimal"),
        (-9.9, "Grey zone"),
        (0, "Grey zone"),
        (5, "Grey zone"),
        (5.1, "Fresh"),
        (25, "Fresh"),
        (25.1, "Transition"),
    ],
)
def test_form_bands(value: float, band: str) -> None:
    assert form_band(value)[0] == band


def test_form_and_percent() -> None:
    assert form(70, 90) == -20
    assert form_percent(80, 100) == -25.0
    assert form_percent(0, 10) is None


def test_ramp_reading() -> None:
    assert "aggressive" in ramp_reading(9.0)
    assert "strong" in ramp_reading(7.0)
    assert "moderate" in ramp_reading(4.0)
    assert "steady" in ramp_reading(1.0)
    assert "easing" in ramp_reading(-2.0)
    assert "dropping" in ramp_reading(-6.0)
    assert "unknown" in ramp_reading(None)


ROWS: list[dict[str, Any]] = [
    {"id": "2026-11-03", "ctl": 70.87, "atl": 91.97, "rampRate": 6.99, "ctlLoad": 120},
    {"id": "2026-11-01", "ctl": 69.0, "atl": 80.0, "rampRate": 6.0, "ctlLoad": 0},
    {"id": "2026-11-02", "ctl": 70.0, "atl": 85.0, "rampRate": None, "ctlLoad": 90},
    {"id": "2026-10-31", "ctl": None, "atl": 70.0},
]


def test_points_sorted_and_incomplete_rows_skipped() -> None:
    points = points_from_wellness(ROWS)
    assert [p.day for p in points] == [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)]
    assert points[1].ramp is None and points[2].load == 120


def test_reading_absolute() -> None:
    now = reading(ROWS)
    assert now is not None
    assert now.day == date(2026, 11, 3)
    assert now.form == pytest.approx(-21.1)
    assert now.band == "Optimal"
    assert now.ramp == 6.99
    text = now.text
    assert "fitness 71, fatigue 92, form -21 (Optimal" in text and "ramp +7.0/week" in text
    d = now.to_dict()
    assert d["day"] == "2026-11-03" and d["form"] == -21.1 and d["form_pct"] == -29.8 and d["band"] == "Optimal"


def test_reading_percent_uses_same_numbers() -> None:
    rows = [{"id": "2026-11-03", "ctl": 40.0, "atl": 54.0, "rampRate": 9.5}]
    now = reading(rows, as_percent=True)
    assert now is not None
    assert now.form_pct == -35.0 and now.band == "High risk"
    assert "form -35%" in now.text and "aggressive" in now.text
    plain = reading(rows)
    assert plain is not None and plain.band == "Optimal"
    assert reading([]) is None


def test_ramp_from_points_when_missing() -> None:
    pts = [FitnessPoint(date(2026, 11, d), 60.0 + d, 60.0, None, None) for d in range(1, 9)]
    assert ramp_from_points(pts) == 7.0
    rows = [{"id": f"2026-11-{d:02d}", "ctl": 60.0 + d, "atl": 60.0} for d in range(1, 9)]
    now = reading(rows)
    assert now is not None and now.ramp == 7.0


def test_weekly_takes_last_day_and_sums_load() -> None:
    # 2026-11-02 is a Monday: days 1 (Sun) | 2..8 | 9
    pts = [FitnessPoint(date(2026, 11, d), float(d), float(d), None, 10.0) for d in range(1, 10)]
    weeks = weekly(pts)
    assert [(p.day.day, p.ctl, p.load) for p in weeks] == [(1, 1.0, 10.0), (8, 8.0, 70.0), (9, 9.0, 10.0)]
