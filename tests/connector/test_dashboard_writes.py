"""The dashboard lists the assistant's recent writes and can undo the last one."""

from __future__ import annotations

import html
from datetime import timedelta

from icusync.coach.plain import plain_day
from tests.connector.conftest import Live, text_of
from tests.connector.upstream import upstream_get


async def test_dashboard_lists_and_undoes_writes(live: Live) -> None:
    day = live.demo.today + timedelta(days=6)
    spec = {"date": day.isoformat(), "sport": "Run", "name": "Dashboard run", "workout": "- 45m Z2 Pace"}
    async with live.client() as client:
        made = await client.call_tool("create_workouts", {"workouts": [spec]})
    assert not made.is_error, text_of(made)

    async with live.http(follow_redirects=True) as browser:
        signin = await browser.get("/signin")
        csrf = signin.text.split('name="csrf_token" value="')[1].split('"')[0]
        page = await browser.post("/signin/demo", data={"csrf_token": csrf})
        assert page.url.path == "/dashboard"
        shown = html.unescape(page.text)
        change = f"added workout 'Dashboard run' on {plain_day(day, live.demo.today)}"
        assert "Recent changes by your assistant" in shown and "A" + change[1:] in shown  # not create_workouts
        assert f"Undo the last change ({change})" in shown
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        forged = await browser.post("/dashboard/undo", data={"csrf_token": "wrong"})
        assert forged.status_code == 403
        assert "Dashboard run" in [
            e["name"]
            for e in await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(day), newest=str(day))
        ]
        undone = await browser.post("/dashboard/undo", data={"csrf_token": csrf})
        said = html.unescape(undone.text)
        assert f"Undone: {change} (deleted it from the calendar)." in said
    names = [
        e["name"] for e in await upstream_get(live.demo, "/athlete/{athlete}/events", oldest=str(day), newest=str(day))
    ]
    assert "Dashboard run" not in names
