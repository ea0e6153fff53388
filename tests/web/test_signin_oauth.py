"""Continue with Intervals.icu: the state is single-use, bound to the session, and expires."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from icusync.demo.auth import CODE_TTL
from icusync.store import accounts, users
from tests.web.conftest import (
    CLIENT_ID,
    TOKEN_EXCHANGE,
    UPSTREAM,
    Site,
    answer_upstream_consent,
    post_form,
)


async def start(http: httpx.AsyncClient, **fields: str) -> str:
    """Press "Continue with Intervals.icu"; return the authorize URL we are sent to upstream."""
    response = await post_form(http, "/signin/intervals", page="/signin", **fields)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == UPSTREAM + "/oauth/authorize"
    query = parse_qs(parts.query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == [site_callback(http)]
    assert "CALENDAR:WRITE" in query["scope"][0] and "WELLNESS:WRITE" in query["scope"][0]
    assert query["state"][0]
    return location


async def approved(site: Site, http: httpx.AsyncClient, athlete_id: str | None = None, **fields: str) -> dict[str, str]:
    """Start signing in and approve on the demo Intervals.icu; return the callback's state and code."""
    params = await answer_upstream_consent(site, await start(http, **fields), athlete_id or site.athletes[0])
    assert set(params) == {"state", "code"}
    return params


def site_callback(http: httpx.AsyncClient) -> str:
    return str(http.base_url).rstrip("/") + "/oauth/intervals/callback"


async def test_callback_signs_in_and_saves_the_token_sealed(site: Site) -> None:
    bo = site.athletes[1]
    async with site.client() as http:
        params = await approved(site, http, bo, next="/dashboard?tab=apps")
        response = await http.get("/oauth/intervals/callback", params=params)
        assert response.status_code == 303 and response.headers["location"] == "/dashboard?tab=apps"
        assert response.headers["cache-control"] == "no-store"
        page = await http.get("/dashboard")
        assert site.profile(bo).name in page.text and "with Intervals.icu sign-in" in page.text
    user = await users.get_user_by_athlete(site.deps.db, bo)
    assert user is not None and user.timezone == "America/Denver"
    cred = await users.load_credential(site.deps.db, site.deps.sealer, user)
    assert cred is not None and cred.kind == "oauth" and "CALENDAR:WRITE" in cred.scope
    assert await site.token_works(cred.secret)  # the token Intervals.icu issued, stored as it came
    async with site.deps.db.read() as conn:
        [row] = list(await conn.execute_fetchall("SELECT sealed FROM upstream_credentials"))
    assert cred.secret.encode() not in bytes(row[0])


async def assert_not_signed_in(http: httpx.AsyncClient) -> None:
    assert (await http.get("/dashboard")).status_code == 302


async def test_missing_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        response = await http.get("/oauth/intervals/callback", params={"code": params["code"]})
        assert response.status_code == 400 and "missing its state" in response.text
        await assert_not_signed_in(http)
    assert TOKEN_EXCHANGE not in site.demo.requests  # the code was never spent
    assert await users.list_users(site.deps.db) == []


async def test_wrong_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        response = await http.get("/oauth/intervals/callback", params={"state": "forged", "code": params["code"]})
        assert response.status_code == 400
        await assert_not_signed_in(http)
    assert TOKEN_EXCHANGE not in site.demo.requests
    assert await users.list_users(site.deps.db) == []


async def test_reused_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        first = await http.get("/oauth/intervals/callback", params=params)
        assert first.status_code == 303
        await post_form(http, "/signout")
        again = await http.get("/oauth/intervals/callback", params=params)
        assert again.status_code == 400 and "already used" in again.text
        await assert_not_signed_in(http)
    assert site.demo.requests.count(TOKEN_EXCHANGE) == 1


async def test_expired_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        await accounts.expire_signin_states(site.deps.db)
        response = await http.get("/oauth/intervals/callback", params=params)
        assert response.status_code == 400 and "expired" in response.text
        await assert_not_signed_in(http)
    assert TOKEN_EXCHANGE not in site.demo.requests
    assert await users.list_users(site.deps.db) == []


async def test_state_from_another_browser_is_refused(site: Site) -> None:
    """Login CSRF: an attacker's own state and code, planted in a victim's browser, sign nobody in."""
    async with site.client() as attacker, site.client() as victim:
        params = await approved(site, attacker)
        await victim.get("/signin")
        response = await victim.get("/oauth/intervals/callback", params=params)
        assert response.status_code == 400 and "another browser" in response.text
        await assert_not_signed_in(victim)
    assert TOKEN_EXCHANGE not in site.demo.requests
    assert await users.list_users(site.deps.db) == []


async def test_denied_consent_signs_nobody_in(site: Site) -> None:
    async with site.client() as http:
        authorize_url = await start(http)
        params = await answer_upstream_consent(site, authorize_url, site.athletes[0], decision="deny")
        assert params == {"error": "access_denied", "state": parse_qs(urlsplit(authorize_url).query)["state"][0]}
        response = await http.get("/oauth/intervals/callback", params=params)
        assert response.status_code == 400 and "did not grant access" in response.text
        await assert_not_signed_in(http)
    assert await users.list_users(site.deps.db) == []


async def test_rejected_code_is_an_upstream_error_page(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        response = await http.get("/oauth/intervals/callback", params={**params, "code": "stale"})
        assert response.status_code == 502
        assert "Intervals.icu problem" in response.text and "Start signing in again" in response.text
        await assert_not_signed_in(http)
    assert await users.list_users(site.deps.db) == []


async def test_code_past_its_two_minutes_is_an_upstream_error_page(site: Site) -> None:
    async with site.client() as http:
        params = await approved(site, http)
        issued = site.demo.clock()
        site.demo.clock = lambda: issued + CODE_TTL + 1  # the athlete dawdled at Intervals.icu
        response = await http.get("/oauth/intervals/callback", params=params)
        assert response.status_code == 502 and "codes last two minutes" in response.text
        await assert_not_signed_in(http)
    assert site.demo.requests.count(TOKEN_EXCHANGE) == 1
    assert await users.list_users(site.deps.db) == []


async def test_store_state_expiry_rule(site: Site) -> None:
    await accounts.save_signin_state(site.deps.db, "s1", "b1", None, None)
    assert await accounts.consume_signin_state(site.deps.db, "s1", now=10**10) is None  # far future: expired
    await accounts.save_signin_state(site.deps.db, "s2", "b1", "/x", None)
    taken = await accounts.consume_signin_state(site.deps.db, "s2")
    assert taken is not None and taken.next_path == "/x"
    assert await accounts.consume_signin_state(site.deps.db, "s2") is None
