"""/token with refresh_token: rotation, reuse detection, races, scope and the person disconnecting."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from icusync.store import oauth as oauth_store
from icusync.store import users
from tests.oauth.kit import call_mcp, connect, new_client, refresh, serve, sign_in, tokens_in_store


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, first = await connect(http, person)
        second = (await refresh(http, client, first["refresh_token"])).json()
        third = (await refresh(http, client, second["refresh_token"])).json()
        assert (await call_mcp(http, third["access_token"])).status_code == 200

        reused = await refresh(http, client, first["refresh_token"])
        assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
        for access in (first["access_token"], second["access_token"], third["access_token"]):
            assert (await call_mcp(http, access)).status_code == 401
        assert (await refresh(http, client, third["refresh_token"])).json()["error"] == "invalid_grant"


async def test_two_refreshes_at_once_exactly_one_wins(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        answers = await asyncio.gather(*(refresh(http, client, tokens["refresh_token"]) for _ in range(5)))
        assert sorted(a.status_code for a in answers) == [200, 400, 400, 400, 400]
        assert {a.json()["error"] for a in answers if a.status_code == 400} == {"invalid_grant"}


async def test_broader_scope_than_granted(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person, write=False)
        response = await refresh(http, client, tokens["refresh_token"], scope="read write")
        assert response.status_code == 400 and response.json()["error"] == "invalid_scope"
        # A narrower scope is fine, and the refresh token keeps the grant's scopes.
        narrower = await refresh(http, client, tokens["refresh_token"], scope="read")
        assert narrower.status_code == 200 and narrower.json()["scope"] == "read"


@pytest.mark.parametrize("case", ["other-client", "expired", "disconnected-client", "disconnected-all", "deleted"])
async def test_refresh_refused(tmp_path: Path, port: int, case: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        token = tokens["refresh_token"]
        if case == "other-client":
            client = await new_client(http)
        elif case == "expired":
            _, token = await tokens_in_store(live, person, client["client_id"], refresh_ttl=-10)
        elif case == "disconnected-client":
            assert await oauth_store.revoke_user_client(live.db, person.user.id, client["client_id"]) == 2
        elif case == "disconnected-all":
            assert await oauth_store.revoke_all_for_user(live.db, person.user.id) == 2
        else:
            assert await users.delete_user(live.db, person.user.id)
        response = await refresh(http, client, token)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
        if case not in ("other-client", "expired"):
            assert (await call_mcp(http, tokens["access_token"])).status_code == 401
