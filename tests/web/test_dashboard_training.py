"""The dashboard's training glance and the trust notes, over HTTP: read live in three upstream requests,
said in place of the chart when Intervals.icu fails, the change history in plain words and local times."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from icusync.coach.plain import local_time, plain_day
from icusync.settings import Settings
from icusync.store import users, writes
from tests.web.conftest import PREFIX, Site, serve_site, sign_in_with_key
from tests.web.test_dashboard import key_sign_in


def upstream_reads(site: Site) -> list[str]:
    return [path.removeprefix(PREFIX + "/api/v1") for method, path in site.demo.requests if method == "GET"]


async def test_the_dashboard_draws_the_athletes_training_in_three_requests(site: Site) -> None:
    athlete = site.athletes[0]
    async with site.client() as http:
        await key_sign_in(site, http, athlete)
        site.demo.requests.clear()
        page = (await http.get("/dashboard")).text
    reads = sorted(p.split("?")[0].rsplit("/", 1)[-1] for p in upstream_reads(site))
    # Plus, once a quarter hour, who the account reaches (`/athletes`, for a coach's list of athletes).
    assert reads == ["activities", "athletes", "events", "wellness"]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="fitness-chart"' in page
    assert 'role="img" aria-labelledby="fitness-chart-title fitness-chart-desc"' in page
    today = site.demo.today_for(athlete)
    now = site.demo.data[athlete].wellness[today.isoformat()]
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert f"Fitness (CTL), {plain_day(today, today)}:  {now['ctl']:.0f}" in text
    assert "The numbers, week by week" in text and "Latest activity:" in text
    assert f"resting HR {now['restingHR']} bpm" in text


async def test_the_page_loads_and_says_so_when_intervals_icu_fails(site: Site) -> None:
    async with site.client() as http:
        await key_sign_in(site, http, site.athletes[0])
        site.demo.faults.server_error(count=3, status=503)
        down = await http.get("/dashboard")
        site.demo.faults.clear()  # the first failure cancels the other reads: their faults may be left over
        site.demo.faults.revoke(site.athletes[0])
        refused = await http.get("/dashboard")
    assert down.status_code == 200 and "fitness-chart" not in down.text
    assert "Intervals.icu could not be reached just now, so your training is not shown" in down.text
    assert "Your connector URL" in down.text  # the rest of the page is all there
    assert refused.status_code == 200 and "reconnect Intervals.icu below" in html.unescape(refused.text)


async def test_changes_in_plain_words_and_local_times(site: Site) -> None:
    athlete = site.athletes[1]
    async with site.client() as http:
        await key_sign_in(site, http, athlete)
        user = await users.get_user_by_athlete(site.deps.db, athlete)
        assert user is not None and user.timezone
        day = site.demo.today_for(athlete) + timedelta(days=3)
        event = {"category": "RACE_A", "start_date_local": f"{day}T00:00:00", "name": "Gran Fondo", "type": "Ride"}
        await writes.record(site.deps.db, user.id, client_id="c", tool="add_calendar_entry", action="create",
                            target="1", summary=f"added RACE_A 'Gran Fondo' on {day}", after=event)
        await writes.record(site.deps.db, user.id, client_id="c", tool="log_wellness", action="wellness",
                            target=day.isoformat(), summary="logged weight", after={"weight": 70.5},
                            status="failed")
        page = html.unescape((await http.get("/dashboard")).text)
    today = site.demo.today_for(athlete)
    assert f"Added A race 'Gran Fondo' on {plain_day(day, today)}" in page and "RACE_A" not in page
    assert f"Logged weight for {plain_day(day, today)}" in page
    assert "add_calendar_entry" not in page and "log_wellness" not in page
    # Local time in the athlete's own timezone, and the undo button names what it would undo.
    [row] = [w for w in await writes.recent(site.deps.db, user.id) if w.tool == "add_calendar_entry"]
    assert local_time(row.at, user.timezone) in page and not local_time(row.at, user.timezone).endswith("UTC")
    assert f"Undo the last change (added A race 'Gran Fondo' on {plain_day(day, today)})" in page


async def test_who_runs_the_instance_and_the_favicon(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, operator_contact="club@example.org") as site, site.client() as http:
        landing = (await http.get("/")).text
        icon = await http.get("/favicon.ico")
        svg = await http.get(icon.headers["location"])
        await sign_in_with_key(http, site.athletes[0], site.key(site.athletes[0]))
        dashboard = (await http.get("/dashboard")).text
    for page in (landing, dashboard):
        assert 'This instance is run by <a href="mailto:club@example.org">club@example.org</a>.' in page
        assert "your Intervals.icu access (encrypted)" in page
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert icon.status_code == 301 and svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
