"""The whole path as Claude takes it, driven by the MCP SDK's own OAuth client (in-process).

tests/test_claude_path.py takes the same path over a real socket, with an Intervals.icu sign-in.
"""

from __future__ import annotations

from pathlib import Path

from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata, OAuthToken

from icusync.store import oauth as oauth_store
from tests.oauth.kit import (
    REDIRECT,
    Live,
    MemoryStorage,
    Person,
    call_mcp,
    decide,
    hidden_fields,
    query_of,
    refresh,
    revoke,
    serve,
    sign_in,
)


class Browser:
    """Plays the person: follows /authorize to our consent page and approves it."""

    def __init__(self, live: Live, person: Person) -> None:
        self.live = live
        self.person = person
        self.consent_html = ""
        self.callback: dict[str, str] = {}
        self.opened = 0

    async def open(self, authorization_url: str) -> None:
        self.opened += 1
        async with self.live.http() as http:
            started = await http.get(authorization_url)
            assert started.status_code == 302
            page = await http.get(started.headers["location"], cookies=self.person.cookies)
            assert page.status_code == 200
            self.consent_html = page.text
            done = await decide(http, self.person, hidden_fields(page.text))
            assert done.status_code == 303
            assert done.headers["location"].startswith(REDIRECT)
            self.callback = query_of(done.headers["location"])

    async def came_back(self) -> AuthorizationCodeResult:
        return AuthorizationCodeResult(
            code=self.callback["code"], state=self.callback.get("state"), iss=self.callback.get("iss")
        )


def provider_for(live_mcp_url: str, storage: MemoryStorage, browser: Browser) -> OAuthClientProvider:
    metadata = OAuthClientMetadata(
        client_name="Claude <script>alert(1)</script>",
        redirect_uris=[REDIRECT],  # type: ignore[list-item]
        token_endpoint_auth_method="client_secret_post",
    )
    return OAuthClientProvider(
        server_url=live_mcp_url,
        client_metadata=metadata,
        storage=storage,
        redirect_handler=browser.open,
        callback_handler=browser.came_back,
    )


async def test_claude_path_end_to_end(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        first = await call_mcp(http, None)
        assert first.status_code == 401
        assert (
            f'resource_metadata="{live.base}/.well-known/oauth-protected-resource/mcp"'
            in (first.headers["www-authenticate"])
        )

        person = await sign_in(live)
        storage, browser = MemoryStorage(), Browser(live, person)
        auth = provider_for(live.mcp_url, storage, browser)
        async with (
            live.sdk_http(auth=auth) as sdk_http,
            Client(streamable_http_client(live.mcp_url, http_client=sdk_http), mode="legacy") as client,  # type: ignore[arg-type]
        ):
            tools = await client.list_tools()
        assert browser.opened == 1
        assert tools.tools, "the connector lists its tools once authorized"

        # The consent page named the client, escaped, and the host it returns to.
        assert "Claude &lt;script&gt;alert(1)&lt;/script&gt;" in browser.consent_html
        assert "<script>alert(1)" not in browser.consent_html
        assert "127.0.0.1:9" in browser.consent_html
        assert browser.callback["iss"] == live.base

        # The SDK asked for read, write and offline_access; the person approved all of them.
        assert storage.tokens is not None and storage.client is not None
        assert set((storage.tokens.scope or "").split()) == {"read", "write", "offline_access"}
        assert storage.tokens.expires_in is not None and storage.tokens.expires_in >= 7 * 24 * 3600
        connected = await oauth_store.list_user_clients(live.db, person.user.id)
        assert [c.client_id for c in connected] == [storage.client.client_id]
        assert connected[0].redirect_host == "127.0.0.1:9" and connected[0].last_used_at is not None

        # Refresh rotates both tokens; the old access token keeps working until it expires.
        client_info = storage.client.model_dump(mode="json")
        assert storage.tokens.refresh_token is not None
        rotated = await refresh(http, client_info, storage.tokens.refresh_token)
        assert rotated.status_code == 200, rotated.text
        fresh = OAuthToken.model_validate(rotated.json())
        assert fresh.refresh_token != storage.tokens.refresh_token
        assert fresh.access_token != storage.tokens.access_token

        # A new SDK client holding the refreshed tokens connects without asking the person again.
        storage.tokens = fresh
        async with (
            live.sdk_http(auth=provider_for(live.mcp_url, storage, browser)) as sdk_http,
            Client(streamable_http_client(live.mcp_url, http_client=sdk_http), mode="legacy") as client,  # type: ignore[arg-type]
        ):
            await client.list_tools()
        assert browser.opened == 1

        # Revoking the refresh token ends the whole grant: the access token now gets 401.
        assert fresh.refresh_token is not None
        assert (await revoke(http, client_info, fresh.refresh_token)).status_code == 200
        after = await call_mcp(http, fresh.access_token)
        assert after.status_code == 401 and 'error="invalid_token"' in after.headers["www-authenticate"]
        assert await oauth_store.list_user_clients(live.db, person.user.id) == []
