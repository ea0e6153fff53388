"""/token with refresh_token: rotation, reuse detection, races, scope and the person disconnecting."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from icusync.crypto import token_hash
from icusync.store import oauth as oauth_store
from icusync.store import users
from tests.oauth.kit import Live, call_mcp, connect, new_client, refresh, serve, sign_in, tokens_in_store


async def spent_long_ago(live: Live, refresh_token: str) -> None:
    """Move a spent refresh token's use past the grace window (as if the reuse came a minute later)."""
    async with live.db.write() as conn:
        await conn.execute(
            "UPDATE oauth_tokens SET used_at = used_at - 60 WHERE token_hash = ?", (token_hash(refresh_token),)
        )


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, first = await connect(http, person)
        second = (await refresh(http, client, first["refresh_token"])).json()
        third = (await refresh(http, client, second["refresh_token"])).json()
        assert (await call_mcp(http, third["access_token"])).status_code == 200

        await spent_long_ago(live, first["refresh_token"])
        reused = await refresh(http, client, first["refresh_token"])
        assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
        for access in (first["access_token"], second["access_token"], third["access_token"]):
            assert (await call_mcp(http, access)).status_code == 401
        assert (await refresh(http, client, third["refresh_token"])).json()["error"] == "invalid_grant"


async def test_parallel_refreshes_all_get_the_one_new_pair(tmp_path: Path, port: int) -> None:
    """A client whose parallel requests all refresh at once stays connected (RFC 9700's grace for reuse)."""
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        answers = await asyncio.gather(*(refresh(http, client, tokens["refresh_token"]) for _ in range(5)))
        assert [a.status_code for a in answers] == [200] * 5
        pairs = {(a.json()["access_token"], a.json()["refresh_token"]) for a in answers}
        assert len(pairs) == 1
        [(access, refresh_token)] = pairs
        assert (await call_mcp(http, access)).status_code == 200
        assert (await refresh(http, client, refresh_token)).status_code == 200  # the family lives on
        async with live.db.read() as conn:
            rows = await conn.execute_fetchall("SELECT count(*) FROM oauth_tokens WHERE kind = 'refresh'")
        assert list(rows)[0][0] == 3  # the first, the one pair, and its successor: nothing per racer


async def test_reuse_by_another_client_in_the_window_gets_nothing(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        assert (await refresh(http, client, tokens["refresh_token"])).status_code == 200
        other = await new_client(http)
        stolen = await refresh(http, other, tokens["refresh_token"])
        assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
        async with live.db.read() as conn:
            rows = await conn.execute_fetchall("SELECT count(*) FROM oauth_tokens WHERE successor_sealed IS NOT NULL")
        assert list(rows)[0][0] == 1  # sealed only for the grace window, then swept (test_housekeeping)


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
