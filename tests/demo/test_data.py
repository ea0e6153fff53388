"""The synthetic athletes: determinism, history length, fitness consistency, curves."""

from __future__ import annotations

import datetime as dt
import math

import httpx

from icusync.demo import DemoUpstream
from tests.demo.conftest import TODAY


def test_same_seed_same_data() -> None:
    a, b = DemoUpstream(seed=7, today=TODAY), DemoUpstream(seed=7, today=TODAY)
    other = DemoUpstream(seed=8, today=TODAY)
    for athlete in a.athlete_ids:
        assert a.data[athlete].activities == b.data[athlete].activities
        assert a.data[athlete].wellness == b.data[athlete].wellness
        assert a.data[athlete].events == b.data[athlete].events
        assert a.api_key(athlete) == b.api_key(athlete)
    assert a.data[a.athlete_ids[0]].activities != other.data[a.athlete_ids[0]].activities


async def test_history_covers_more_than_180_days(api: httpx.AsyncClient) -> None:
    oldest = (TODAY - dt.timedelta(days=420)).isoformat()
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": oldest})).json()
    dates = [a["start_date_local"][:10] for a in acts]
    assert dates == sorted(dates, reverse=True)  # newest first
    first, last = dt.date.fromisoformat(dates[-1]), dt.date.fromisoformat(dates[0])
    assert (TODAY - first).days >= 380 and (TODAY - last).days <= 3
    types = {a.get("type") for a in acts}
    assert {"Ride", "VirtualRide", "Run", "Swim", "WeightTraining"} <= types
    assert sum(1 for a in acts if a.get("race")) >= 2
    names = [a.get("name") for a in acts]
    assert names.count("Tuesday Threshold 4x8") >= 10 and names.count("VO2 5x3") >= 5


async def test_wellness_follows_the_fitness_recursion(api: httpx.AsyncClient) -> None:
    rows = (await api.get("/api/v1/athlete/0/wellness", params={"oldest": "2025-01-01",
                                                                "newest": TODAY.isoformat()})).json()
    assert len(rows) == 400 and rows[-1]["id"] == TODAY.isoformat()
    k_ctl, k_atl = math.exp(-1 / 42), math.exp(-1 / 7)
    for prev, cur in zip(rows, rows[1:], strict=False):
        assert cur["ctlLoad"] == cur["atlLoad"]
        assert abs(prev["ctl"] * k_ctl + cur["ctlLoad"] * (1 - k_ctl) - cur["ctl"]) < 1e-3
        assert abs(prev["atl"] * k_atl + cur["atlLoad"] * (1 - k_atl) - cur["atl"]) < 1e-3
    for n in range(7, len(rows)):
        assert abs(rows[n]["ctl"] - rows[n - 7]["ctl"] - rows[n]["rampRate"]) < 1e-3
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2025-01-01"})).json()
    by_day = {r["id"]: r for r in rows}
    loads: dict[str, int] = {}
    for a in acts:
        if "icu_ctl" not in a:
            continue  # Strava stub: counts toward fitness but shows nothing
        day = a["start_date_local"][:10]
        assert a["icu_ctl"] == by_day[day]["ctl"] and a["icu_atl"] == by_day[day]["atl"]
        loads[day] = loads.get(day, 0) + a["icu_training_load"]
    for day, load in loads.items():
        assert by_day[day]["ctlLoad"] >= load  # equal unless a Strava activity adds hidden load


async def test_illness_patch_a_few_weeks_ago(api: httpx.AsyncClient) -> None:
    rows = (await api.get("/api/v1/athlete/0/wellness", params={"oldest": "2026-01-01"})).json()
    by_day = {r["id"]: r for r in rows}
    ill = [by_day[(TODAY - dt.timedelta(days=d)).isoformat()] for d in range(20, 26)]
    normal = [by_day[(TODAY - dt.timedelta(days=d)).isoformat()] for d in range(35, 60)]
    assert sum(r["hrv"] for r in ill) / len(ill) < 0.8 * sum(r["hrv"] for r in normal) / len(normal)
    assert min(r["restingHR"] for r in ill) > sum(r["restingHR"] for r in normal) / len(normal)
    assert all(r["ctlLoad"] == 0 for r in ill[1:5])


async def test_athletes_differ(make_client) -> None:  # type: ignore[no-untyped-def]
    one, two = make_client(athlete=0), make_client(athlete=1)
    a1, a2 = (await one.get("/api/v1/athlete/0")).json(), (await two.get("/api/v1/athlete/0")).json()
    assert a1["id"] != a2["id"] and a1["timezone"] == "Europe/Amsterdam" and a2["timezone"] == "America/Denver"
    assert a1["icu_form_as_percent"] is False and a1["sportSettings"]
    ride = (await one.get("/api/v1/athlete/0/sport-settings/Ride")).json()
    assert "VirtualRide" in ride["types"] and 240 <= ride["ftp"] <= 260 and ride["power_zones"][-1] == 999
    run = (await two.get("/api/v1/athlete/0/sport-settings/Run")).json()
    assert run["pace_units"] == "MINS_KM" and run["threshold_pace"] > 4.0
    acts = (await two.get("/api/v1/athlete/0/activities", params={"oldest": "2025-06-01"})).json()
    runs = sum(1 for a in acts if a.get("type") == "Run")
    assert runs > 0.7 * len(acts)


