"""/mcp as a resource server: which bearer tokens it accepts, and the discovery documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from icusync.store import users
from tests.oauth.kit import (
    LIST_TOOLS,
    MCP_HEADERS,
    call_mcp,
    connect,
    new_client,
    revoke,
    serve,
    sign_in,
    tokens_in_store,
)


async def test_no_token_points_at_the_resource_metadata(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        response = await call_mcp(http, None)
        assert response.status_code == 401
        expected = f'resource_metadata="{live.base}/.well-known/oauth-protected-resource/mcp"'
        assert expected in response.headers["www-authenticate"]


@pytest.mark.parametrize("case", ["unknown", "ours-unknown", "expired", "revoked", "intervals", "other-resource"])
async def test_tokens_refused(tmp_path: Path, port: int, case: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        token = "x" * 43
        if case == "ours-unknown":
            token = "icusync_at_" + "y" * 43
        elif case == "expired":
            token, _ = await tokens_in_store(live, person, client["client_id"], access_ttl=-1)
        elif case == "revoked":
            _, tokens = await connect(http, person, client)
            await revoke(http, client, tokens["access_token"])
            token = tokens["access_token"]
        elif case == "intervals":
            token = "5f8b2c1e0a7d4e3b9c6a1f2e8d7c4b3a"  # what an Intervals.icu API key or token looks like
            await users.save_credential(live.db, live.app.extensions["icusync"].deps.sealer, person.user.id,
                                        "api_key", token)
        elif case == "other-resource":
            token, _ = await tokens_in_store(live, person, client["client_id"], resource="https://other.example/mcp")
        response = await call_mcp(http, token)
        assert response.status_code == 401
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_a_valid_token_works_and_not_from_the_query_string(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        _, tokens = await connect(http, person)
        access = tokens["access_token"]
        ok = await call_mcp(http, access)
        assert ok.status_code == 200 and ok.json()["result"]["tools"]
        in_query = await http.post("/mcp", params={"access_token": access}, json=LIST_TOOLS, headers=MCP_HEADERS)
        assert in_query.status_code == 401
        both = await call_mcp(http, access, params={"access_token": access})
        assert both.status_code == 401


async def test_foreign_origin_and_host_are_refused(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        _, tokens = await connect(http, person)
        evil_origin = await call_mcp(http, tokens["access_token"], extra_headers={"Origin": "https://evil.example"})
        assert evil_origin.status_code == 403
        evil_host = await call_mcp(http, tokens["access_token"], extra_headers={"Host": "evil.example"})
        assert 400 <= evil_host.status_code < 500 and evil_host.status_code != 200


async def test_discovery_documents(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        for path in ("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"):
            meta = (await http.get(path)).json()
            assert meta["resource"] == live.mcp_url
            assert meta["authorization_servers"] == [live.base]
            assert meta["scopes_supported"] == ["read", "write"]
            assert meta["bearer_methods_supported"] == ["header"]
        server = (await http.get("/.well-known/oauth-authorization-server")).json()
        assert server["issuer"] == live.base
        assert server["code_challenge_methods_supported"] == ["S256"]
        assert server["authorization_response_iss_parameter_supported"] is True
        assert server["registration_endpoint"] == f"{live.base}/register"
        assert server["revocation_endpoint"] == f"{live.base}/revoke"
        assert set(server["scopes_supported"]) == {"read", "write", "offline_access"}
        assert set(server["grant_types_supported"]) == {"authorization_code", "refresh_token"}


async def test_a_read_only_token_cannot_use_a_write_tool(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        sealer = live.app.extensions["icusync"].deps.sealer
        await users.save_credential(live.db, sealer, person.user.id, "api_key", "k" * 24)
        _, tokens = await connect(http, person, write=False)
        params = {"name": "undo_last_write", "arguments": {}}
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": params}
        response = await call_mcp(http, tokens["access_token"], json=call)
        assert response.status_code == 200, response.text
        result = response.json()["result"]
        assert result["isError"] is True and "insufficient_scope" in result["content"][0]["text"]
