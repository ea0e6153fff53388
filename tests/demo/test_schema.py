"""Every field the demo returns exists in the published OpenAPI schema.

`openapi_fields.json` holds the property names of each schema of the published
Intervals.icu OpenAPI description, so this test needs nothing outside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

FIELDS = Path(__file__).with_name("openapi_fields.json")


@pytest.fixture(scope="module")
def schemas() -> dict[str, list[str]]:
    fields: dict[str, list[str]] = json.loads(FIELDS.read_text())["schemas"]
    return fields


def _props(schemas: dict[str, list[str]], name: str) -> set[str]:
    return set(schemas[name])


async def test_field_names_are_in_the_schema(schemas: dict[str, list[str]], api: httpx.AsyncClient) -> None:
    acts = (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2025-01-01"})).json()
    full = [a for a in acts if "moving_time" in a]
    stubs = [a for a in acts if "moving_time" not in a]
    assert full and stubs
    for act in full:
        assert set(act) <= _props(schemas, "Activity"), set(act) - _props(schemas, "Activity")
    for stub in stubs:
        assert set(stub) <= _props(schemas, "Hidden")
    structured = next(a for a in full if (a.get("tags") or []) == ["intervals"])
    detail = (await api.get(f"/api/v1/activity/{structured['id']}", params={"intervals": "true"})).json()
    assert set(detail) <= _props(schemas, "ActivityWithIntervals")
    for interval in detail["icu_intervals"]:
        assert set(interval) <= _props(schemas, "Interval")
    for group in detail["icu_groups"]:
        assert set(group) <= _props(schemas, "IntervalGroup")
    for row in (await api.get("/api/v1/athlete/0/wellness", params={"oldest": "2026-01-01"})).json():
        assert set(row) <= _props(schemas, "Wellness")
    events = (await api.get("/api/v1/athlete/0/events", params={"newest": "2026-06-01"})).json()
    for ev in events:
        assert set(ev) <= _props(schemas, "Event"), set(ev) - _props(schemas, "Event")
    for row in (await api.get("/api/v1/athlete/0/sport-settings")).json():
        assert set(row) <= _props(schemas, "SportSettings")
    athlete = (await api.get("/api/v1/athlete/0")).json()
    assert set(athlete) <= _props(schemas, "WithSportSettings")
    curves = (await api.get("/api/v1/athlete/0/power-curves", params={"type": "Ride"})).json()
    for item in curves["list"]:
        assert set(item) <= _props(schemas, "PowerCurve")
    for row in (await api.get("/api/v1/athlete/0/athlete-summary")).json():
        assert set(row) <= _props(schemas, "SummaryWithCats")
    for row in (await api.get("/api/v1/athlete/0/workouts")).json():
        assert set(row) <= _props(schemas, "Workout")
    for row in (await api.get("/api/v1/athlete/0/folders")).json():
        assert set(row) <= _props(schemas, "Folder")
