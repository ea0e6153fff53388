"""Athletes on one instance: each connector sees and changes only what its Intervals.icu account reaches."""

from __future__ import annotations

from datetime import timedelta

from icusync.crypto import new_token
from icusync.db import Database
from icusync.store import users
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def second_athlete_url(live: Live) -> str:
    other = live.demo.athlete_ids[1]
    db = Database(live.settings.db_path)
    await db.open()
    try:
        user = await users.upsert_user(db, other, "Second", "America/Denver")
        await users.save_credential(db, live.deps_sealer(), user.id, "api_key", live.demo.api_key(other))
        secret = new_token()
        await users.set_personal_url(db, user.id, secret)
    finally:
        await db.close()
    return live.settings.personal_url(secret)


async def test_each_connector_reads_and_writes_only_its_athlete(live: Live) -> None:
    first, second = live.demo.athlete_ids[:2]
    other_url = await second_athlete_url(live)
    day = live.demo.today + timedelta(days=3)
    spec = {"date": day.isoformat(), "sport": "Run", "name": "Mine only", "workout": "- 30m Z2 Pace"}
    async with live.client() as mine, live.client(url=other_url) as theirs:
        me = await mine.call_tool("get_athlete_profile", {})
        them = await theirs.call_tool("get_athlete_profile", {})
        assert (me.structured_content or {})["athlete"]["id"] == first
        assert (them.structured_content or {})["athlete"]["id"] == second
        written = await theirs.call_tool("create_workouts", {"workouts": [spec]})
        assert not written.is_error, text_of(written)
        event_id = (written.structured_content or {})["events"][0]["id"]
        mine_recent = await mine.call_tool("list_recent_writes", {})
        refused = await mine.call_tool("delete_calendar_event", {"event_id": event_id, "not_created_by_icusync": True})
    assert "Mine only" not in text_of(mine_recent)
    assert refused.is_error  # not the first athlete's event
    theirs_events = await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(day), newest=str(day))
    assert "Mine only" not in [e["name"] for e in theirs_events]  # nothing landed on the first athlete


async def test_a_coach_two_coached_athletes_and_a_stranger_stay_apart(live: Live) -> None:
    sanne, jake, coach, stranger = live.demo.athlete_ids[:4]
    coach_url, stranger_url = await live.connect(coach), await live.connect(stranger)
    day = live.demo.today_for(jake) + timedelta(days=2)
    spec = {"date": day.isoformat(), "sport": "Run", "name": "For Jake", "workout": "- 30m Z2 Pace"}
    async with live.client(url=coach_url) as coaching:
        written = await coaching.call_tool("create_workouts", {"workouts": [spec], "athlete": jake})
        assert not written.is_error, text_of(written)
        event_id = (written.structured_content or {})["events"][0]["id"]
        not_own = await coaching.call_tool("delete_calendar_event", {"event_id": event_id})
    async with live.client() as coached, live.client(url=stranger_url) as outsider:
        fellow = await coached.call_tool("delete_calendar_event", {"event_id": event_id,
                                                                   "not_created_by_icusync": True})
        seen = await coached.call_tool("list_recent_writes", {})
        reach = await outsider.call_tool("get_calendar", {"athlete": "Jake"})
        by_id = await outsider.call_tool("delete_calendar_event", {"event_id": event_id,
                                                                   "not_created_by_icusync": True})
    assert not_own.is_error  # a coach's own calendar by default: Jake's event is not there
    assert fellow.is_error and by_id.is_error
    assert "For Jake" not in text_of(seen) and await live.history(sanne) == []
    assert reach.is_error and "not an athlete this connection can reach" in text_of(reach)
    assert await live.history(stranger) == []
    still = await upstream_get(live.demo, "/athlete/{athlete}/events", as_athlete=jake, oldest=str(day),
                               newest=str(day))
    assert "For Jake" in [e["name"] for e in still]
