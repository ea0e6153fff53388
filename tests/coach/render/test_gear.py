from __future__ import annotations

from typing import Any

from icusync.coach.render.gear import distance_unit, render_gear
from icusync.coach.units import METRES_PER_MILE

MILE = METRES_PER_MILE


def gear(gid: str, kind: str, name: str, metres: float, **extra: Any) -> dict[str, Any]:
    return {"id": gid, "type": kind, "name": name, "distance": metres, "time": 36_000.0, "activities": 12,
            "retired": None, "component_ids": [], "reminders": [], "component": False, **extra}


BIKE = gear("b1", "Bike", "Domane", 5_000 * MILE, component_ids=["g2", "g3"], reminders=[
    {"id": 7, "name": "Service", "days": 365, "days_used": 400, "percent_used": 109.6}])
CHAIN = gear("g2", "Chain", "Chain", 1_900 * MILE, component=True, reminders=[
    {"id": 8, "name": "Replace chain", "distance": 2_000 * MILE, "distance_used": 1_900 * MILE, "percent_used": 95.0}])
OLD_CHAIN = gear("g3", "Chain", "Old chain", 3_100 * MILE, component=True, retired="2025-06-01")
SHOES = gear("g4", "Shoes", "Ghost", 300 * MILE, reminders=[
    # Without Intervals.icu's *_used figures, the use counts from the starting totals.
    {"id": 9, "name": "Replace", "distance": 500 * MILE, "starting_distance": 100 * MILE, "time": 72_000,
     "starting_time": 0}])


def test_miles_components_under_their_bike_and_flags() -> None:
    assert distance_unit({"measurement_preference": "feet"}) == "mi"
    assert distance_unit({"measurement_preference": "meters"}) == distance_unit({}) == "km"
    out = render_gear([BIKE, CHAIN, OLD_CHAIN, SHOES], "mi")
    lines = out.text.splitlines()
    assert lines[0] == "Gear (distances in mi, times in hours): 1 reminder(s) due soon, 1 past due."
    assert lines[1] == "Bike 'Domane' [b1]: 5,000 mi, 10 h, 12 activities"
    assert lines[2] == "  reminder 'Service' (reminder 7): 400 of 365 days, 35 days over (110%) PAST DUE"
    assert lines[3] == "  Chain 'Chain' [g2]: 1,900 mi, 10 h, 12 activities"
    assert lines[4] == "    reminder 'Replace chain' (reminder 8): 1,900 of 2,000 mi, 100 mi left (95%) DUE SOON"
    assert lines[5] == "Shoes 'Ghost' [g4]: 300 mi, 10 h, 12 activities"
    assert lines[6] == "  reminder 'Replace' (reminder 9): 200 of 500 mi, 300 mi left; 10 of 20 h, 10 h left (50%)"
    assert lines[7] == "1 retired item(s) hidden; include_retired=true lists them."
    [bike, shoes] = out.data["items"]
    assert [c["name"] for c in bike["components"]] == ["Chain"] and out.data["retired_hidden"] == 1
    assert shoes["reminders"][0]["limits"][0] == {"unit": "mi", "used": 200, "of": 500, "left": 300}
    assert shoes["reminders"][0]["status"] is None and bike["reminders"][0]["status"] == "past due"


def test_retired_items_when_asked_for_and_nothing_in_use() -> None:
    everything = render_gear([BIKE, CHAIN, OLD_CHAIN], "km", include_retired=True)
    assert "  Chain 'Old chain' [g3]: 4,989 km, 10 h, 12 activities (retired 2025-06-01)" in everything.text
    assert "hidden" not in everything.text and everything.data["retired_hidden"] == 0
    assert render_gear([OLD_CHAIN], "km").text.startswith("No gear in use.\n1 retired item(s) hidden")
    assert render_gear([], "km").text == "No gear in use."


def test_a_large_collection_stays_under_the_answer_size() -> None:
    many = [gear(f"g{n}", "Shoes", f"Pair number {n}", 12_345.6 * n, reminders=[
        {"id": n, "name": "Replace", "distance": 800_000, "distance_used": 12_345.6 * n}]) for n in range(1, 80)]
    out = render_gear(many, "km")
    shown = len(out.data["items"])
    assert len(out.text) < 3_000 and 10 < shown < 79
    assert out.data["not_shown"] == 79 - shown and f"{79 - shown} more item(s) not shown" in out.text
    assert "Pair number 1' [g1]: 12.3 km" in out.text
