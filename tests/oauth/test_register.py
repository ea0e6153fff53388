"""/register (dynamic client registration): validation, the redirect policy, rate limit, persistence, pruning."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from icusync.store import oauth as oauth_store
from tests.oauth.kit import CLAUDE, REDIRECT, authorize, authorize_params, connect, pkce, register, serve, sign_in


async def test_malformed_json(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        response = await http.post("/register", content=b"{not json", headers={"Content-Type": "application/json"})
        assert response.status_code == 400 and response.json()["error"] == "invalid_client_metadata"


@pytest.mark.parametrize(
    "meta",
    [
        {"grant_types": ["authorization_code", "password"]},
        {"grant_types": ["authorization_code", "client_credentials"]},
        {"response_types": ["code", "token"]},
        {"token_endpoint_auth_method": "private_key_jwt"},
        {"token_endpoint_auth_method": "tls_client_auth"},
        {"scope": "read admin"},
    ],
)
async def test_unsupported_metadata(tmp_path: Path, port: int, meta: dict[str, Any]) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        response = await register(http, **meta)
        assert response.status_code == 400 and response.json()["error"] == "invalid_client_metadata"


@pytest.mark.parametrize(
    ("redirect_uris", "error"),
    [
        # The SDK's request model refuses these before our policy sees them.
        (None, "invalid_client_metadata"),
        ([], "invalid_client_metadata"),
        (["/callback"], "invalid_client_metadata"),
        # Our policy.
        ([REDIRECT + "#frag"], "invalid_redirect_uri"),
        (["javascript:alert(1)"], "invalid_redirect_uri"),
        (["data:text/html,hi"], "invalid_redirect_uri"),
        (["myapp://callback"], "invalid_redirect_uri"),
        (["http://claude.ai/api/mcp/auth_callback"], "invalid_redirect_uri"),
        (["http://192.168.1.5/callback"], "invalid_redirect_uri"),
        (["https://evil.example/api/mcp/auth_callback"], "invalid_redirect_uri"),
        ([CLAUDE + "/"], "invalid_redirect_uri"),
        (["https://user@claude.ai/api/mcp/auth_callback"], "invalid_redirect_uri"),
        ([CLAUDE, "https://evil.example/cb"], "invalid_redirect_uri"),
    ],
)
async def test_redirect_uri_policy(tmp_path: Path, port: int, redirect_uris: list[str] | None, error: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        body: dict[str, Any] = {"client_name": "x"}
        if redirect_uris is not None:
            body["redirect_uris"] = redirect_uris
        response = await http.post("/register", json=body)
        assert response.status_code == 400, response.text
        assert response.json()["error"] == error


@pytest.mark.parametrize(
    "redirect_uris",
    [
        [CLAUDE, "https://claude.com/api/mcp/auth_callback"],
        ["http://127.0.0.1:33418/callback", "http://localhost/cb", "http://[::1]:8080/oauth"],
        ["https://localhost:9999/cb"],
    ],
)
async def test_accepted_redirect_uris(tmp_path: Path, port: int, redirect_uris: list[str]) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        response = await register(http, redirect_uris=redirect_uris)
        assert response.status_code == 201, response.text


async def test_the_allowlist_is_configurable(tmp_path: Path, port: int) -> None:
    extra = "https://assistant.example.org/oauth/callback"
    async with (
        serve(tmp_path, port, redirect_allowlist=(CLAUDE, extra)) as live,
        live.http() as http,
    ):
        assert (await register(http, redirect_uris=[extra])).status_code == 201
        assert (await register(http, redirect_uris=["https://claude.com/api/mcp/auth_callback"])).status_code == 400


@pytest.mark.parametrize("scope", [None, "read"])
async def test_registered_scope_is_what_we_accept(tmp_path: Path, port: int, scope: str | None) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        response = await register(http, **({"scope": scope} if scope else {}))
        assert response.status_code == 201 and response.json()["scope"] == "read write offline_access"


async def test_a_burst_from_one_address_is_rate_limited(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        answers = [await register(http) for _ in range(25)]
        codes = [a.status_code for a in answers]
        assert codes[:20] == [201] * 20
        limited = [a for a in answers if a.status_code == 429]
        assert limited, codes
        assert int(limited[0].headers["retry-after"]) >= 1


async def test_clients_survive_a_restart(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = (await register(http)).json()
    same_keys = {"encryption_keys": live.settings.encryption_keys, "session_secret": live.settings.session_secret}
    async with serve(tmp_path, port, **same_keys) as live, live.http() as http:
        _, challenge = pkce()
        started = await authorize(http, authorize_params(client, challenge))
        assert started.status_code == 302
        assert started.headers["location"].startswith(f"{live.base}/oauth/consent?request=")


async def test_clients_that_never_finish_are_pruned(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        connected, _ = await connect(http, person)
        abandoned = (await register(http)).json()
        async with live.db.write() as conn:  # both registered two days ago
            await conn.execute("UPDATE oauth_clients SET created_at = ?", (int(time.time()) - 2 * 24 * 3600,))
        await register(http)  # registration prunes
        assert await oauth_store.get_client(live.db, abandoned["client_id"]) is None
        assert await oauth_store.get_client(live.db, connected["client_id"]) is not None
