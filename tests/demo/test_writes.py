"""Writes: events (create, bulk upsert, delete, bulk-delete), wellness, the library."""

from __future__ import annotations

import datetime as dt

import httpx

from icusync.demo import DemoUpstream
from tests.demo.conftest import TODAY, ClientFactory
from tests.harness import new_demo

WORKOUT = "Warmup\n- 10m ramp 50-75%\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 50%\n\nCooldown\n- 10m 55%"


def _event(external_id: str | None = None, **extra: object) -> dict[str, object]:
    ev: dict[str, object] = {"category": "WORKOUT", "start_date_local": "2026-03-20T00:00:00", "type": "Ride",
                             "name": "Threshold 4x8", "description": WORKOUT}
    if external_id:
        ev["external_id"] = external_id
    return {**ev, **extra}


async def test_calendar_defaults_and_contents(api: httpx.AsyncClient) -> None:
    week = (await api.get("/api/v1/athlete/0/events")).json()
    days = {e["start_date_local"][:10] for e in week}
    assert min(days) >= TODAY.isoformat() and max(days) <= "2026-03-17"
    later = (await api.get("/api/v1/athlete/0/events", params={"oldest": TODAY.isoformat(),
                                                               "newest": "2026-06-01"})).json()
    cats = [e["category"] for e in later]
    assert cats.count("RACE_A") == 1 and "RACE_B" in cats and "NOTE" in cats
    workouts = [e for e in later if e["category"] == "WORKOUT"]
    assert len(workouts) >= 10 and all(e["workout_doc"]["steps"] and e["moving_time"] for e in workouts)
    race = next(e for e in later if e["category"] == "RACE_A")
    assert 50 <= (dt.date.fromisoformat(race["start_date_local"][:10]) - TODAY).days <= 62
    assert all(e["icu_ctl"] is not None for e in later)
    only = (await api.get("/api/v1/athlete/0/events", params={"newest": "2026-06-01", "category": "NOTE"})).json()
    assert only and {e["category"] for e in only} == {"NOTE"}


async def test_create_derives_workout_fields(api: httpx.AsyncClient) -> None:
    resp = await api.post("/api/v1/athlete/0/events",
                          json=_event(workout_doc={"steps": []}, moving_time=1, start_date_local="2026-03-20"))
    ev = resp.json()
    assert resp.status_code == 200 and isinstance(ev["id"], int) and ev["uid"]
    assert ev["start_date_local"] == "2026-03-20T00:00:00" and ev["end_date_local"] == "2026-03-21T00:00:00"
    assert ev["moving_time"] == 10 * 60 + 4 * 12 * 60 + 10 * 60 and ev["workout_doc"]["steps"][1]["reps"] == 4
    assert 60 <= ev["icu_training_load"] <= 90 and ev["created_by_id"] == "i100001" and ev["oauth_client_id"] is None
    assert "+00:00" in ev["updated"]
    got = (await api.get(f"/api/v1/athlete/0/events/{ev['id']}", params={"resolve": "true"})).json()
    rep = got["workout_doc"]["steps"][1]["steps"][0]
    assert rep["_power"] == {"start": 253.0, "end": 265.6} or rep["_power"]["start"] > 200


async def test_name_too_long_and_bad_category(api: httpx.AsyncClient) -> None:
    resp = await api.post("/api/v1/athlete/0/events", json=_event(name="x" * 81))
    assert resp.status_code == 422 and resp.json() == {"status": 422, "error": "Name is too long"}
    assert (await api.post("/api/v1/athlete/0/events", json=_event(category="NAP"))).status_code == 422
    assert (await api.post("/api/v1/athlete/0/events", json={"category": "NOTE"})).status_code == 422


