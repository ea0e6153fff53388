"""Gear: the km on each item against its activities, reminders, retiring, renaming, undo, refusals, faults."""

from __future__ import annotations

from typing import Any

from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def gear_items(live: Live) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = await upstream_get(live.demo, "/athlete/{athlete}/gear")
    return items


async def item(live: Live, name: str) -> dict[str, Any]:
    return next(g for g in await gear_items(live) if g["name"] == name)


def shown(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every item the answer shows, components included, by name."""
    out = {}
    for view in data["items"]:
        out[view["name"]] = view
        out.update({c["name"]: c for c in view["components"]})
    return out


async def test_km_on_each_item_is_the_sum_over_its_activities(live: Live) -> None:
    acts = await upstream_get(live.demo, "/athlete/{athlete}/activities", oldest="2000-01-01")
    async with live.client() as client:
        answer = await client.call_tool("get_gear", {})
    assert not answer.is_error, text_of(answer)
    text, data = text_of(answer), answer.structured_content or {}
    assert data["unit"] == "km" and len(text) < 3_000
    views = shown(data)
    for g in await gear_items(live):
        if g["retired"] or g["component"]:
            continue
        km = sum(a.get("distance") or 0 for a in acts if (a.get("gear") or {}).get("id") == g["id"]) / 1000
        view = views[g["name"]]
        assert abs(view["distance"] - km) <= 0.5 and view["activities"] == g["activities"], g["name"]
        assert f"'{g['name']}' [{g['id']}]: {round(km):,} km" in text
    bike = next(v for v in data["items"] if v["type"] == "Bike")
    assert {c["type"] for c in bike["components"]} == {"Chain", "Cassette", "Tyre"}
    chain = next(c for c in bike["components"] if c["type"] == "Chain")
    [replace] = chain["reminders"]
    [limit] = replace["limits"]
    assert limit["of"] == 3000 and limit["used"] + limit["left"] == 3000
    assert f"{limit['used']:,} of 3,000 km, {limit['left']:,} km left" in text
    shoes = views["Nike Pegasus 40"]["reminders"][0]
    assert shoes["status"] == "due soon" and "DUE SOON" in text


async def test_a_reminder_added_is_listed_with_what_is_used_and_left_and_undo_removes_it(live: Live) -> None:
    shoes = await item(live, "Saucony Endorphin Pro 3")
    km = round(shoes["distance"] / 1000)
    async with live.client() as client:
        added = await client.call_tool("update_gear", {"gear": "saucony endorphin pro 3", "action": "add_reminder",
                                                       "name": "Replace", "distance": 500})
        assert not added.is_error, text_of(added)
        assert "'Replace' (reminder" in text_of(added) and f"{km} of 500 km, {500 - km} km left" in text_of(added)
        listed = text_of(await client.call_tool("get_gear", {}))
        assert f"{km} of 500 km, {500 - km} km left ({round(km / 5)}%)" in listed
        timed = await client.call_tool("update_gear", {"gear": shoes["id"], "action": "add_reminder",
                                                       "name": "Check laces", "hours": 20, "days": 90,
                                                       "from_now": True})
        assert "0 of 20 h, 20 h left; 0 of 90 days, 90 days left (0%)" in text_of(timed)
        assert [r["name"] for r in (await item(live, shoes["name"]))["reminders"]] == ["Replace", "Check laces"]
        assert not (await client.call_tool("undo_last_write", {})).is_error
        assert [r["name"] for r in (await item(live, shoes["name"]))["reminders"]] == ["Replace"]
        undone = await client.call_tool("undo_last_write", {})
    assert "removed the reminder it added" in text_of(undone)
    assert (await item(live, shoes["name"]))["reminders"] == []


async def test_retired_gear_is_hidden_until_asked_for_and_undo_brings_it_back(live: Live) -> None:
    async with live.client() as client:
        before = shown((await client.call_tool("get_gear", {})).structured_content or {})
        assert "Nike Pegasus 40" in before and "Nike Pegasus 39" not in before
        done = await client.call_tool("update_gear", {"gear": "Nike Pegasus 40", "action": "retire"})
        assert not done.is_error, text_of(done)
        assert (await item(live, "Nike Pegasus 40"))["retired"] == str(live.demo.today)
        hidden = await client.call_tool("get_gear", {})
        assert "Nike Pegasus 40" not in shown(hidden.structured_content or {})
        assert "include_retired=true" in text_of(hidden)
        everything = await client.call_tool("get_gear", {"include_retired": True})
        assert "'Nike Pegasus 40' [" in text_of(everything)
        assert f"(retired {live.demo.today})" in text_of(everything)
        assert shown(everything.structured_content or {})["Nike Pegasus 39"]["retired"]
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error and "restored the previous retired state" in text_of(undone)
    assert (await item(live, "Nike Pegasus 40"))["retired"] is None


async def test_rename_unretire_and_remove_a_reminder_each_undone(live: Live) -> None:
    old_chain = await item(live, "KMC X11 chain")
    chain = await item(live, "Shimano Ultegra chain")
    [replace] = chain["reminders"]
    async with live.client() as client:
        steps = [
            {"gear": "Canyon Endurace CF SL", "action": "rename", "name": "Summer bike"},
            {"gear": old_chain["id"], "action": "unretire"},
            {"gear": "Shimano Ultegra chain", "action": "remove_reminder", "name": "replace chain"},
        ]
        for args in steps:
            answer = await client.call_tool("update_gear", args)
            assert not answer.is_error, text_of(answer)
        assert (await item(live, "Summer bike"))["type"] == "Bike"
        assert (await item(live, "KMC X11 chain"))["retired"] is None
        assert (await item(live, "Shimano Ultegra chain"))["reminders"] == []
        for _ in steps:
            assert not (await client.call_tool("undo_last_write", {})).is_error
    restored = (await item(live, "Shimano Ultegra chain"))["reminders"]
    keep = ("name", "distance", "starting_distance", "distance_used", "percent_used")
    assert [{k: r[k] for k in keep} for r in restored] == [{k: replace[k] for k in keep}]
    assert (await item(live, "KMC X11 chain"))["retired"] == old_chain["retired"]
    assert "Canyon Endurace CF SL" in {g["name"] for g in await gear_items(live)}
    assert [w.undone_at is not None for w in await live.history()] == [True, True, True]


async def test_i_changed_the_chain_resets_its_reminder_and_undo_puts_the_count_back(live: Live) -> None:
    chain = await item(live, "Shimano Ultegra chain")
    [replace] = chain["reminders"]
    assert replace["distance_used"] > 0
    async with live.client() as client:
        reset = await client.call_tool("update_gear", {"gear": "shimano ultegra chain", "action": "reset_reminder"})
        assert not reset.is_error, text_of(reset)
        [now] = (await item(live, "Shimano Ultegra chain"))["reminders"]
        assert now["distance_used"] == 0 and now["starting_distance"] == chain["distance"]
        assert "counts again from today" in text_of(reset) and "0 of 3,000 km, 3,000 km left" in text_of(reset)
        undone = await client.call_tool("undo_last_write", {})
    assert not undone.is_error and "count back" in text_of(undone)
    [back] = (await item(live, "Shimano Ultegra chain"))["reminders"]
    assert (back["last_reset"], back["distance_used"]) == (replace["last_reset"], replace["distance_used"])


async def test_bad_gear_changes_write_nothing(live: Live) -> None:
    before = await gear_items(live)
    calls = {
        "no item with the id or name 'Old shoes'. The athlete's gear: 'Canyon Endurace CF SL' (b": {
            "gear": "Old shoes", "action": "retire"},
        "add_reminder needs a target: distance (km), hours and/or days": {
            "gear": "Wahoo KICKR", "action": "add_reminder", "name": "Calibrate"},
        "`distance`: -100": {"gear": "Wahoo KICKR", "action": "add_reminder", "distance": -100},
        "already has a reminder 'Replace shoes'": {
            "gear": "Nike Pegasus 40", "action": "add_reminder", "name": "Replace shoes", "distance": 900},
        "no reminder matches 'Wax'": {"gear": "Shimano Ultegra chain", "action": "remove_reminder", "name": "Wax"},
        "'Wahoo KICKR' is not retired": {"gear": "wahoo kickr", "action": "unretire"},
        "'Nike Pegasus 40' (g10000008) already has that name": {
            "gear": "Wahoo KICKR", "action": "rename", "name": "nike pegasus 40"},
        "distance: only for action add_reminder": {"gear": "Wahoo KICKR", "action": "retire", "distance": 10},
        "`action`: 'delete' is not accepted": {"gear": "Wahoo KICKR", "action": "delete"},
    }
    async with live.client() as client:
        for expected, args in calls.items():
            answer = await client.call_tool("update_gear", args)
            assert answer.is_error and expected in text_of(answer), (expected, text_of(answer))
    assert await gear_items(live) == before
    assert await live.history() == []


async def test_a_refused_gear_write_writes_nothing_and_a_lost_one_settles(live: Live) -> None:
    shoes = await item(live, "Nike Pegasus 40")
    live.demo.faults.rate_limit(count=1, retry_after=7, path=f"/gear/{shoes['id']}")
    async with live.client() as client:
        refused = await client.call_tool("update_gear", {"gear": shoes["id"], "action": "retire"})
        assert refused.is_error and "Retry in 7 seconds" in text_of(refused)
        assert (await item(live, shoes["name"]))["retired"] is None and await live.history() == []
        live.upstream.lose("PUT", f"/gear/{shoes['id']}", "timeout")
        lost = await client.call_tool("update_gear", {"gear": shoes["id"], "action": "retire"})
        assert lost.is_error and "may have gone through" in text_of(lost)
        assert [(w.action, w.status) for w in await live.history()] == [("gear", "uncertain")]
        live.upstream.lose("POST", f"/gear/{shoes['id']}/reminder", "drop")
        lost_add = await client.call_tool("update_gear", {"gear": shoes["id"], "action": "add_reminder",
                                                          "name": "Rotate", "days": 30})
        assert lost_add.is_error  # the retire before it was settled by this call
        await client.call_tool("get_gear", {})  # settles the reminder too
        history = await live.history()
        assert [(w.action, w.status) for w in history] == [("gear", "done"), ("gear", "done")]
        [rotate] = [r for r in (await item(live, shoes["name"]))["reminders"] if r["name"] == "Rotate"]
        assert history[0].target == f"{shoes['id']}/reminder/{rotate['id']}"
        undone = await client.call_tool("undo_last_write", {})  # by the id the settling found
    assert "removed the reminder it added" in text_of(undone)
    assert [r["name"] for r in (await item(live, shoes["name"]))["reminders"]] == ["Replace shoes"]
    assert (await item(live, shoes["name"]))["retired"] == str(live.demo.today)
