"""The whole path as Claude takes it, with a real sign-in on the (demo) Intervals.icu.

The MCP SDK's own OAuth client drives it over real HTTP: 401 with resource metadata →
discovery → registration → /authorize → sign-in through Intervals.icu → consent → token →
a tool call answered from that athlete's data → the SDK refreshing an expired token on its
own → revocation → 401.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

from icusync.app import create_app
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX
from icusync.demo import DemoUpstream
from tests.harness import make_settings, new_demo, running
from tests.oauth.kit import MemoryStorage

REDIRECT = "http://127.0.0.1:9/callback"  # the client's loopback callback; never actually reached
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
SCOPE_BOX = re.compile(r'name="scope" value="([^"]+)"')


def form_of(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action`."""
    start = page.index(f'action="{action}"')
    end = page.index("</form>", start)
    return {k: html.unescape(v) for k, v in HIDDEN.findall(page[start:end])}


class Person:
    """A browser with cookies: signs in through Intervals.icu, then approves the client."""

    def __init__(self, base: str, athlete_id: str) -> None:
        self.http = httpx.AsyncClient(base_url=base)
        self.base = base
        self.athlete_id = athlete_id
        self.opened = 0
        self.callback: httpx.URL | None = None

    async def open(self, authorization_url: str) -> None:
        self.opened += 1
        http = self.http
        consent = (await http.get(authorization_url)).headers["location"]
        to_signin = await http.get(consent)
        assert to_signin.status_code == 302 and to_signin.headers["location"].startswith("/signin?next=")
        signin = await http.get(to_signin.headers["location"])
        started = await http.post("/signin/intervals", data=form_of(signin.text, "/signin/intervals"))
        upstream = started.headers["location"]
        assert upstream.startswith(f"{self.base}{DEMO_PREFIX}/oauth/authorize")
        page = await http.get(upstream)
        form: dict[str, object] = {**dict(HIDDEN.findall(page.text))}
        form.update(athlete_id=self.athlete_id, scope=SCOPE_BOX.findall(page.text), decision="approve")
        back = await http.post(upstream, data=form)
        landed = await http.get(back.headers["location"])  # our callback: code exchanged, signed in
        assert landed.status_code == 303 and landed.headers["location"] == consent.removeprefix(self.base)
        page = await http.get(landed.headers["location"])
        assert "icusync" in page.text and "Approve" in page.text
        done = await http.post(
            "/oauth/consent", data={**form_of(page.text, "/oauth/consent"), "decision": "approve", "scope": "write"}
        )
        assert done.status_code == 303 and done.headers["location"].startswith(REDIRECT)
        self.callback = httpx.URL(done.headers["location"])

    async def came_back(self) -> AuthorizationCodeResult:
        assert self.callback is not None
        params = self.callback.params
        return AuthorizationCodeResult(code=params["code"], state=params.get("state"), iss=params.get("iss"))


def provider(mcp_url: str, storage: MemoryStorage, person: Person) -> OAuthClientProvider:
    metadata = OAuthClientMetadata(
        client_name="Claude",
        redirect_uris=[REDIRECT],
        token_endpoint_auth_method="client_secret_post",  # type: ignore[list-item]
    )
    return OAuthClientProvider(
        server_url=mcp_url,
        client_metadata=metadata,
        storage=storage,
        redirect_handler=person.open,
        callback_handler=person.came_back,
    )


@pytest.fixture
async def hosted(tmp_path: Path, port: int) -> AsyncIterator[tuple[str, DemoUpstream]]:
    """A hosted instance (Intervals.icu OAuth sign-in only) whose Intervals.icu is the demo."""
    demo = new_demo(seed=2, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    settings = make_settings(
        tmp_path,
        port,
        signin_methods=("intervals-oauth",),
        intervals_client_id=DEMO_CLIENT_ID,
        intervals_client_secret=DEMO_CLIENT_SECRET,
        upstream_base_url=f"http://127.0.0.1:{port}{DEMO_PREFIX}",
        upstream_rate=1000.0,
    )
    async with running(create_app(settings, demo=demo), port) as base:
        yield base, demo


async def tool_call(mcp_url: str, auth: OAuthClientProvider) -> dict[str, object]:
    async with (
        httpx2.AsyncClient(auth=auth, timeout=30) as http,
        Client(streamable_http_client(mcp_url, http_client=http), mode="legacy") as client,  # type: ignore[arg-type]
    ):
        result = await client.call_tool("get_athlete_profile", {})
    assert not result.is_error and result.structured_content is not None
    return result.structured_content


async def test_claude_path_with_intervals_sign_in(hosted: tuple[str, DemoUpstream]) -> None:
    base, demo = hosted
    mcp_url = f"{base}/mcp"
    athlete = demo.athlete_ids[1]
    async with httpx.AsyncClient(base_url=base) as http:
        first = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        assert first.status_code == 401
        assert (
            f'resource_metadata="{base}/.well-known/oauth-protected-resource/mcp"' in first.headers["www-authenticate"]
        )

    storage, person = MemoryStorage(), Person(base, athlete)
    auth = provider(mcp_url, storage, person)
    data = await tool_call(mcp_url, auth)
    assert data["athlete"]["id"] == athlete  # type: ignore[index]
    assert person.opened == 1 and storage.tokens is not None and storage.client is not None

    # The access token runs out (the client's clock says so): the SDK refreshes it by itself.
    before = storage.tokens
    auth.context.token_expiry_time = time.time() - 1
    again = await tool_call(mcp_url, auth)
    assert again["athlete"]["id"] == athlete  # type: ignore[index]
    assert person.opened == 1, "no second consent"
    assert storage.tokens.access_token != before.access_token
    assert storage.tokens.refresh_token != before.refresh_token

    # Revocation ends the grant: the access token now gets 401 invalid_token.
    client = storage.client
    async with httpx.AsyncClient(base_url=base) as http:
        revoked = await http.post(
            "/revoke",
            data={
                "token": storage.tokens.refresh_token,
                "client_id": client.client_id,
                "client_secret": client.client_secret,
            },
        )
        assert revoked.status_code == 200
        after = await http.post(
            "/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={
                "Authorization": f"Bearer {storage.tokens.access_token}",
                "Accept": "application/json, text/event-stream",
            },
        )
    assert after.status_code == 401 and 'error="invalid_token"' in after.headers["www-authenticate"]
    await person.http.aclose()
