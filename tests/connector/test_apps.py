"""MCP Apps over the MCP SDK client: which tools link a chart, what the chart resources are, and that a
client without Apps gets nothing it cannot use and the very same answers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID

from icusync.connector.apps import BEST_EFFORTS, FITNESS, WORKOUT
from tests.connector.apps_host import apps_client
from tests.connector.conftest import Live

LINKED = {"get_fitness": FITNESS, "create_workouts": WORKOUT, "get_best_efforts": BEST_EFFORTS}


def links(tools: list[Any]) -> dict[str, str]:
    return {t.name: t.meta["ui"]["resourceUri"] for t in tools if t.meta and "ui" in t.meta}


async def test_a_host_with_apps_gets_linked_self_contained_charts(live: Live) -> None:
    async with apps_client(live) as client:
        assert EXTENSION_ID in (client.session.server_capabilities.extensions or {})  # type: ignore[union-attr]
        tools = (await client.list_tools()).tools
        listed = {str(r.uri): r for r in (await client.list_resources()).resources}
        read = {uri: (await client.read_resource(uri)).contents[0] for uri in LINKED.values()}
    assert links(tools) == LINKED
    assert set(listed) == set(LINKED.values()) and all(r.mime_type == APP_MIME_TYPE for r in listed.values())
    for uri, content in read.items():
        html: str = content.text  # type: ignore[union-attr]
        assert content.mime_type == APP_MIME_TYPE and html.startswith("<!doctype html>")
        csp = (content.meta or {})["ui"]["csp"]
        assert csp == {"connectDomains": [], "resourceDomains": [], "frameDomains": [], "baseUriDomains": []}, uri
        # Self-contained: the bridge is inlined, nothing is loaded from anywhere.
        assert "<!-- icusync:" not in html and "ui/initialize" in html
        assert not re.search(r"""(src|href)\s*=|@import|url\(|fetch\(|XMLHttpRequest|WebSocket""", html), uri


async def test_a_read_only_grant_keeps_the_chart_links(live: Live) -> None:
    url = await live.personal_url(("read",))
    async with live.client(mode="legacy", url=url) as client:
        tools = (await client.list_tools()).tools
    assert links(tools) == {"get_fitness": FITNESS, "get_best_efforts": BEST_EFFORTS}  # create_workouts is hidden


async def test_a_client_without_apps_gets_no_ui_and_the_same_answers(live: Live) -> None:
    today = live.demo.today
    calls = [
        ("get_fitness", {"newest": (today + timedelta(days=10)).isoformat()}),
        ("get_best_efforts", {"compare": "previous_period"}),
        ("create_workouts", {"preview": True, "workouts": [{
            "date": (today + timedelta(days=3)).isoformat(), "sport": "Run", "name": "Easy", "workout": "- 40m Z2 Pace",
        }]}),
    ]
    answers: dict[str, list[Any]] = {}
    for label, with_apps, mode in (("apps", True, "auto"), ("plain", False, "auto"), ("legacy", False, "legacy")):
        async with apps_client(live, with_apps=with_apps, mode=mode) as client:
            tools = (await client.list_tools()).tools
            resources = (await client.list_resources()).resources
            if label == "plain":  # it told us it has no Apps: no links, no chart resources listed
                assert links(tools) == {} and all("ui" not in (t.meta or {}) for t in tools)
                assert resources == []
            if label == "legacy":
                # A 2025-11-25 client's capabilities are not sent with each stateless request: the links stay
                # (a host without Apps ignores them), the chart resources stay unlisted.
                assert links(tools) == LINKED and resources == []
            answers[label] = [await client.call_tool(name, args) for name, args in calls]
    for apps, plain, legacy in zip(answers["apps"], answers["plain"], answers["legacy"], strict=True):
        assert not apps.is_error
        assert apps.content == plain.content == legacy.content  # the text the model reads, unchanged
        assert apps.structured_content == plain.structured_content == legacy.structured_content
