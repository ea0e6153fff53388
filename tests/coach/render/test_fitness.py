from __future__ import annotations

from datetime import date, timedelta

from icusync.coach.render.fitness import render_fitness


def rows(days: int, start: date = date(2026, 9, 1)) -> list[dict]:
    return [
        {
            "id": (start + timedelta(days=i)).isoformat(),
            "ctl": 50.0 + i,
            "atl": 60.0 + i,
            "rampRate": 3.5,
            "ctlLoad": 10 * (i % 2),
        }
        for i in range(days)
    ]


def test_daily_series_and_reading() -> None:
    r = render_fitness(rows(10), today=date(2026, 9, 10))
    d = r.data
    assert d["resolution"] == "daily" and d["range"] == {"start": "2026-09-01", "end": "2026-09-10"}
    assert d["series"]["columns"] == ["date", "fitness", "fatigue", "form", "ramp_per_week", "load"]
    assert d["series"]["rows"][0] == ["2026-09-01", 50, 60, -10, 3.5, 0]
    assert len(d["series"]["rows"]) == 10
    assert d["today"]["day"] == "2026-09-10" and d["today"]["band"] == "Optimal" and d["today"]["form"] == -10.0
    assert r.text.startswith("Now 2026-09-10: fitness 59, fatigue 69, form -10 (Optimal")
    assert "ramp +3.5/week (moderate build)" in r.text


def test_reading_ignores_future_rows() -> None:
    """Days after today are never measured: without a plan to project from they are left out."""
    data = rows(10)
    r = render_fitness(data, today=date(2026, 9, 5))
    assert r.data["today"]["day"] == "2026-09-05"
    assert len(r.data["series"]["rows"]) == 5 and r.data["projected_to"] is None


def test_long_ranges_go_weekly() -> None:
    r = render_fitness(rows(90), today=date(2026, 11, 29))
    d = r.data
    assert d["resolution"] == "weekly"
    assert d["series"]["columns"][-1] == "load_week"
    # 2026-09-01 is a Tuesday: the first week runs Tue..Sun (6 days), last day 2026-09-06.
    assert d["series"]["rows"][0] == ["2026-09-06", 55, 65, -10, 3.5, 30]
    assert d["series"]["rows"][1][0] == "2026-09-13" and d["series"]["rows"][1][-1] == 30
    assert len(d["series"]["rows"]) == 13 and d["series"]["rows"][-1][0] == "2026-11-29"
    assert "Weekly 2026-09-01..2026-11-29" in r.text
    assert len(r.text) < 2000


def test_percent_form() -> None:
    data = [{"id": "2026-09-01", "ctl": 40.0, "atl": 52.0, "rampRate": 9.0}]
    r = render_fitness(data, as_percent=True)
    assert r.data["series"]["columns"][3] == "form_pct"
    assert r.data["series"]["rows"][0][3] == -30
    assert r.data["today"]["band"] == "Optimal" and r.data["today"]["as_percent"] is True
    assert "form -30%" in r.text and "aggressive" in r.text


def test_empty() -> None:
    r = render_fitness([{"id": "2026-09-01"}])
    assert r.text == "No fitness data in this range." and r.data["today"] is None


def test_days_ahead_are_projected_from_the_plan_as_by_hand() -> None:
    """From CTL 50 / ATL 60, a planned 100 tomorrow, nothing the day after, 50 on the third day.
    By hand: CTL x e^(-1/42) + load x (1 - e^(-1/42)), ATL likewise with 7 days."""
    today = date(2026, 9, 1)
    measured = [{"id": "2026-09-01", "ctl": 50.0, "atl": 60.0, "rampRate": 1.0, "ctlLoad": 0}]
    planned = {date(2026, 9, 2): 100.0, date(2026, 9, 4): 50.0}
    r = render_fitness(measured, today=today, planned=planned, until=date(2026, 9, 4))
    cols = r.data["series"]["columns"]
    assert cols == ["date", "fitness", "fatigue", "form", "ramp_per_week", "load", "projected"]
    rows_ = r.data["series"]["rows"]
    assert [row[0] for row in rows_] == ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"]
    assert [row[-1] for row in rows_] == [False, True, True, True]
    assert [row[1:4] for row in rows_[1:]] == [[51, 65, -14], [50, 57, -7], [50, 56, -6]]
    last = r.data["projected_to"]
    assert last["day"] == "2026-09-04"
    assert (last["fitness"], last["fatigue"], last["form"]) == (50.0, 55.7, -5.8)  # 49.973, 55.746, -5.773
    assert last["band"] == "Grey zone"
    assert "Projected 2026-09-02..2026-09-04 from the planned workouts (2 days with load, 150 in all)" in r.text
    assert r.data["today"]["day"] == "2026-09-01"  # today stays measured
