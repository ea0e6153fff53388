"""/revoke: our own tokens end their whole grant; unknown or foreign tokens change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oauth.kit import call_mcp, connect, new_client, refresh, revoke, serve, sign_in


@pytest.mark.parametrize("which", ["access_token", "refresh_token"])
async def test_revoking_either_token_ends_the_grant(tmp_path: Path, port: int, which: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        response = await revoke(http, client, tokens[which])
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
        assert (await call_mcp(http, tokens["access_token"])).status_code == 401
        assert (await refresh(http, client, tokens["refresh_token"])).json()["error"] == "invalid_grant"


@pytest.mark.parametrize("case", ["unknown", "other-client-access", "other-client-refresh"])
async def test_unknown_or_foreign_tokens_revoke_nothing(tmp_path: Path, port: int, case: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        victim, tokens = await connect(http, person)
        attacker = await new_client(http)
        token = {
            "unknown": "icusync_at_unknown",
            "other-client-access": tokens["access_token"],
            "other-client-refresh": tokens["refresh_token"],
        }[case]
        assert (await revoke(http, attacker, token)).status_code == 200
        assert (await call_mcp(http, tokens["access_token"])).status_code == 200
        assert (await refresh(http, victim, tokens["refresh_token"])).status_code == 200
