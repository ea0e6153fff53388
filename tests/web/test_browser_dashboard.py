"""The dashboard's training chart and the trust-earning pages in a real browser (Debian's chromium), with the
demo Intervals.icu as the upstream: the drawn values against the demo athlete's wellness, the form bands
where the numbers put them, phone widths, and arriving from an assistant's authorization link.

Skips when /usr/bin/chromium is absent, unless CI_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from icusync.app import create_app
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX
from icusync.coach.fitness import form_band
from icusync.coach.plain import plain_day
from icusync.settings import Settings
from tests.charts import at_x, axis, vertices
from tests.harness import new_demo, running
from tests.test_browser_pages import CALLBACK, browser_page, copied, demo_site_settings, require_browser

LONG_NAME = "Assistant" + "Extraordinarily" * 4 + "LongClientNameWithoutSpaces"
# The form band fills of the chart (icusync.coach.chart.fitness.BANDS), as the browser computes them.
BAND_FILLS = {"High risk": "rgb(246, 198, 193)", "Optimal": "rgb(200, 230, 204)", "Grey zone": "rgb(227, 229, 232)",
              "Fresh": "rgb(201, 222, 245)", "Transition": "rgb(249, 227, 168)"}
BAND_EDGES = {"High risk": (None, -30), "Optimal": (-30, -10), "Grey zone": (-10, 5), "Fresh": (5, 25),
              "Transition": (25, None)}


async def authorize_url(http: httpx.AsyncClient, settings: Settings) -> str:
    """Register a client with a very long name and return its /authorize link, as an assistant opens it."""
    registered = await http.post(
        "/register", json={"client_name": LONG_NAME, "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none"}
    )
    assert registered.status_code == 201, registered.text
    challenge = base64.urlsafe_b64encode(hashlib.sha256(secrets.token_bytes(32)).digest()).decode().rstrip("=")
    query = {"response_type": "code", "client_id": registered.json()["client_id"], "redirect_uri": CALLBACK,
             "code_challenge": challenge, "code_challenge_method": "S256", "state": "s", "scope": "read write",
             "resource": settings.mcp_url}
    return f"/authorize?{urlencode(query)}"


async def fits(page: Any, width: int) -> None:
    await page.set_viewport_size({"width": width, "height": 800})
    assert await page.evaluate("document.documentElement.scrollWidth") <= width, page.url


async def test_dashboard_chart_and_trust_pages(tmp_path: Path, port: int) -> None:
    require_browser()
    settings = demo_site_settings(tmp_path, port).with_(upstream_rate=1000.0, operator_contact="club@example.org")
    demo = new_demo(seed=1, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    athlete = demo.athlete_ids[0]
    wellness, today = demo.data[athlete].wellness, demo.today
    async with (
        running(create_app(settings, demo=demo), port) as base,
        browser_page(base) as page,
        httpx.AsyncClient(base_url=base, timeout=10) as http,
    ):
        errors: list[str] = []  # a CSP refusal (an inline style, a script) shows up here
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        # From an assistant's authorization link: sign-in names the app; consent wraps its long name at 320 px.
        await page.goto(await authorize_url(http, settings))
        await page.wait_for_url("**/signin?next=**")
        await page.get_by_role("heading", name=f"{LONG_NAME} wants to connect to icusync").wait_for()
        await fits(page, 320)
        await page.get_by_role("button", name="Continue as the demo athlete").click()
        await page.wait_for_url("**/oauth/consent?request=**")
        heading = page.get_by_role("heading", level=1)
        assert LONG_NAME in await heading.inner_text()
        await fits(page, 320)
        assert (await heading.bounding_box())["height"] > 60  # wrapped over lines, not off the screen

        # The dashboard at a phone's width: the chart and its lines, read live.
        await page.goto("/dashboard")
        await fits(page, 390)
        chart = page.locator("svg.fitness-chart")
        assert await chart.get_attribute("role") == "img"
        described = await page.locator("svg.fitness-chart desc").text_content()
        now = wellness[today.isoformat()]
        assert described and f"fitness {now['ctl']:.0f}, fatigue {now['atl']:.0f}" in described
        assert "A race Limburg Gran Fondo" in described  # the demo's next A race, 8 weeks out
        box = await chart.bounding_box()
        assert 300 < box["width"] <= 390
        training = await page.locator("section.training").inner_text()
        assert "Latest activity:" in training and f"resting HR {now['restingHR']} bpm" in training

        # Values at known dates, read back through the drawn axis, are the demo athlete's CTL and ATL.
        fitness, fatigue = await vertices(chart, "polyline.fitness:not(.projected)"), await vertices(
            chart, "polyline.fatigue:not(.projected)")
        value = await axis(chart, "line.fitness-tick")
        cells = await chart.locator("g.days use").evaluate_all(
            "els => els.map(e => [e.querySelector('title').textContent, Number(e.getAttribute('x'))])")
        width = await chart.locator("#day-cell").evaluate("e => Number(e.getAttribute('width'))")
        x_of = {tip.split(":")[0]: x + width / 2 for tip, x in cells}
        for back in (0, 30, 60, 89):
            day = today - timedelta(days=back)
            x = x_of[plain_day(day, today)]
            assert abs(value(at_x(fitness, round(x, 1))) - wellness[day.isoformat()]["ctl"]) < 0.6, day
            assert abs(value(at_x(fatigue, round(x, 1))) - wellness[day.isoformat()]["atl"]) < 0.6, day

        # The form bands sit at their edges, in their colours, and today's form lies in the band it names.
        form_value = await axis(chart, "line.form-tick")
        bands = await chart.locator("rect.band").evaluate_all(
            """els => els.map(e => [e.dataset.band, Number(e.getAttribute('y')), Number(e.getAttribute('height')),
                                    getComputedStyle(e).fill])""")
        assert {b[0] for b in bands} == set(BAND_FILLS)
        for name, top, height, fill in bands:
            assert fill == BAND_FILLS[name], name
            low, high = BAND_EDGES[name]
            if high is not None:
                assert abs(form_value(top) - high) < 0.1, name
            if low is not None:
                assert abs(form_value(top + height) - low) < 0.1, name
        form = await vertices(chart, "polyline.form:not(.projected)")
        y = at_x(form, round(x_of[plain_day(today, today)], 1))
        inside = [name for name, top, height, _ in bands if top <= y <= top + height]
        assert inside == [form_band(now["ctl"] - now["atl"])[0]]
        assert f"Form: {'+' if now['ctl'] > now['atl'] else ''}" in await page.locator("ul.legend").inner_text()

        # The Claude Code command: copied whole, and its URL never broken over two lines.
        command = await copied(page, "claude-code-command")
        assert command == f"claude mcp add --transport http icusync {settings.mcp_url}"
        await fits(page, 320)
        assert await page.locator("#claude-code-command .url").evaluate("e => e.getClientRects().length") == 1

        # Who runs this instance, and the favicon.
        footer = await page.locator("footer").inner_text()
        assert "run by club@example.org" in footer and "not kept here" in footer
        icon = await page.locator("link[rel=icon]").get_attribute("href")
        assert icon and (await http.get(icon)).headers["content-type"].startswith("image/svg+xml")
        assert errors == []
