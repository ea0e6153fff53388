from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from icusync.coach.baseline import compare_to_baseline, window_start

START = date(2026, 10, 1)


def series(days: int, **metrics: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for i in range(days):
        row: dict[str, Any] = {"id": (START + timedelta(days=i)).isoformat()}
        for key, values in metrics.items():
            row[key] = values[i % len(values)]
        rows.append(row)
    return rows


def test_mean_sd_of_prior_window_excluding_the_day() -> None:
    rows = series(29, hrv=[50, 54], restingHR=[46])
    rows[-1]["hrv"] = 40
    rows[-1]["restingHR"] = 46
    last = compare_to_baseline(rows)[-1]
    d = last.deviations["hrv"]
    assert d.samples == 28 and d.mean == 52.0
    assert d.sd == pytest.approx(2.0367, abs=1e-4)  # sample SD of 14x50 and 14x54
    assert d.delta == -12.0 and d.z == pytest.approx(-5.892, abs=1e-3)
    assert d.flagged and last.flags == ["hrv"]
    # restingHR never moved: its spread is floored at 1 bpm, and no change is not a flag.
    assert not last.deviations["restingHR"].flagged and last.deviations["restingHR"].sd == 1.0
    assert last.deviations["restingHR"].z == 0.0
    assert d.to_dict() == {
        "metric": "hrv",
        "value": 40.0,
        "mean": 52.0,
        "sd": 2.0,
        "delta": -12.0,
        "z": -5.9,
        "flagged": True,
    }


def test_only_the_bad_direction_is_flagged() -> None:
    rows = series(29, hrv=[50, 54], restingHR=[45, 47], sleepSecs=[27000, 28800], soreness=[1, 2], weight=[70, 71])
    rows[-1].update(hrv=70, restingHR=40, sleepSecs=36000, soreness=1, weight=80)
    good = compare_to_baseline(rows)[-1]
    assert good.flags == []
    rows[-1].update(hrv=47, restingHR=49, sleepSecs=21600, soreness=4, weight=60)
    bad = compare_to_baseline(rows)[-1]
    assert bad.flags == ["hrv", "restingHR", "sleepSecs", "soreness"]  # weight is neutral


def test_within_one_sd_is_not_flagged() -> None:
    rows = series(29, restingHR=[44, 48])  # mean 46, sd ~2.04
    rows[-1]["restingHR"] = 48
    assert not compare_to_baseline(rows)[-1].deviations["restingHR"].flagged
    rows[-1]["restingHR"] = 49
    assert compare_to_baseline(rows)[-1].deviations["restingHR"].flagged


def test_steady_metrics_use_a_floor_on_the_spread() -> None:
    rows = series(10, fatigue=[1])
    rows[-1]["fatigue"] = 2  # always 1 before: one step up is news
    assert compare_to_baseline(rows)[-1].flags == ["fatigue"]
    rows = series(29, restingHR=[46, 47])  # sample SD 0.51, floored to 1 bpm
    rows[-1]["restingHR"] = 47
    assert compare_to_baseline(rows)[-1].flags == []
    rows[-1]["restingHR"] = 48
    assert compare_to_baseline(rows)[-1].flags == ["restingHR"]


def test_window_is_by_date_and_needs_enough_samples() -> None:
    rows = series(40, hrv=[60])
    for row in rows[:-3]:
        row["hrv"] = 30  # outside the 5-day window below
    rows[-3]["hrv"], rows[-2]["hrv"] = 60, 62
    out = compare_to_baseline(rows, window_days=2, min_samples=2)
    assert out[-1].deviations["hrv"].mean == 61.0
    sparse = compare_to_baseline(series(3, hrv=[50]))[-1].deviations["hrv"]
    assert sparse.mean is None and sparse.samples == 2 and not sparse.flagged and sparse.z is None


def test_since_and_missing_values() -> None:
    rows = series(35, hrv=[50, None, 52], spO2=[97])
    rows.append({"id": "garbage", "hrv": 10})
    out = compare_to_baseline(rows, since=date(2026, 11, 1))
    assert [d.day for d in out] == [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)]
    assert "hrv" not in out[0].deviations or out[0].deviations["hrv"].value in (50.0, 52.0)
    assert all(d.deviations["spO2"].mean == 97.0 for d in out)
    assert window_start(date(2026, 11, 1)) == date(2026, 10, 4)
