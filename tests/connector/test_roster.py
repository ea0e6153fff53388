"""A coach's roster: a coach, two coached athletes, a follower and a stranger.

The demo's relationships (icusync/demo/roster.py): Marieke coaches Sanne and Jake; Lotte
follows Sanne with read access; Tom is nobody's. Each connects with their own account.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get

SANNE, JAKE, COACH, STRANGER, FOLLOWER = range(5)


def ids(live: Live) -> list[str]:
    return live.demo.athlete_ids


def run_on(day: Any, name: str) -> dict[str, Any]:
    return {"date": str(day), "sport": "Run", "name": name, "workout": "- 40m Z2 Pace"}


async def events_of(live: Live, athlete: str, day: Any) -> list[str]:
    found = await upstream_get(live.demo, "/athlete/{athlete}/events", as_athlete=athlete, oldest=str(day),
                               newest=str(day))
    return [e["name"] for e in found]


async def test_a_coach_sees_the_roster_and_reads_each_athlete_named(live: Live) -> None:
    coach_url = await live.connect(ids(live)[COACH])
    async with live.client(url=coach_url) as coach:
        tools = {t.name: t for t in (await coach.list_tools()).tools}
        listed = await coach.call_tool("list_athletes", {})
        sanne = await coach.call_tool("get_fitness", {"athlete": "sanne"})
        own = await coach.call_tool("get_fitness", {})
    assert "list_athletes" in tools and "athlete" in tools["get_fitness"].input_schema["properties"]
    assert "athlete" not in tools["undo_last_write"].input_schema.get("properties", {})
    names = [row[0] for row in listed.structured_content["athletes"]["rows"]]
    assert names == ["Marieke Bakker", "Sanne de Vries", "Jake Morales"]  # the stranger and the follower absent
    assert "coached" in text_of(listed)
    wellness = await upstream_get(live.demo, f"/athlete/{ids(live)[SANNE]}/wellness/{live.demo.today}")
    assert text_of(sanne).startswith(f"Athlete: Sanne de Vries ({ids(live)[SANNE]})")
    assert sanne.structured_content["today"]["fitness"] == round(wellness["ctl"], 1)
    assert text_of(own).startswith(f"Athlete: Marieke Bakker ({ids(live)[COACH]})")  # their own stays the default


async def test_a_coach_plans_for_an_athlete_recorded_in_both_histories(live: Live) -> None:
    jake = ids(live)[JAKE]
    jake_url = await live.connect(jake)
    coach_url = await live.connect(ids(live)[COACH])
    day = live.demo.today_for(jake) + timedelta(days=3)
    async with live.client(url=coach_url) as coach:
        done = await coach.call_tool("create_workouts", {"workouts": [run_on(day, "Coach's tempo")],
                                                         "athlete": "Jake"})
        assert not done.is_error, text_of(done)
        assert text_of(done).startswith(f"Athlete: Jake Morales ({jake})")
        assert "Coach's tempo" in await events_of(live, jake, day)
        assert "Coach's tempo" not in await events_of(live, ids(live)[COACH], day)
        mine = await coach.call_tool("list_recent_writes", {})
        assert f"for Jake Morales ({jake})" in text_of(mine)
        async with live.client(url=jake_url) as athlete:
            theirs = await athlete.call_tool("list_recent_writes", {})
            athlete_tools = {t.name for t in (await athlete.list_tools()).tools}
        assert "Coach's tempo" in text_of(theirs) and "(by Marieke Bakker)" in text_of(theirs)
        assert "list_athletes" not in athlete_tools  # Jake reaches only himself
        [row] = await live.history(jake)
        assert row.athlete_id == jake and row.status == "done"
        undone = await coach.call_tool("undo_last_write", {})
    assert not undone.is_error, text_of(undone)
    assert "Coach's tempo" not in await events_of(live, jake, day)


async def test_nobody_reaches_an_athlete_intervals_icu_does_not_let_them_see(live: Live) -> None:
    stranger = ids(live)[STRANGER]
    coach_url = await live.connect(ids(live)[COACH])
    stranger_activity = (await upstream_get(live.demo, "/athlete/{athlete}/activities", as_athlete=stranger,
                                            oldest=str(live.demo.today - timedelta(days=14)),
                                            newest=str(live.demo.today)))[0]["id"]
    live.demo.requests.clear()
    async with live.client(url=coach_url) as coach:
        by_name = await coach.call_tool("get_fitness", {"athlete": "Tom"})
        by_id = await coach.call_tool("create_workouts", {"workouts": [run_on(live.demo.today, "x")],
                                                          "athlete": stranger})
        by_activity = await coach.call_tool("get_activity", {"activity_id": stranger_activity})
    async with live.client() as sanne:  # a coached athlete's own connection (the fixture's personal URL)
        tools = (await sanne.list_tools()).tools
        her_coach = await sanne.call_tool("get_wellness", {"athlete": ids(live)[COACH]})
        fellow = await sanne.call_tool("get_calendar", {"athlete": "Jake"})
    assert by_name.is_error and "not an athlete this connection can reach" in text_of(by_name)
    assert by_id.is_error and "not an athlete this connection can reach" in text_of(by_id)
    assert by_activity.is_error and "403" in text_of(by_activity)  # Intervals.icu refuses it too
    assert not any(t.name == "list_athletes" or "athlete" in t.input_schema.get("properties", {}) for t in tools)
    assert her_coach.is_error and "not an athlete this connection can reach" in text_of(her_coach)
    assert fellow.is_error and "it reaches Sanne de Vries" in text_of(fellow)
    assert not [p for _, p in live.demo.requests if f"/athlete/{stranger}" in p]  # never even asked
    assert await live.history() == []


async def test_a_follower_reads_but_cannot_change(live: Live) -> None:
    sanne = ids(live)[SANNE]
    follower_url = await live.connect(ids(live)[FOLLOWER])
    day = live.demo.today + timedelta(days=2)
    async with live.client(url=follower_url) as follower:
        read = await follower.call_tool("get_wellness", {"athlete": "Sanne de Vries"})
        write = await follower.call_tool("create_workouts", {"workouts": [run_on(day, "Not mine")],
                                                             "athlete": "Sanne"})
        listed = await follower.call_tool("list_athletes", {})
    assert not read.is_error and text_of(read).startswith(f"Athlete: Sanne de Vries ({sanne})")
    assert write.is_error and "to read only" in text_of(write) and "Nothing was changed" in text_of(write)
    assert "follows (read only)" in text_of(listed)
    assert "Not mine" not in await events_of(live, sanne, day)
    assert await live.history(ids(live)[FOLLOWER]) == [] and await live.history() == []


async def demo_dashboard(live: Live, who: str) -> str:
    async with live.http(follow_redirects=True) as browser:
        signin = await browser.get("/signin")
        csrf = signin.text.split('name="csrf_token" value="')[1].split('"')[0]
        page = await browser.post("/signin/demo", data={"csrf_token": csrf, "as": who})
    assert page.url.path == "/dashboard"
    return page.text


async def test_the_dashboards_show_whom_the_connection_reaches_and_whose_changes(live: Live) -> None:
    coach_url = await live.connect(ids(live)[COACH])
    async with live.client(url=coach_url) as coach:
        done = await coach.call_tool("create_workouts", {"workouts": [run_on(live.demo.today, "From coach")],
                                                         "athlete": "Sanne"})
        assert not done.is_error, text_of(done)
    page = await demo_dashboard(live, "coach")
    assert "Athletes your assistant can reach" in page
    assert "Sanne de Vries" in page and "Jake Morales" in page and "Tom Hendriks" not in page
    assert "coached: read and plan" in page and "for Sanne de Vries" in page
    athletes = await demo_dashboard(live, "athlete")
    assert "Athletes your assistant can reach" not in athletes  # Sanne reaches only herself
    assert "From coach" in athletes and "by Marieke Bakker, your coach" in athletes
    assert "Undo the last change</button>" in athletes  # not hers to undo: the button names none


async def test_an_athletes_activity_goes_with_that_athlete_named(live: Live) -> None:
    sanne = ids(live)[SANNE]
    coach_url = await live.connect(ids(live)[COACH])
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities",
                              oldest=str(live.demo.today - timedelta(days=14)), newest=str(live.demo.today))
    run = next(a for a in acts if a.get("type") == "Run")
    async with live.client(url=coach_url) as coach:
        unnamed = await coach.call_tool("get_activity", {"activity_id": run["id"]})
        unnamed_write = await coach.call_tool("update_activity", {"activity_id": run["id"], "rpe": 7})
        named = await coach.call_tool("get_activity", {"activity_id": run["id"], "athlete": "Sanne"})
        feedback = await coach.call_tool("update_activity", {"activity_id": run["id"], "athlete": sanne,
                                                             "message": "Good pacing!"})
    assert unnamed.is_error and f"athlete='{sanne}'" in text_of(unnamed)  # her zones, not the coach's
    assert unnamed_write.is_error and (await upstream_get(live.demo, f"/activity/{run['id']}")).get("icu_rpe") == \
        run.get("icu_rpe")
    assert not named.is_error and text_of(named).startswith(f"Athlete: Sanne de Vries ({sanne})")
    assert not feedback.is_error, text_of(feedback)
    assert [m["content"] for m in live.demo.data[sanne].messages[run["id"]]] == ["Good pacing!"]
    [row] = await live.history()  # in Sanne's history too
    assert row.tool == "update_activity" and "for Sanne de Vries" in row.summary
