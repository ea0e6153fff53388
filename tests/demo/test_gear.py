"""Gear: totals that agree with the activities, components over their bike's rides, reminders, the routes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from icusync.demo import DemoUpstream
from tests.demo.conftest import TODAY, ClientFactory
from tests.harness import new_demo

GEAR = "/api/v1/athlete/0/gear"


def _sums(acts: list[dict[str, Any]]) -> tuple[float, int, int]:
    return (round(sum(a.get("distance") or 0 for a in acts), 1), sum(a["moving_time"] for a in acts), len(acts))


@pytest.mark.parametrize("athlete", [0, 1])
async def test_every_items_totals_are_the_sums_over_its_activities(make_client: ClientFactory, athlete: int) -> None:
    api = make_client(athlete=athlete)
    gear = (await api.get(GEAR)).json()
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2024-01-01"})).json()
    by_id = {g["id"]: g for g in gear}
    fitted = {c: g["id"] for g in gear for c in g["component_ids"]}
    kinds = {g["type"] for g in gear}
    assert {"Bike", "Shoes", "Chain"} <= kinds and any(g["retired"] for g in gear)
    for g in gear:
        if g["id"] in fitted:  # a component counts its bike's activities while it was fitted
            assert g["component"] is True
            lo, hi = g["purchased"], g["retired"] or "9999"
            used = [a for a in acts if (a.get("gear") or {}).get("id") == fitted[g["id"]]
                    and lo <= a["start_date_local"][:10] < hi]
        else:
            used = [a for a in acts if (a.get("gear") or {}).get("id") == g["id"]]
            assert all(a["gear"] == {"id": g["id"], "name": g["name"], "distance": g["distance"]} for a in used)
        assert used, g["name"]
        assert (g["distance"], g["time"], g["activities"]) == _sums(used), g["name"]
    # Every ride and run wears something, and nothing else does.
    for a in acts:
        if a.get("type") in ("Ride", "VirtualRide", "Run"):
            assert a["gear"]["id"] in by_id and not by_id[a["gear"]["id"]]["component"]
        elif "moving_time" in a:
            assert a["gear"] is None
        else:
            assert "gear" not in a  # Strava stubs show nothing


async def test_components_follow_one_another_on_the_bike(api: httpx.AsyncClient) -> None:
    gear = (await api.get(GEAR + ".json")).json()
    assert gear == (await api.get(GEAR)).json()
    bike = next(g for g in gear if g["type"] == "Bike")
    chains = [g for g in gear if g["type"] == "Chain"]
    assert {c["id"] for c in chains} <= set(bike["component_ids"]) and len(chains) == 2
    old, new = sorted(chains, key=lambda c: c["purchased"])
    assert old["retired"] == new["purchased"] and new["retired"] is None
    assert old["distance"] + new["distance"] == pytest.approx(bike["distance"], abs=0.2)


async def test_reminders_count_use_since_their_start(api: httpx.AsyncClient) -> None:
    gear = (await api.get(GEAR)).json()
    chain = next(g for g in gear if g["type"] == "Chain" and not g["retired"])
    [replace] = chain["reminders"]
    assert replace["starting_distance"] == 0 and replace["distance"] == 3_000_000
    assert replace["distance_used"] == chain["distance"]
    assert replace["percent_used"] == round(chain["distance"] / 3_000_000 * 100, 1)
    bike = next(g for g in gear if g["type"] == "Bike")
    [service] = bike["reminders"]
    assert service["days_used"] == 300 and service["percent_used"] == round(300 / 365 * 100, 1)
    assert service["distance_used"] == pytest.approx(bike["distance"] - service["starting_distance"], abs=0.2)

    shoes = next(g for g in gear if g["name"] == "Saucony Endorphin Pro 3")
    made = (await api.post(f"{GEAR}/{shoes['id']}/reminder", json={"name": "Replace", "distance": 500_000,
                                                                   "starting_distance": 0})).json()
    [new] = made["reminders"]
    assert new["percent_used"] == round(shoes["distance"] / 500_000 * 100, 1) and new["gear_id"] == shoes["id"]
    reset = await api.put(f"{GEAR}/{shoes['id']}/reminder/{new['id']}", params={"reset": "true", "snoozeDays": 0},
                          json={"days": 30})
    [after] = reset.json()["reminders"]
    assert (after["distance_used"], after["days_used"], after["percent_used"]) == (0, 0, 0)
    gone = await api.delete(f"{GEAR}/{shoes['id']}/reminder/{new['id']}")
    assert gone.status_code == 200 and gone.json()["reminders"] == []


async def test_rename_retire_and_bring_back(api: httpx.AsyncClient, demo: DemoUpstream) -> None:
    shoes = next(g for g in (await api.get(GEAR)).json() if g["name"] == "Nike Pegasus 40")
    renamed = (await api.put(f"{GEAR}/{shoes['id']}", json={"name": "Daily trainers"})).json()
    assert renamed["name"] == "Daily trainers" and renamed["distance"] == shoes["distance"]
    run = next(a for a in demo.data[demo.athlete_ids[0]].activities if (a.get("gear") or {}).get("id") == shoes["id"])
    assert run["gear"]["name"] == "Daily trainers"  # activities show the gear's current name
    retired = (await api.put(f"{GEAR}/{shoes['id']}", json={"retired": TODAY.isoformat()})).json()
    assert retired["retired"] == TODAY.isoformat() and retired["name"] == "Daily trainers"
    back = (await api.put(f"{GEAR}/{shoes['id']}", json={"retired": None})).json()
    assert back["retired"] is None


async def test_create_calc_and_delete(api: httpx.AsyncClient) -> None:
    made = (await api.post(GEAR, json={"type": "Wetsuit", "name": "Orca Athlex", "purchased": "2026-03-01"})).json()
    assert made["id"].startswith("g") and (made["distance"], made["time"], made["activities"]) == (0, 0, 0)
    bike = next(g for g in (await api.get(GEAR)).json() if g["type"] == "Bike")
    stats = (await api.get(f"{GEAR}/{bike['id']}/calc")).json()
    assert stats["distance"] == bike["distance"] and stats["moving_time"] == bike["time"]
    assert stats["activities"] == bike["activities"] and stats["elapsed_time"] >= stats["moving_time"]
    assert (await api.delete(f"{GEAR}/{made['id']}")).status_code == 200
    assert made["id"] not in {g["id"] for g in (await api.get(GEAR)).json()}


async def test_bad_gear_requests(api: httpx.AsyncClient, make_client: ClientFactory, demo: DemoUpstream) -> None:
    before = (await api.get(GEAR)).json()
    bike = next(g for g in before if g["type"] == "Bike")
    cases = [
        (await api.put(f"{GEAR}/g999", json={"name": "x"}), 404, "Gear g999 not found"),
        (await api.post(GEAR, json={"type": "Spaceship", "name": "x"}), 422, "Invalid type: 'Spaceship'"),
        (await api.put(f"{GEAR}/{bike['id']}", json={"name": ""}), 422, "name is required"),
        (await api.put(f"{GEAR}/{bike['id']}", json={"retired": "soon"}), 422, "Invalid retired: 'soon'"),
        (await api.post(f"{GEAR}/{bike['id']}/reminder", json={"name": "Wax"}), 422,
         "A reminder needs a distance, time, activities or days"),
        (await api.post(f"{GEAR}/{bike['id']}/reminder", json={"name": "Wax", "distance": -5}), 422,
         "Invalid distance: -5"),
        (await api.delete(f"{GEAR}/{bike['id']}/reminder/999"), 404, "Reminder 999 not found"),
    ]
    for resp, status, error in cases:
        assert (resp.status_code, resp.json()) == (status, {"status": status, "error": error})
    assert (await api.get(GEAR)).json() == before
    # Gear is part of the athlete's settings: SETTINGS:READ lists it, only SETTINGS:WRITE changes it.
    athlete = demo.athlete_ids[0]
    code = demo.auth.issue_code(athlete, "icusync-demo", {"SETTINGS": "READ", "ACTIVITY": "WRITE"})
    token, _ = demo.auth.exchange("icusync-demo", code) or ("", None)
    reader = make_client(token=token)
    assert (await reader.get(GEAR)).status_code == 200
    assert (await reader.put(f"{GEAR}/{bike['id']}", json={"name": "x"})).status_code == 403


def test_the_same_seed_gives_the_same_gear() -> None:
    a, b = new_demo(seed=1, today=TODAY), new_demo(seed=1, today=TODAY)
    for athlete in a.athlete_ids:
        assert a.data[athlete].gear.listing() == b.data[athlete].gear.listing()
    assert (TODAY - dt.date.fromisoformat(a.data[a.athlete_ids[0]].gear.listing()[0]["purchased"])).days == 430


async def test_field_names_are_in_the_schema(api: httpx.AsyncClient) -> None:
    fields = json.loads((Path(__file__).with_name("openapi_fields.json")).read_text())["schemas"]
    gear = (await api.get(GEAR)).json()
    for g in gear:
        assert set(g) == set(fields["Gear"]), set(g) ^ set(fields["Gear"])
        for r in g["reminders"]:
            assert set(r) == set(fields["GearReminder"]), set(r) ^ set(fields["GearReminder"])
    stats = (await api.get(f"{GEAR}/{gear[0]['id']}/calc")).json()
    assert set(stats) == set(fields["GearStats"])
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2026-01-01"})).json()
    worn = [a["gear"] for a in acts if a.get("gear")]
    assert worn and all(set(g) <= set(fields["StravaGear"]) for g in worn)
