"""The weeks ahead: fitness projected from the plan, checked by hand; race day; what-if changes that write nothing."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def planned_by_day(live: Live, days: int) -> dict[date, float]:
    today = live.demo.today
    events = await upstream_get(live.demo, "/athlete/{athlete}/events",
                                oldest=str(today + timedelta(days=1)), newest=str(today + timedelta(days=days)))
    loads: dict[date, float] = {}
    for e in events:
        if e.get("icu_training_load"):
            day = date.fromisoformat(e["start_date_local"][:10])
            loads[day] = loads.get(day, 0.0) + e["icu_training_load"]
    return loads


async def by_hand(live: Live, loads: dict[date, float], days: int) -> list[tuple[str, int, int, int]]:
    """(date, fitness, fatigue, form) for each day ahead, from today's measured CTL and ATL: each day
    they keep e^(-1/42) and e^(-1/7) of yesterday's value and take the rest from that day's load;
    form is the day's CTL - ATL."""
    today = live.demo.today
    now = await upstream_get(live.demo, f"/athlete/{{athlete}}/wellness/{today}")
    ctl, atl = now["ctl"], now["atl"]
    out = []
    for n in range(1, days + 1):
        day = today + timedelta(days=n)
        load = loads.get(day, 0.0)
        ctl = ctl * math.exp(-1 / 42) + load * (1 - math.exp(-1 / 42))
        atl = atl * math.exp(-1 / 7) + load * (1 - math.exp(-1 / 7))
        out.append((day.isoformat(), round(ctl), round(atl), round(ctl - atl)))
    return out


def projected_rows(result: Any) -> list[tuple[str, int, int, int]]:
    series = result.structured_content["series"]
    cols = series["columns"]
    at = {c: cols.index(c) for c in ("date", "fitness", "fatigue", "form", "projected")}
    return [(r[at["date"]], r[at["fitness"]], r[at["fatigue"]], r[at["form"]])
            for r in series["rows"] if r[at["projected"]]]


async def test_projection_follows_the_plan_as_a_hand_computation_does(live: Live) -> None:
    async with live.client() as client:
        result = await client.call_tool("get_fitness", {"newest": "in 10 days"})
    assert not result.is_error, text_of(result)
    assert projected_rows(result) == await by_hand(live, await planned_by_day(live, 10), 10)
    text = text_of(result)
    assert f"Projected {live.demo.today + timedelta(days=1)}..{live.demo.today + timedelta(days=10)}" in text
    assert "nothing was written" in text
    # Measured days are not marked as projected.
    rows = result.structured_content["series"]["rows"]
    assert [r[0] for r in rows if not r[-1]][-1] == live.demo.today.isoformat()


async def test_race_day_form_for_the_next_a_race(live: Live) -> None:
    today = live.demo.today
    races = await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(today),
                               newest=str(today + timedelta(days=365)), category="RACE_A")
    race_day = date.fromisoformat(races[0]["start_date_local"][:10])
    async with live.client() as client:
        result = await client.call_tool("get_fitness", {"newest": "race day"})
    assert not result.is_error, text_of(result)
    days = (race_day - today).days
    expected = (await by_hand(live, await planned_by_day(live, days), days))[-1]
    race_line = next(line for line in text_of(result).splitlines() if line.startswith("Race A"))
    assert f"'{races[0]['name']}': projected {race_day}" in race_line
    assert f"fitness {expected[1]}, fatigue {expected[2]}, form {expected[3]:+d}" in race_line
    assert result.structured_content["projected_to"]["day"] == race_day.isoformat()
    assert len(text_of(result)) < 4000


async def test_what_if_drops_moves_and_adds_without_writing(live: Live) -> None:
    today = live.demo.today
    events = await upstream_get(live.demo, "/athlete/{athlete}/events",
                                oldest=str(today + timedelta(days=1)), newest=str(today + timedelta(days=14)))
    workouts = [e for e in events if e.get("icu_training_load")]
    dropped, moved = workouts[1], workouts[2]
    moved_to = date.fromisoformat(moved["start_date_local"][:10]) + timedelta(days=1)
    added_on = today + timedelta(days=4)
    changes = [{"event_id": dropped["id"]}, {"event_id": moved["id"], "to": moved_to.isoformat()},
               {"date": added_on.isoformat(), "load": 100}]
    async with live.client() as client:
        result = await client.call_tool("get_fitness", {"newest": "in 14 days", "what_if": changes})
        bad = await client.call_tool("get_fitness", {"newest": "in 14 days", "what_if": [{"event_id": 1}]})
        past = await client.call_tool("get_fitness", {"newest": "yesterday", "what_if": [{"event_id": dropped["id"]}]})
    assert not result.is_error, text_of(result)
    loads = await planned_by_day(live, 14)
    for event, sign in ((dropped, -1), (moved, -1)):
        day = date.fromisoformat(event["start_date_local"][:10])
        loads[day] += sign * event["icu_training_load"]
    loads[moved_to] = loads.get(moved_to, 0.0) + moved["icu_training_load"]
    loads[added_on] = loads.get(added_on, 0.0) + 100
    assert projected_rows(result) == await by_hand(live, loads, 14)
    text = text_of(result)
    assert f"without '{dropped['name']}'" in text and f"'{moved['name']}' moved to {moved_to}" in text
    assert f"load 100 added on {added_on}" in text
    assert bad.is_error and "event 1 is not planned" in text_of(bad)
    assert past.is_error and "give a newest date after today" in text_of(past)
    # Nothing was written: the calendar is as it was, the history empty.
    assert await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(today + timedelta(days=1)),
                              newest=str(today + timedelta(days=14))) == events
    assert await live.history() == []
