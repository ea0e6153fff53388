"""Read and write are separate: a write tool calls require_scope("write") and a read-only token is refused.

The write tools are someone else's; this builds a small MCP server with the same
authorization wiring as icusync's and one write tool, and calls it over real HTTP.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.mcpserver import MCPServer

from icusync.connector.server import transport_security
from icusync.connector.verifier import IcusyncTokenVerifier
from icusync.crypto import new_token
from icusync.db import Database
from icusync.oauth.policy import ACCESS_PREFIX, REFRESH_PREFIX
from icusync.oauth.provider import IcusyncOAuthProvider
from icusync.oauth.scope_check import require_scope
from icusync.oauth.wiring import auth_settings, harden
from icusync.runtime import Runtime
from icusync.store import oauth as oauth_store
from icusync.store import users
from tests.harness import make_settings, running


@contextlib.asynccontextmanager
async def server_with_a_write_tool(tmp_path: Path, port: int) -> AsyncIterator[Runtime]:
    settings = make_settings(tmp_path, port)
    runtime = Runtime(settings)
    auth = auth_settings(settings)
    provider = IcusyncOAuthProvider(runtime, IcusyncTokenVerifier(runtime))
    mcp: MCPServer[Any] = MCPServer(name="scope-test", auth_server_provider=provider, auth=auth)

    @mcp.tool()
    async def add_note(text: str) -> str:
        require_scope("write")
        return f"noted: {text}"

    starlette_app = mcp.streamable_http_app(
        stateless_http=True, json_response=True, transport_security=transport_security(settings)
    )
    await runtime.open()
    try:
        async with running(harden(starlette_app, auth), port):  # its lifespan runs the session manager
            yield runtime
    finally:
        await runtime.close()


async def mint(db: Database, mcp_url: str, scopes: tuple[str, ...]) -> str:
    """An access token for a fresh user, written through the store."""
    user = await users.upsert_user(db, "i100", "Ada", None)
    now = int(time.time())
    await oauth_store.save_client(db, "c1", "Test", '{"client_id": "c1"}', None, now)
    pending = oauth_store.Pending("c1", "http://127.0.0.1:9/cb", True, "x" * 43, scopes, mcp_url, None, now + 60)
    code, access = new_token(), new_token(ACCESS_PREFIX)
    await oauth_store.create_grant(
        db, user_id=user.id, p=pending, scopes=scopes, code=code, code_expires_at=now + 60, now=now
    )
    new = oauth_store.NewTokens(access, now + 60, scopes, new_token(REFRESH_PREFIX), now + 60)
    assert await oauth_store.redeem_code(db, code, new, now)
    return access


@pytest.mark.parametrize(("scopes", "allowed"), [(("read",), False), (("read", "write"), True)])
async def test_write_tool_needs_write_scope(tmp_path: Path, port: int, scopes: tuple[str, ...], allowed: bool) -> None:
    async with server_with_a_write_tool(tmp_path, port) as runtime:
        mcp_url = runtime.settings.mcp_url
        access = await mint(runtime.deps.db, mcp_url, scopes)
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {access}"}, timeout=30) as http,
            Client(streamable_http_client(mcp_url, http_client=http), mode="legacy") as client,  # type: ignore[arg-type]
        ):
            result = await client.call_tool("add_note", {"text": "easy week"})
        text = result.content[0].text  # type: ignore[union-attr]
        if allowed:
            assert not result.is_error and text == "noted: easy week"
        else:
            assert result.is_error and "insufficient_scope" in text and "'write'" in text
