"""The read tools through the real MCP SDK client over HTTP, against the demo Intervals.icu."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.connector.conftest import MODES, Live, text_of
from tests.connector.upstream import upstream_get

READ_TOOLS = {
    "get_athlete_profile",
    "get_fitness",
    "list_activities",
    "get_activity",
    "get_wellness",
    "get_best_efforts",
    "get_calendar",
    "get_training_summary",
}


@pytest.mark.parametrize("mode", MODES)
async def test_every_tool_is_listed_with_title_annotations_and_schemas(live: Live, mode: str) -> None:
    async with live.client(mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        prompts = {p.name for p in (await client.list_prompts()).prompts}
    assert set(tools) >= READ_TOOLS
    for name in READ_TOOLS:
        tool = tools[name]
        assert tool.title and 50 < len(tool.description or "") < 300, name  # when to use it, in a sentence or two
        assert tool.annotations is not None and tool.annotations.read_only_hint is True, name
        assert tool.annotations.destructive_hint is False, name
        assert tool.output_schema and tool.output_schema.get("properties"), name
    assert {"weekly_review", "plan_next_week", "race_readiness"} <= prompts


@pytest.mark.parametrize("mode", MODES)
async def test_fitness_today_matches_the_demo_wellness(live: Live, mode: str) -> None:
    today = live.demo.today
    rows = await upstream_get(live.demo, "/athlete/{athlete}/wellness", oldest=str(today), newest=str(today))
    async with live.client(mode) as client:
        result = await client.call_tool("get_fitness", {})
    assert not result.is_error, text_of(result)
    data = result.structured_content
    assert data is not None and data["today"] is not None
    ctl, atl = rows[0]["ctl"], rows[0]["atl"]
    assert data["today"]["fitness"] == pytest.approx(ctl, abs=0.51)
    assert data["today"]["fatigue"] == pytest.approx(atl, abs=0.51)
    assert data["today"]["form"] == pytest.approx(ctl - atl, abs=1.01)
    assert len(data["series"]["rows"]) == 42  # the default: six weeks, daily
    assert "form" in text_of(result).lower()


async def test_activities_month_is_compact_and_matches_upstream(live: Live) -> None:
    today = live.demo.today
    upstream = await upstream_get(
        live.demo, "/athlete/{athlete}/activities", oldest=str(today - timedelta(days=30)), newest=str(today)
    )
    async with live.client() as client:
        result = await client.call_tool("list_activities", {"oldest": "last 31 days"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["count"] == len(upstream)
    assert [row[0] for row in data["rows"]] == [a["id"] for a in upstream][: data["shown"]]
    text = text_of(result)
    assert len(text) < 10_000
    assert len(json.dumps(data)) < 20_000
    assert "{" not in text  # no raw JSON in the text rendering


async def test_activity_detail_and_comparison(live: Live) -> None:
    async with live.client() as client:
        listed = await client.call_tool("list_activities", {"oldest": "last 6 weeks", "sport": "Ride"})
        ids = [row[0] for row in (listed.structured_content or {})["rows"]]
        assert len(ids) >= 2
        detail = await client.call_tool("get_activity", {"activity_id": ids[0]})
        compared = await client.call_tool("get_activity", {"activity_id": ids[0], "compare_with": [ids[1]]})
    upstream = await upstream_get(live.demo, f"/activity/{ids[0]}", intervals="true")
    assert not detail.is_error, text_of(detail)
    summary = (detail.structured_content or {})["activity"]
    assert summary["id"] == ids[0]
    assert upstream["name"] in text_of(detail)
    assert not compared.is_error, text_of(compared)
    labels = [a["id"] for a in (compared.structured_content or {})["activities"]]
    assert labels == ids[:2]


async def test_wellness_flags_and_calendar_next_race(live: Live) -> None:
    async with live.client() as client:
        wellness = await client.call_tool("get_wellness", {})
        calendar = await client.call_tool("get_calendar", {})
        summary = await client.call_tool("get_training_summary", {"oldest": "last 4 weeks"})
        efforts = await client.call_tool("get_best_efforts", {"kind": "power", "compare": "last_year"})
        pace = await client.call_tool("get_best_efforts", {"kind": "pace"})
        profile = await client.call_tool("get_athlete_profile", {})
    for r in (wellness, calendar, summary, efforts, pace, profile):
        assert not r.is_error, text_of(r)
    races = await upstream_get(
        live.demo,
        "/athlete/{athlete}/events",
        oldest=str(live.demo.today),
        newest=str(live.demo.today + timedelta(days=365)),
        category="RACE_A,RACE_B,RACE_C",
    )
    first = min(races, key=lambda e: e["start_date_local"])
    race = (calendar.structured_content or {})["next_race"]
    assert race["name"] == first["name"]
    assert race["days_to_go"] == (live.demo.today.fromisoformat(first["start_date_local"][:10]) - live.demo.today).days
    assert len((efforts.structured_content or {})["curves"]) == 2
    sports = (profile.structured_content or {})["sports"]
    assert any(s.get("ftp_w") for s in sports)


@pytest.mark.parametrize(
    ("tool", "args", "fragment"),
    [
        ("get_fitness", {"oldest": "the other day"}, "last week"),
        ("list_activities", {"oldest": "2026-13-01"}, "2026-13-01"),
        ("get_wellness", {"oldest": "2026-11-20", "newest": "2026-11-01"}, "after"),
        ("get_activity", {"activity_id": "i999999999"}, "list_activities"),
        ("get_activity", {"activity_id": "i1", "compare_with": ["i1"]}, "other than activity_id"),
    ],
)
async def test_bad_arguments_say_what_to_fix(live: Live, tool: str, args: dict[str, object], fragment: str) -> None:
    async with live.client() as client:
        result = await client.call_tool(tool, args)
    assert result.is_error
    assert fragment in text_of(result)


async def test_long_ranges_are_capped_and_say_so(live: Live) -> None:
    async with live.client() as client:
        result = await client.call_tool("list_activities", {"oldest": "2020-01-01", "newest": "today"})
        fitness = await client.call_tool("get_fitness", {"oldest": "last 52 weeks"})
    assert not result.is_error
    assert "limit" in text_of(result)
    assert (fitness.structured_content or {})["resolution"] == "weekly"


@pytest.mark.parametrize(
    ("fault", "fragment"),
    [
        ("rate_limit", "Retry in 20 seconds"),
        ("server_error", "Retry in a minute"),
        ("revoke", "reconnect Intervals.icu at"),
    ],
)
async def test_upstream_faults_become_tool_errors(live: Live, fault: str, fragment: str) -> None:
    athlete = live.demo.athlete_ids[0]
    async with live.client() as client:
        if fault == "rate_limit":
            live.demo.faults.rate_limit(count=5, retry_after=20)
        elif fault == "server_error":
            live.demo.faults.server_error(count=5, status=502)
        else:
            live.demo.faults.revoke(athlete)
        result = await client.call_tool("list_activities", {})
    assert result.is_error
    assert fragment in text_of(result)
    if fault == "revoke":
        assert f"{live.base}/dashboard" in text_of(result)


async def test_strava_stub_is_explained(live: Live) -> None:
    today = live.demo.today
    acts = await upstream_get(
        live.demo, "/athlete/{athlete}/activities", oldest=str(today - timedelta(days=365)), newest=str(today)
    )
    stub = next(a for a in acts if a.get("source") == "STRAVA")
    async with live.client() as client:
        result = await client.call_tool("get_activity", {"activity_id": stub["id"]})
    assert result.is_error and "Strava" in text_of(result)


async def test_a_wrong_personal_url_is_refused(live: Live) -> None:
    async with live.http() as http:
        response = await http.post(
            live.settings.personal_url("x" * 43), json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        )
    assert response.status_code == 401


async def test_another_athletes_activity_is_refused_without_breaking_the_connection(live: Live) -> None:
    import httpx as plain

    other = live.demo.athlete_ids[1]
    async with plain.AsyncClient(
        transport=plain.ASGITransport(app=live.demo.asgi),
        base_url="http://demo.test/demo-intervals/api/v1",
        auth=("API_KEY", live.demo.api_key(other)),
    ) as http:
        theirs = (
            await http.get(f"/athlete/{other}/activities", params={"oldest": str(live.demo.today - timedelta(days=14))})
        ).json()
    foreign = next(a["id"] for a in theirs if a.get("source") != "STRAVA")
    async with live.client() as client:
        refused = await client.call_tool("get_activity", {"activity_id": foreign})
        still = await client.call_tool("get_athlete_profile", {})
        bad_id = await client.call_tool("get_activity", {"activity_id": "../../athlete/i100002"})
    assert refused.is_error and "refused access to this item" in text_of(refused)
    assert not still.is_error  # a 403 on one item does not mark the credential as revoked
    assert bad_id.is_error and "activity_id" in text_of(bad_id)
