from __future__ import annotations

from datetime import date

from icusync.coach.render.calendar import COLUMNS, next_race, render_calendar

TODAY = date(2026, 11, 4)
EVENTS = [
    {
        "id": 3,
        "start_date_local": "2026-11-08T00:00:00",
        "category": "RACE_B",
        "type": "Run",
        "name": "Parkrun",
        "distance": 5000,
    },
    {
        "id": 1,
        "start_date_local": "2026-11-05T00:00:00",
        "category": "WORKOUT",
        "type": "Ride",
        "name": "Sweet spot 3x12",
        "moving_time": 4500,
        "icu_training_load": 85,
        "description": "Main Set 3x\n- 12m 88-93%\n- 4m 55%",
        "workout_doc": {"steps": []},
    },
    {
        "id": 2,
        "start_date_local": "2026-11-07T00:00:00",
        "category": "NOTE",
        "name": "Travel",
        "description": "Flight at 9",
    },
    {"id": 0, "start_date_local": "2026-11-01T00:00:00", "category": "RACE_A", "name": "Past race"},
]
A_RACE = {
    "id": 9,
    "start_date_local": "2026-12-06T00:00:00",
    "category": "RACE_A",
    "type": "Run",
    "name": "Valencia Marathon",
}


def test_events_and_next_races() -> None:
    r = render_calendar(EVENTS, today=TODAY, races=[A_RACE])
    d = r.data
    assert d["events"]["columns"] == COLUMNS
    assert [row[0] for row in d["events"]["rows"]] == [0, 1, 2, 3]
    assert d["events"]["rows"][1] == [
        1,
        "2026-11-05",
        "WORKOUT",
        "Ride",
        "Sweet spot 3x12",
        "1h15",
        None,
        85,
        "Main Set 3x | - 12m 88-93% | - 4m 55%",
    ]
    assert d["next_race"] == {
        "id": 3,
        "date": "2026-11-08",
        "category": "RACE_B",
        "priority": "B",
        "sport": "Run",
        "name": "Parkrun",
        "days_to_go": 4,
    }
    assert d["next_a_race"]["name"] == "Valencia Marathon" and d["next_a_race"]["days_to_go"] == 32
    assert d["by_category"] == {"NOTE": 1, "RACE_A": 1, "RACE_B": 1, "WORKOUT": 1}
    assert "workout_doc" not in str(d)
    lines = r.text.splitlines()
    assert lines[0] == (
        "Next race: 2026-11-08 Race B 'Parkrun' in 4 days; "
        "next A race: 2026-12-06 Race A 'Valencia Marathon' in 32 days"
    )
    assert (
        "2026-11-05 Thu Workout Ride 'Sweet spot 3x12': 1h15, load 85 (Main Set 3x | - 12m 88-93% | - 4m 55%) [1]"
        in lines
    )
    assert "2026-11-07 Sat Note 'Travel' (Flight at 9) [2]" in lines
    assert "2026-11-08 Sun Race B Run 'Parkrun': 5.0 km, in 4 days [3]" in lines


def test_race_today_and_none() -> None:
    race = {"id": 5, "start_date_local": "2026-11-04T09:00:00", "category": "RACE_A", "name": "Club TT"}
    r = render_calendar([race], today=TODAY)
    assert r.data["next_race"]["days_to_go"] == 0 and r.data["next_a_race"] is None
    assert r.text.startswith("Next race: 2026-11-04 Race A 'Club TT' today")
    none = render_calendar([], today=TODAY)
    assert none.text.startswith("No race planned.") and none.data["next_race"] is None
    assert next_race([EVENTS[3]], TODAY) is None


def test_limit_and_long_descriptions() -> None:
    many = [
        {"id": n, "start_date_local": f"2026-11-{n:02d}T00:00:00", "category": "WORKOUT", "description": "y" * 400}
        for n in range(1, 31)
    ]
    r = render_calendar(many, today=TODAY, limit=5)
    assert r.data["shown"] == 5 and r.data["count"] == 30
    assert r.data["note"] == "showing 5 of 30; narrow the range or pass limit"
    assert len(r.data["events"]["rows"][0][-1]) == 160
    assert len(r.text) < 1500
