"""CSRF on every form, cookie flags, security headers, and no open redirect through `next`."""

from __future__ import annotations

import pytest

from icusync.settings import Settings
from icusync.store import accounts, users
from icusync.web.next_url import safe_next
from tests.web.conftest import CSRF, Site, csrf_from, post_form, serve_site, sign_in_with_key

HOST_COOKIE = "__Host-icusync_session"
OUR_BLUEPRINTS = {"pages", "signin", "intervals_signin", "dashboard", "account"}


def our_post_paths(site: Site) -> list[str]:
    return sorted(
        rule.rule
        for rule in site.app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and rule.endpoint.split(".")[0] in OUR_BLUEPRINTS
    )


async def test_every_post_needs_this_sessions_csrf_token(site: Site) -> None:
    paths = our_post_paths(site)
    assert {"/signin/api-key", "/signin/intervals", "/dashboard/disconnect", "/account/delete"} <= set(paths)
    async with site.client() as http, site.client() as other:
        ada = site.athletes[0]
        assert (await sign_in_with_key(http, ada, site.key(ada))).status_code == 303
        foreign = await csrf_from(other)  # a real token, but another session's
        for path in paths:
            form = {"confirm": "DELETE", "athlete_id": ada, "api_key": site.key(ada), "client_id": "x"}
            missing = await http.post(path, data=form)
            assert missing.status_code == 403, path
            assert "did not come from this site" in missing.text
            wrong = await http.post(path, data={**form, "csrf_token": foreign})
            assert wrong.status_code == 403, path
        assert (await http.get("/dashboard")).status_code == 200  # still signed in, nothing happened
    user = await users.get_user_by_athlete(site.deps.db, ada)
    assert user is not None and not await users.has_personal_url(site.deps.db, user.id)
    assert await users.list_users(site.deps.db) == [user]
    assert await accounts.credential_summary(site.deps.db, user.id) is not None  # not disconnected either


def cookie_header(response_headers: list[str], name: str = "icusync_session") -> str:
    [cookie] = [h for h in response_headers if h.startswith(name + "=")]
    return cookie.lower()


async def test_session_cookie_flags_on_loopback(site: Site) -> None:
    async with site.client() as http:
        ada = site.athletes[0]
        response = await sign_in_with_key(http, ada, site.key(ada))
        cookie = cookie_header(response.headers.get_list("set-cookie"))
        assert "httponly" in cookie and "samesite=lax" in cookie and "expires=" in cookie
        assert "secure" not in cookie  # plain http on loopback would otherwise lose the cookie
        assert "strict-transport-security" not in response.headers  # no HSTS for plain http


async def test_session_cookie_is_secure_and_host_only_on_https(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, public_url="https://icusync.example.org") as site, site.client() as http:
        ada = site.athletes[0]
        anonymous = await http.get("/signin")
        cookie = cookie_header(anonymous.headers.get_list("set-cookie"), HOST_COOKIE)
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        # What browsers demand of a __Host- cookie: Secure, Path=/, no Domain.
        assert "path=/;" in cookie + ";" and "domain" not in cookie
        # httpx keeps Secure cookies off plain http, so send the CSRF pair by hand.
        token = csrf_from_text(anonymous.text)
        session_value = anonymous.headers.get_list("set-cookie")[0].split(";")[0]
        signed = await http.post(
            "/signin/api-key",
            data={"csrf_token": token, "athlete_id": ada, "api_key": site.key(ada)},
            headers={"cookie": session_value},
        )
        assert signed.status_code == 303
        cookie = cookie_header(signed.headers.get_list("set-cookie"), HOST_COOKIE)
        assert "secure" in cookie and "expires=" in cookie
        assert signed.headers["strict-transport-security"].startswith("max-age=")


def csrf_from_text(text: str) -> str:
    match = CSRF.search(text)
    assert match
    return match.group(1)


async def test_security_headers_on_every_page(site: Site) -> None:
    async with site.client() as http:
        pages = [await http.get(p) for p in ("/", "/signin", "/no-such-page")]
        await sign_in_with_key(http, site.athletes[0], site.key(site.athletes[0]))
        pages += [await http.get("/dashboard"), await http.get("/account/delete")]
        for page in pages:
            assert page.headers["referrer-policy"] == "no-referrer", page.url
            assert page.headers["x-frame-options"] == "DENY"
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
            assert page.headers["cache-control"] == "no-store"
        assert pages[2].status_code == 404 and "Page not found" in pages[2].text
        css = await http.get("/static/icusync.css")
        assert css.headers["x-frame-options"] == "DENY" and css.headers.get("cache-control") != "no-store"


async def test_unknown_method_and_bad_form_have_clear_pages(site: Site) -> None:
    async with site.client() as http:
        response = await http.get("/signout")
        assert response.status_code == 405 and "not available here" in response.text


EVIL_NEXT = [
    "https://evil.example/",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "http://127.0.0.1:1/dashboard",  # another port is another origin
]


@pytest.mark.parametrize("value", EVIL_NEXT)
def test_safe_next_refuses_other_sites(value: str) -> None:
    assert safe_next(value, "http://127.0.0.1:8000") is None


def test_safe_next_keeps_our_own_paths() -> None:
    assert safe_next("/authorize/consent?r=abc", "https://i.example") == "/authorize/consent?r=abc"
    assert safe_next("https://i.example/consent?x=1#frag", "https://i.example") == "/consent?x=1"
    assert safe_next("/a\nb", "https://i.example") is None
    # Encoded CR/LF stay encoded inside our own path: harmless.
    assert safe_next("/%0d%0aLocation:x", "https://i.example") == "/%0d%0aLocation:x"


@pytest.mark.parametrize("value", EVIL_NEXT)
async def test_sign_in_never_redirects_off_site(settings: Settings, port: int, value: str) -> None:
    async with serve_site(settings, port) as site, site.client() as http:
        page = await http.get("/signin", params={"next": value})
        response = await sign_in_with_key(http, site.athletes[0], site.key(site.athletes[0]), next=value)
        assert response.headers["location"] == "/dashboard"
        assert "evil.example" not in page.text


async def test_post_form_helper_uses_the_dashboard_token(site: Site) -> None:
    async with site.client() as http:
        await sign_in_with_key(http, site.athletes[0], site.key(site.athletes[0]))
        assert (await post_form(http, "/signout")).status_code == 303
        assert (await http.get("/dashboard")).status_code == 302


async def test_internal_failure_is_a_plain_500_page(site: Site) -> None:
    async with site.client() as http:
        await sign_in_with_key(http, site.athletes[0], site.key(site.athletes[0]))
        await site.deps.db.close()  # the database goes away under a signed-in person
        response = await http.get("/dashboard")
        assert response.status_code == 500
        assert "Something went wrong on our side" in response.text and "Traceback" not in response.text
        assert response.headers["x-frame-options"] == "DENY"