async def test_structured_activity_has_intervals(api: httpx.AsyncClient) -> None:
    hits = (await api.get("/api/v1/athlete/0/activities/search", params={"q": "Tuesday Threshold"})).json()
    act = (await api.get(f"/api/v1/activity/{hits[0]['id']}", params={"intervals": "true"})).json()
    work = [i for i in act["icu_intervals"] if i["type"] == "WORK"]
    assert len(work) == 4 and all(i["group_id"] == "g1" for i in work)
    assert act["icu_groups"] == (await api.get(f"/api/v1/activity/{act['id']}/intervals")).json()["icu_groups"]
    assert sum(z["secs"] for z in act["icu_zone_times"]) == act["moving_time"]
    assert sum(act["icu_hr_zone_times"]) == act["moving_time"]
    assert act["icu_weighted_avg_watts"] >= act["icu_average_watts"]
    plain = (await api.get(f"/api/v1/activity/{act['id']}")).json()
    assert "icu_intervals" not in plain


async def test_tag_search_is_exact(api: httpx.AsyncClient) -> None:
    races = (await api.get("/api/v1/athlete/0/activities/search", params={"q": "#race"})).json()
    assert races and all("race" in r["tags"] for r in races)
    assert (await api.get("/api/v1/athlete/0/activities/search", params={"q": "#rac"})).json() == []


async def test_fields_param_drops_nulls(api: httpx.AsyncClient) -> None:
    rows = (await api.get("/api/v1/athlete/0/activities",
                          params={"oldest": "2026-02-01", "fields": "id,name,icu_average_watts", "limit": 5})).json()
    assert len(rows) == 5 and all(set(r) <= {"id", "name", "icu_average_watts"} for r in rows)


async def test_power_curve_agrees_with_activities(api: httpx.AsyncClient) -> None:
    body = (await api.get("/api/v1/athlete/0/power-curves",
                          params={"type": "Ride", "curves": "42d,1y,r.2025-09-01.2025-10-31"})).json()
    assert [c["id"] for c in body["list"]] == ["42d", "1y", "r.2025-09-01.2025-10-31"]
    for curve in body["list"]:
        assert len(curve["secs"]) == len(curve["values"]) == len(curve["activity_id"]) == len(curve["watts_per_kg"])
        start, end = curve["start_date_local"][:10], curve["end_date_local"][:10]
        for secs, watts, act_id in zip(curve["secs"], curve["values"], curve["activity_id"], strict=True):
            act = body["activities"][act_id]
            assert start <= act["start_date_local"][:10] <= end and act["type"] in ("Ride", "VirtualRide")
            own = (await api.get(f"/api/v1/activity/{act_id}/power-curve")).json()
            assert dict(zip(own["secs"], own["values"], strict=True))[secs] == watts
    # no ride of the 42-day window beats the curve at 20 minutes
    curve42 = dict(zip(body["list"][0]["secs"], body["list"][0]["values"], strict=True))
    rides = (await api.get("/api/v1/athlete/0/activities",
                           params={"oldest": body["list"][0]["start_date_local"][:10]})).json()
    for ride in rides:
        if ride.get("type") in ("Ride", "VirtualRide"):
            own = (await api.get(f"/api/v1/activity/{ride['id']}/power-curve.json")).json()
            best20 = dict(zip(own["secs"], own["values"], strict=True)).get(1200, 0)
            assert best20 <= curve42[1200]
    assert curve42[1200] < body["list"][0]["values"][0]  # 1 s power well above 20 min power


async def test_pace_and_hr_curves(api: httpx.AsyncClient) -> None:
    pace = (await api.get("/api/v1/athlete/0/pace-curves.json", params={"type": "Run", "curves": "1y"})).json()
    item = pace["list"][0]
    assert item["distance"][:3] == [400, 800, 1000] and len(item["values"]) == len(item["distance"])
    assert all(b > a for a, b in zip(item["values"], item["values"][1:], strict=False))  # longer takes longer
    assert set(item["activity_id"]) <= set(pace["activities"])
    hr = (await api.get("/api/v1/athlete/0/hr-curves", params={"curves": "42d"})).json()
    assert hr["list"][0]["secs"][0] == 1 and 150 < hr["list"][0]["values"][0] <= 188


async def test_strava_stubs(api: httpx.AsyncClient) -> None:
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2025-01-01"})).json()
    stubs = [a for a in acts if a.get("source") == "STRAVA"]
    assert stubs
    stub = stubs[0]
    assert set(stub) == {"id", "icu_athlete_id", "start_date_local", "source", "_note"} and stub["id"].isdigit()
    assert (await api.get(f"/api/v1/activity/{stub['id']}")).json() == stub
    for method, path in (("GET", "/intervals"), ("PUT", ""), ("DELETE", "")):
        resp = await api.request(method, f"/api/v1/activity/{stub['id']}{path}", json={"name": "x"})
        assert resp.status_code == 422 and resp.json()["status"] == 422


async def test_summary_is_weekly_and_recent_first(api: httpx.AsyncClient) -> None:
    rows = (await api.get("/api/v1/athlete/0/athlete-summary", params={"start": "2026-01-05"})).json()
    assert rows[0]["date"] > rows[-1]["date"] and rows[0]["fitness"] is not None
    assert all(abs(r["form"] - (r["fitness"] - r["fatigue"])) < 1e-3 for r in rows)
