"""The MCP Apps charts in a real browser: each ui:// resource, read through the MCP SDK client, runs in a
minimal host page (tests/connector/apps_host.py) under the CSP of its empty domain lists, and draws the
result of a real tool call against the demo athlete.

Skips when /usr/bin/chromium is absent, unless CI_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from icusync.coach.plain import plain_day
from icusync.connector.apps import BEST_EFFORTS, FITNESS, WORKOUT
from tests.charts import axis, vertices
from tests.connector.apps_host import HOST_PAGE, apps_client, wire
from tests.connector.conftest import Live
from tests.test_browser_pages import CHROMIUM, CHROMIUM_ARGS, require_browser

# The demo's threshold session: 1 warm-up step, 4 × 2 steps, 1 cool-down step.
THRESHOLD = "Warmup\n- 15m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 55% 85rpm\n\nCooldown\n- 10m 55%"
THRESHOLD_STEPS = 10


async def show(page: Any, html: str, args: dict[str, Any], result: dict[str, Any]) -> Any:
    """The chart running in the host page, once the host has sent it the tool result; its frame."""
    await page.set_content(HOST_PAGE)
    await page.evaluate("([html, args, result]) => window.show(html, args, result)", [html, args, result])
    # The iframe the host just made (page.frames may still list the previous chart's while it detaches).
    frame = await (await page.wait_for_selector("iframe")).content_frame()
    assert frame is not None
    await frame.wait_for_function("document.getElementById('readout').textContent !== ''")
    await page.wait_for_function("window.seen.some(m => m.method === 'ui/notifications/size-changed')")
    methods = [m["method"] for m in await page.evaluate("window.seen")]
    assert methods[:2] == ["ui/initialize", "ui/notifications/initialized"], methods
    assert set(methods[2:]) == {"ui/notifications/size-changed"}, methods
    return frame


async def test_each_chart_draws_its_tool_result_in_a_host(live: Live) -> None:
    require_browser()
    from playwright.async_api import async_playwright

    today = live.demo.today
    calls = {
        FITNESS: ("get_fitness", {"newest": (today + timedelta(days=14)).isoformat()}),
        WORKOUT: ("create_workouts", {"preview": True, "workouts": [
            {"date": (today + timedelta(days=2)).isoformat(), "sport": "Ride", "name": "Threshold 4x8",
             "workout": THRESHOLD}]}),
        BEST_EFFORTS: ("get_best_efforts", {"kind": "power", "compare": "previous_period"}),
    }
    async with apps_client(live) as client:
        linked = {t.name: (t.meta or {}).get("ui", {}).get("resourceUri") for t in (await client.list_tools()).tools}
        pages, results = {}, {}
        for uri, (tool, args) in calls.items():
            assert linked[tool] == uri
            [content] = (await client.read_resource(uri)).contents
            pages[uri] = content.text  # type: ignore[union-attr]
            result = await client.call_tool(tool, args)
            assert not result.is_error
            results[uri] = wire(result)

    requests: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 420, "height": 700})
            page.on("request", lambda r: requests.append(r.url))
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            # Fitness: the measured line ends at today's CTL, the projected days are dashed after it.
            data = results[FITNESS]["structuredContent"]
            frame = await show(page, pages[FITNESS], calls[FITNESS][1], results[FITNESS])
            rows = data["series"]["rows"]
            measured = [r for r in rows if not r[-1]]
            line = await vertices(frame, "polyline.fitness:not(.projected)")
            assert len(line) == len(measured) and await frame.locator("polyline.fitness.projected").count() == 1
            value = await axis(frame, "line.fitness-tick")
            ctl = live.demo.data[live.demo.athlete_ids[0]].wellness[today.isoformat()]["ctl"]
            assert abs(value(line[-1][1]) - ctl) < 0.6
            assert float(await frame.get_attribute("circle.point.today", "data-value")) == data["series"]["rows"][
                len(measured) - 1][1] == round(ctl)
            assert "fitness" in (await frame.locator("#summary").inner_text())

            # Workout: one bar per step as it runs, each titled with its resolved target.
            frame = await show(page, pages[WORKOUT], calls[WORKOUT][1], results[WORKOUT])
            bars = frame.locator("svg.profile rect.bar")
            assert await bars.count() == THRESHOLD_STEPS
            view = results[WORKOUT]["structuredContent"]["events"][0]
            main_set = view["profile"]["rows"][1][4]  # "8 min at ... W (90 rpm)"
            titles = await frame.eval_on_selector_all("rect.bar title", "els => els.map(e => e.textContent)")
            assert sum(t.startswith(main_set) for t in titles) == 4 and " W" in main_set
            day = plain_day(date.fromisoformat(view["date"]))
            assert await frame.locator("h2").inner_text() == f"Threshold 4x8 · Ride · {day}"

            # Best efforts: a point per standard duration each window has, the compared window dashed.
            data = results[BEST_EFFORTS]["structuredContent"]
            frame = await show(page, pages[BEST_EFFORTS], calls[BEST_EFFORTS][1], results[BEST_EFFORTS])
            efforts = data["efforts"]
            a_col, b_col = efforts["columns"].index("A_W"), efforts["columns"].index("B_W")
            for letter, col in (("A", a_col), ("B", b_col)):
                expected = [r[col] for r in efforts["rows"] if r[col] is not None]
                drawn = await frame.eval_on_selector_all(
                    f"circle.point.curve-{letter}", "els => els.map(e => Number(e.dataset.value))")
                assert drawn == expected and expected
            watts = await axis(frame, "line.value-tick")
            first = (await vertices(frame, "polyline.curve-A"))[0]
            assert abs(watts(first[1]) - efforts["rows"][0][a_col]) < 0.6
        finally:
            await browser.close()
    assert requests == [] and errors == []  # no chart fetched anything, none failed

