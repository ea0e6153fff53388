"""/token: the authorization code grant, every row of security-tests.md for it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from icusync.store import oauth as oauth_store
from tests.oauth.kit import (
    Live,
    call_mcp,
    code_for,
    exchange,
    new_client,
    pkce,
    refresh,
    serve,
    sign_in,
)


async def a_code(live: Live, http: httpx.AsyncClient) -> tuple[dict[str, Any], str, str]:
    """A signed-in person, a newly registered client, and a fresh code for it: (client, code, verifier)."""
    person = await sign_in(live)
    client = await new_client(http)
    verifier, challenge = pkce()
    code = (await code_for(http, person, client, challenge))["code"]
    return client, code, verifier


def assert_token_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["error"] == error


async def test_success_is_json_and_not_cached(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        verifier, challenge = pkce()
        back = await code_for(http, person, client, challenge)
        response = await exchange(http, client, back["code"], verifier)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["token_type"] == "Bearer" and body["access_token"] != body["refresh_token"]
        assert body["expires_in"] == 30 * 24 * 3600


@pytest.mark.parametrize(("grant_type", "error"), [(None, "invalid_request"), ("password", "invalid_request")])
async def test_missing_or_unknown_grant_type(tmp_path: Path, port: int, grant_type: str | None, error: str) -> None:
    # The SDK answers an unknown grant_type with invalid_request (its form model has no such
    # variant), not unsupported_grant_type; either way nothing is issued.
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http)
        form = {"client_id": client["client_id"], "client_secret": client["client_secret"], "code": "x"}
        if grant_type:
            form["grant_type"] = grant_type
        assert_token_error(await http.post("/token", data=form), 400, error)


async def test_a_grant_type_the_client_did_not_register(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http, grant_types=["authorization_code"])
        response = await refresh(http, client, "whatever")
        assert_token_error(response, 400, "unsupported_grant_type")


@pytest.mark.parametrize("case", ["garbage", "expired", "other-client"])
async def test_bad_codes_are_invalid_grant(tmp_path: Path, port: int, case: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, other = await new_client(http), await new_client(http)
        verifier, challenge = pkce()
        code = "icusync_ac_garbage"
        if case == "other-client":
            code = (await code_for(http, person, other, challenge))["code"]
        elif case == "expired":
            code = (await code_for(http, person, client, challenge))["code"]
            async with live.db.write() as conn:  # age the code past its five minutes
                await conn.execute("UPDATE oauth_codes SET expires_at = expires_at - 600")
        assert_token_error(await exchange(http, client, code, verifier), 400, "invalid_grant")


async def test_a_code_used_twice_revokes_what_the_first_use_got(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client, code, verifier = await a_code(live, http)
        first = (await exchange(http, client, code, verifier)).json()
        assert (await call_mcp(http, first["access_token"])).status_code == 200
        assert_token_error(await exchange(http, client, code, verifier), 400, "invalid_grant")
        assert (await call_mcp(http, first["access_token"])).status_code == 401
        assert_token_error(await refresh(http, client, first["refresh_token"]), 400, "invalid_grant")


async def test_the_same_code_twice_at_once_buys_one_pair(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client, code, verifier = await a_code(live, http)
        answers = await asyncio.gather(*(exchange(http, client, code, verifier) for _ in range(4)))
        assert sorted(a.status_code for a in answers) == [200, 400, 400, 400]


async def test_redirect_uri_must_be_the_authorize_one(tmp_path: Path, port: int) -> None:
    # RFC 6749 suggests invalid_grant; the SDK's token handler answers invalid_request. Nothing is issued.
    async with serve(tmp_path, port) as live, live.http() as http:
        client, code, verifier = await a_code(live, http)
        response = await exchange(http, client, code, verifier, redirect_uri="http://127.0.0.1:9/other")
        assert_token_error(response, 400, "invalid_request")


@pytest.mark.parametrize(("verifier", "error"), [("wrong-" + "v" * 50, "invalid_grant"), (None, "invalid_request")])
async def test_pkce_verifier_is_checked(tmp_path: Path, port: int, verifier: str | None, error: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client, code, _ = await a_code(live, http)
        assert_token_error(await exchange(http, client, code, verifier), 400, error)


async def test_wrong_client_secret(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client, code, verifier = await a_code(live, http)
        response = await exchange(http, client, code, verifier, client_secret="not-the-secret")
        assert_token_error(response, 401, "invalid_client")
        # The code was not spent by the failed attempt.
        assert (await exchange(http, client, code, verifier)).status_code == 200


async def test_tokens_carry_audience_user_client_and_scopes(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        verifier, challenge = pkce()
        code = (await code_for(http, person, client, challenge))["code"]
        tokens = (await exchange(http, client, code, verifier)).json()
        for kind, token in (("access", tokens["access_token"]), ("refresh", tokens["refresh_token"])):
            row = await oauth_store.find_token(live.db, token, kind)
            assert row is not None
            assert (row.resource, row.user_id, row.client_id) == (live.mcp_url, person.user.id, client["client_id"])
            assert row.scopes == ("read", "write")
