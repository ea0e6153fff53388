from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from icusync.coach.render.wellness import render_wellness

START = date(2026, 10, 1)


def rows(days: int) -> list[dict[str, Any]]:
    out = []
    for i in range(days):
        out.append(
            {
                "id": (START + timedelta(days=i)).isoformat(),
                "ctl": 60.0,
                "atl": 70.0,
                "hrv": [50, 54][i % 2],
                "restingHR": [45, 47][i % 2],
                "sleepSecs": [27000, 28800][i % 2],
                "soreness": 1,
                "weight": 58.2,
                "comments": "fine",
            }
        )
    return out


def test_daily_table_with_flags_and_baseline() -> None:
    data = rows(31)
    data[-1].update(hrv=44, restingHR=50, sleepSecs=21600, soreness=3)
    r = render_wellness(data, since=date(2026, 10, 29))
    d = r.data
    assert d["range"] == {"start": "2026-10-29", "end": "2026-10-31"} and d["resolution"] == "daily"
    assert d["table"]["columns"] == [
        "date",
        "hrv_ms",
        "resting_hr_bpm",
        "sleep_h",
        "soreness_1_4",
        "weight_kg",
        "flags",
    ]
    assert d["table"]["rows"][0] == ["2026-10-29", 50, 45, 7.5, 1, 58.2, None]
    last = d["table"]["rows"][-1]
    assert last[:6] == ["2026-10-31", 44, 50, 6.0, 3, 58.2]
    assert last[6] == "hrv_ms low -3.9SD, resting_hr_bpm high +3.9SD, sleep_h low -6.9SD, soreness_1_4 high +4.0SD"
    assert d["baseline"]["date"] == "2026-10-31"
    assert d["baseline"]["columns"] == ["metric", "value", "mean", "sd", "delta", "z", "flagged"]
    assert d["baseline"]["rows"][0] == ["hrv_ms", 44, 52, 2, -8, -3.9, True]
    assert d["baseline"]["rows"][2] == ["sleep_h", 6.0, 7.8, 0.3, -1.8, -6.9, True]
    assert d["baseline"]["rows"][-1] == ["weight_kg", 58.2, 58.2, 0.0, 0.0, None, False]
    assert "Latest (2026-10-31) vs baseline: hrv_ms 44 (usual 52 ± 2, -3.9 SD) !" in r.text
    assert "prior 28 days" in r.text and "1 best, 4 worst" in r.text
    assert "ctl" not in str(d["table"]) and "comments" not in str(d)


def test_no_history_no_flags() -> None:
    r = render_wellness(rows(3))
    assert all(row[-1] is None for row in r.data["table"]["rows"])
    assert "not enough history" in r.text


def test_long_range_goes_weekly() -> None:
    r = render_wellness(rows(120), since=date(2026, 10, 1))
    d = r.data
    assert d["resolution"] == "weekly"
    # 2026-10-01 is a Thursday; its week starts Monday 2026-09-28. Means of the days present.
    assert d["table"]["rows"][0][0] == "2026-09-28"
    assert d["table"]["rows"][1][:3] == ["2026-10-05", 52, 46]
    assert len(d["table"]["rows"]) == 18
    assert len(r.text) < 3000


def test_empty() -> None:
    r = render_wellness([])
    assert r.text == "No wellness data in this range." and r.data["baseline"] is None
