"""/authorize and the consent page: every row of security-tests.md for them.

Not here: "upstream callback with missing, wrong, reused or expired state" belongs to the
Intervals.icu sign-in callback (the pages engineer's tests).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from icusync.store import oauth as oauth_store
from tests.oauth.kit import (
    CLAUDE,
    authorize,
    authorize_params,
    code_for,
    consent_page,
    decide,
    exchange,
    hidden_fields,
    new_client,
    pkce,
    query_of,
    serve,
    sign_in,
)

_, CHALLENGE = pkce()


def assert_error_redirect(response: httpx.Response, base: str, error: str, state: str | None) -> None:
    assert response.status_code in (302, 303), response.text
    back = query_of(response.headers["location"])
    assert back["error"] == error
    assert back.get("state") == state
    assert back["iss"] == base
    assert "code" not in back


async def test_unknown_client_gets_a_page_not_a_redirect(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = {"client_id": "nope", "redirect_uris": [CLAUDE]}
        response = await authorize(http, authorize_params(client, CHALLENGE))
        assert response.status_code == 400 and "location" not in response.headers


BAD_REDIRECTS = [
    CLAUDE + "/",
    CLAUDE.replace("auth_callback", "AUTH_CALLBACK"),
    CLAUDE + "?extra=1",
    CLAUDE + "#fragment",
    "https://claude.ai@evil.example/api/mcp/auth_callback",
    CLAUDE + "/more",
    CLAUDE.replace("https://", "http://"),
    "https://evil.example/api/mcp/auth_callback",
]


@pytest.mark.parametrize("redirect_uri", BAD_REDIRECTS)
async def test_redirect_uri_must_match_exactly(tmp_path: Path, port: int, redirect_uri: str) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http, redirect_uris=[CLAUDE])
        response = await authorize(http, authorize_params(client, CHALLENGE, redirect_uri=redirect_uri))
        assert response.status_code == 400 and "location" not in response.headers


async def test_loopback_client_may_use_another_port(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)  # registered with http://127.0.0.1:9/callback
        verifier, challenge = pkce()
        other = "http://127.0.0.1:53117/callback"
        back = await code_for(http, person, client, challenge, redirect_uri=other)
        response = await exchange(http, client, back["code"], verifier, redirect_uri=other)
        assert response.status_code == 200, response.text
        # ...but not another path or host.
        for uri in ("http://127.0.0.1:53117/other", "http://10.0.0.1:9/callback"):
            refused = await authorize(http, authorize_params(client, challenge, redirect_uri=uri))
            assert refused.status_code == 400 and "location" not in refused.headers


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"response_type": None}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"code_challenge": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "a" * 42}, "invalid_request"),
        ({"code_challenge": "a" * 129}, "invalid_request"),
        ({"code_challenge": "a" * 42 + "!"}, "invalid_request"),
        ({"scope": "read admin"}, "invalid_scope"),
        ({"resource": "https://evil.example/mcp"}, "invalid_target"),
        ({"resource": "http://127.0.0.1:1/mcp"}, "invalid_target"),
    ],
)
async def test_bad_requests_go_back_with_an_error(
    tmp_path: Path, port: int, changes: dict[str, str | None], error: str
) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http)
        params = authorize_params(client, CHALLENGE, state="keep-me", **changes)
        assert_error_redirect(await authorize(http, params), live.base, error, "keep-me")


async def test_our_resource_and_no_scope_are_accepted(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        verifier, challenge = pkce()
        back = await code_for(http, person, client, challenge, scope=None, resource=live.mcp_url)
        tokens = (await exchange(http, client, back["code"], verifier)).json()
        assert tokens["scope"] == "read write"  # the default when a client asks for nothing


async def test_person_denies(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        started = await authorize(http, authorize_params(client, CHALLENGE, state="s1"))
        page = await consent_page(http, person, started.headers["location"])
        denied = await decide(http, person, hidden_fields(page.text), decision="deny")
        assert_error_redirect(denied, live.base, "access_denied", "s1")
        assert await oauth_store.list_user_clients(live.db, person.user.id) == []


async def test_person_can_grant_read_only(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        verifier, challenge = pkce()
        back = await code_for(http, person, client, challenge, write=False, scope="read write offline_access")
        tokens = (await exchange(http, client, back["code"], verifier)).json()
        assert set(tokens["scope"].split()) == {"read", "offline_access"}


async def test_not_signed_in_goes_to_signin_and_back(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http)
        started = await authorize(http, authorize_params(client, CHALLENGE))
        consent_url = started.headers["location"]
        page = await http.get(consent_url)
        assert page.status_code == 302
        path = consent_url.removeprefix(live.base)
        assert page.headers["location"] == "/signin?next=" + quote(path, safe="")


@pytest.mark.parametrize("csrf", [None, "wrong"])
async def test_consent_post_needs_this_sessions_csrf_token(tmp_path: Path, port: int, csrf: str | None) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        started = await authorize(http, authorize_params(client, CHALLENGE))
        fields = hidden_fields((await consent_page(http, person, started.headers["location"])).text)
        fields.pop("csrf_token")
        if csrf is not None:
            fields["csrf_token"] = csrf
        response = await decide(http, person, fields)
        assert response.status_code == 403 and "location" not in response.headers
        assert await oauth_store.list_user_clients(live.db, person.user.id) == []


async def test_consent_for_one_client_cannot_be_replayed_for_another(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        a, b = await new_client(http, client_name="A"), await new_client(http, client_name="B")
        started_a = await authorize(http, authorize_params(a, CHALLENGE))
        started_b = await authorize(http, authorize_params(b, CHALLENGE))
        fields_a = hidden_fields((await consent_page(http, person, started_a.headers["location"])).text)
        fields_b = hidden_fields((await consent_page(http, person, started_b.headers["location"])).text)
        # A's request id with B's client id (and the other way round): refused, no code.
        assert (await decide(http, person, {**fields_a, "client_id": b["client_id"]})).status_code == 400
        assert (await decide(http, person, {**fields_b, "client_id": a["client_id"]})).status_code == 400
        # Both requests are spent by the attempt: approving them now is refused too.
        assert (await decide(http, person, fields_a)).status_code == 400
        assert (await decide(http, person, fields_b)).status_code == 400
        assert await oauth_store.list_user_clients(live.db, person.user.id) == []


async def test_consent_is_bound_to_the_person_and_used_once(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        ada, bob = await sign_in(live), await sign_in(live, "i200", "Bob")
        client = await new_client(http)
        started = await authorize(http, authorize_params(client, CHALLENGE))
        fields = hidden_fields((await consent_page(http, ada, started.headers["location"])).text)
        # Someone else cannot open or answer a request Ada opened.
        assert (await consent_page(http, bob, started.headers["location"])).status_code == 400
        assert (await decide(http, bob, {**fields, "csrf_token": bob.csrf})).status_code == 400
        assert (await decide(http, ada, fields)).status_code == 303
        assert (await decide(http, ada, fields)).status_code == 400  # a second POST finds nothing


async def test_consent_page_headers_and_escaping(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http, client_name='<img src=x onerror="alert(1)">')
        started = await authorize(http, authorize_params(client, CHALLENGE))
        page = await consent_page(http, person, started.headers["location"])
        assert page.status_code == 200
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["cache-control"] == "no-store"
        assert "<img src=x" not in page.text and "&lt;img src=x" in page.text
        assert "Write workouts" in page.text and "127.0.0.1:9" in page.text


async def test_a_new_client_asks_for_consent_again(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        verifier, challenge = pkce()
        first = await new_client(http)
        await code_for(http, person, first, challenge)
        second = await new_client(http)
        started = await authorize(http, authorize_params(second, challenge))
        assert started.headers["location"].startswith(f"{live.base}/oauth/consent?request=")
        page = await consent_page(http, person, started.headers["location"])
        assert page.status_code == 200 and 'value="approve"' in page.text
        assert "code" not in query_of(started.headers["location"])


async def test_expired_consent_request_and_signed_out_post(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        started = await authorize(http, authorize_params(client, CHALLENGE))
        fields = hidden_fields((await consent_page(http, person, started.headers["location"])).text)
        signed_out = await http.post("/oauth/consent", data={**fields, "decision": "approve"})
        assert signed_out.status_code == 403 and "location" not in signed_out.headers
        async with live.db.write() as conn:  # ten minutes later
            await conn.execute("UPDATE oauth_pending SET expires_at = expires_at - 601")
        assert (await consent_page(http, person, started.headers["location"])).status_code == 400
        assert (await decide(http, person, fields)).status_code == 400
        assert await oauth_store.list_user_clients(live.db, person.user.id) == []