async def test_bulk_upsert_dedups_by_external_id(api: httpx.AsyncClient, make_client: ClientFactory) -> None:
    first = (await api.post("/api/v1/athlete/0/events/bulk", params={"upsert": "true"},
                            json=[_event("plan-1"), _event("plan-2", name="Easy")])).json()
    again = (await api.post("/api/v1/athlete/0/events/bulk", params={"upsert": "true"},
                            json=[_event("plan-1", name="Renamed")])).json()
    assert again[0]["id"] == first[0]["id"] and again[0]["name"] == "Renamed"
    listed = (await api.get("/api/v1/athlete/0/events", params={"oldest": "2026-03-20", "newest": "2026-03-20"})).json()
    assert [e["external_id"] for e in listed if e["external_id"]].count("plan-1") == 1
    no_upsert = (await api.post("/api/v1/athlete/0/events/bulk", json=[_event("plan-1")])).json()
    assert no_upsert[0]["id"] != first[0]["id"]
    # all or nothing: one bad event keeps the others out
    resp = await api.post("/api/v1/athlete/0/events/bulk", json=[_event("plan-9"), _event(name="y" * 90)])
    assert resp.status_code == 422
    listed = (await api.get("/api/v1/athlete/0/events", params={"oldest": "2026-03-20", "newest": "2026-03-20"})).json()
    assert "plan-9" not in {e["external_id"] for e in listed}


async def test_delete_and_bulk_delete(api: httpx.AsyncClient) -> None:
    made = (await api.post("/api/v1/athlete/0/events/bulk",
                           json=[_event("d-1"), _event("d-2"), _event("d-3")])).json()
    assert (await api.delete(f"/api/v1/athlete/0/events/{made[0]['id']}")).status_code == 200
    assert (await api.get(f"/api/v1/athlete/0/events/{made[0]['id']}")).status_code == 404
    resp = await api.put("/api/v1/athlete/0/events/bulk-delete",
                         json=[{"id": made[1]["id"]}, {"external_id": "d-3"}, {"id": 1}, {"external_id": "nope"}])
    assert resp.json() == {"eventsDeleted": 2}


async def test_update_event_reparses(api: httpx.AsyncClient) -> None:
    ev = (await api.post("/api/v1/athlete/0/events", json=_event())).json()
    new = (await api.put(f"/api/v1/athlete/0/events/{ev['id']}", json={"description": "- 30m 60%"})).json()
    assert new["moving_time"] == 1800 and new["name"] == ev["name"] and new["id"] == ev["id"]


async def test_wellness_partial_put(api: httpx.AsyncClient) -> None:
    day = "2026-03-10"
    before = (await api.get(f"/api/v1/athlete/0/wellness/{day}")).json()
    after = (await api.put(f"/api/v1/athlete/0/wellness/{day}", json={"soreness": 3, "ctl": 1, "hrv": None})).json()
    assert after["soreness"] == 3 and after["ctl"] == before["ctl"] and after["hrv"] == before["hrv"]
    assert after["restingHR"] == before["restingHR"]
    body = {"id": day, "comments": "Legs heavy"}
    assert (await api.put("/api/v1/athlete/0/wellness", json=body)).json()["comments"] == "Legs heavy"
    resp = await api.put("/api/v1/athlete/0/wellness-bulk", json=[{"id": day, "weight": 67.2},
                                                                 {"id": "2026-03-09", "mood": 2}])
    assert resp.status_code == 200
    again = (await api.get("/api/v1/athlete/0/wellness.json", params={"oldest": day, "newest": day})).json()
    assert again[0]["weight"] == 67.2 and again[0]["soreness"] == 3
    assert (await api.put(f"/api/v1/athlete/0/wellness/{day}", json={"mood": 9})).status_code == 422
    assert (await api.put(f"/api/v1/athlete/0/wellness/{day}", json={"restingHR": "x"})).status_code == 422


async def test_library(api: httpx.AsyncClient) -> None:
    folder = (await api.post("/api/v1/athlete/0/folders", json={"name": "Mine"})).json()
    wk = (await api.post("/api/v1/athlete/0/workouts",
                         json={"name": "Opener", "type": "Ride", "folder_id": folder["id"],
                               "description": "- 20m 65%\n- Opener 1m 110%"})).json()
    assert wk["moving_time"] == 1200 + 60 and wk["workout_doc"]["steps"]
    folders = (await api.get("/api/v1/athlete/0/folders")).json()
    assert any(f["id"] == folder["id"] and f["children"][0]["id"] == wk["id"] for f in folders)
    assert (await api.post("/api/v1/athlete/0/workouts", json={"name": "z" * 81})).status_code == 422


async def test_writes_are_per_instance(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    await api.post("/api/v1/athlete/0/events", json=_event("only-here"))
    fresh = new_demo(seed=1, today=TODAY)
    assert not any(e["external_id"] == "only-here" for e in fresh.data[fresh.athlete_ids[0]].events.values())
