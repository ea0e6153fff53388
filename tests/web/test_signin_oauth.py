"""Continue with Intervals.icu: the state is single-use, bound to the session, and expires."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from icusync.store import accounts, users
from tests.web.conftest import Site, post_form


async def start(http: httpx.AsyncClient, **fields: str) -> str:
    """Press "Continue with Intervals.icu"; return the state sent upstream."""
    response = await post_form(http, "/signin/intervals", page="/signin", **fields)
    assert response.status_code == 303, response.text
    location = urlsplit(response.headers["location"])
    assert location.netloc == "intervals.test" and location.path == "/oauth/authorize"
    query = parse_qs(location.query)
    assert query["redirect_uri"] == [site_callback(http)]
    assert "CALENDAR:WRITE" in query["scope"][0] and "WELLNESS:WRITE" in query["scope"][0]
    return query["state"][0]


def site_callback(http: httpx.AsyncClient) -> str:
    return str(http.base_url).rstrip("/") + "/oauth/intervals/callback"


async def test_callback_signs_in_and_saves_the_token_sealed(site: Site) -> None:
    async with site.client() as http:
        state = await start(http, next="/dashboard?tab=apps")
        response = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i2002"})
        assert response.status_code == 303 and response.headers["location"] == "/dashboard?tab=apps"
        assert response.headers["cache-control"] == "no-store"
        page = await http.get("/dashboard")
        assert "Bo Bikes" in page.text and "with Intervals.icu sign-in" in page.text
    user = await users.get_user_by_athlete(site.deps.db, "i2002")
    assert user is not None and user.timezone == "America/Denver"
    cred = await users.load_credential(site.deps.db, site.deps.sealer, user)
    assert cred is not None and cred.kind == "oauth" and cred.secret in site.fake.tokens


async def assert_not_signed_in(http: httpx.AsyncClient) -> None:
    assert (await http.get("/dashboard")).status_code == 302


async def test_missing_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        await start(http)
        response = await http.get("/oauth/intervals/callback", params={"code": "code-i1001"})
        assert response.status_code == 400 and "missing its state" in response.text
        await assert_not_signed_in(http)
    assert site.fake.exchanges == []  # the code was never spent


async def test_wrong_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        await start(http)
        response = await http.get("/oauth/intervals/callback", params={"state": "forged", "code": "code-i1001"})
        assert response.status_code == 400
        await assert_not_signed_in(http)
    assert await users.list_users(site.deps.db) == []


async def test_reused_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        state = await start(http)
        first = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i1001"})
        assert first.status_code == 303
        await post_form(http, "/signout")
        again = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i1001"})
        assert again.status_code == 400 and "already used" in again.text
        await assert_not_signed_in(http)


async def test_expired_state_is_refused(site: Site) -> None:
    async with site.client() as http:
        state = await start(http)
        await accounts.expire_signin_states(site.deps.db)
        response = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i1001"})
        assert response.status_code == 400 and "expired" in response.text
        await assert_not_signed_in(http)
    assert await users.list_users(site.deps.db) == []


async def test_state_from_another_browser_is_refused(site: Site) -> None:
    """Login CSRF: an attacker's own state, planted in a victim's browser, signs nobody in."""
    async with site.client() as attacker, site.client() as victim:
        state = await start(attacker)
        await victim.get("/signin")
        response = await victim.get("/oauth/intervals/callback", params={"state": state, "code": "code-i1001"})
        assert response.status_code == 400 and "another browser" in response.text
        await assert_not_signed_in(victim)
    assert await users.list_users(site.deps.db) == []


async def test_denied_consent_signs_nobody_in(site: Site) -> None:
    async with site.client() as http:
        state = await start(http)
        response = await http.get("/oauth/intervals/callback", params={"state": state, "error": "access_denied"})
        assert response.status_code == 400 and "did not grant access" in response.text
        await assert_not_signed_in(http)


async def test_rejected_code_is_an_upstream_error_page(site: Site) -> None:
    async with site.client() as http:
        state = await start(http)
        response = await http.get("/oauth/intervals/callback", params={"state": state, "code": "stale"})
        assert response.status_code == 502
        assert "Intervals.icu problem" in response.text and "Start signing in again" in response.text
        await assert_not_signed_in(http)


async def test_store_state_expiry_rule(site: Site) -> None:
    await accounts.save_signin_state(site.deps.db, "s1", "b1", None, None)
    assert await accounts.consume_signin_state(site.deps.db, "s1", now=10**10) is None  # far future: expired
    await accounts.save_signin_state(site.deps.db, "s2", "b1", "/x", None)
    taken = await accounts.consume_signin_state(site.deps.db, "s2")
    assert taken is not None and taken.next_path == "/x"
    assert await accounts.consume_signin_state(site.deps.db, "s2") is None
