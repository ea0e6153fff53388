"""Sign-up policies apply to new athletes only: open, invite-only (single-use codes), or a list."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from icusync.settings import Settings
from icusync.store import accounts, users
from tests.web.conftest import post_form, serve_site, sign_in_with_key


async def test_open_admits_anyone(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="open") as site, site.client() as http:
        assert (await sign_in_with_key(http, "i1001", "key-one")).status_code == 303


async def test_athletes_list_admits_only_listed_athletes(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="athletes", signup_athletes=frozenset({"i1001"})) as site:
        async with site.client() as http:
            assert (await sign_in_with_key(http, "i1001", "key-one")).status_code == 303
        async with site.client() as http:
            refused = await sign_in_with_key(http, "i2002", "key-two")
            assert refused.status_code == 403 and "not on its list" in refused.text
        assert await users.get_user_by_athlete(site.deps.db, "i2002") is None


async def test_existing_users_always_get_in(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="athletes", signup_athletes=frozenset({"i9"})) as site:
        await users.upsert_user(site.deps.db, "i2002", "Bo", None)  # signed up before the list changed
        async with site.client() as http:
            assert (await sign_in_with_key(http, "i2002", "key-two")).status_code == 303


async def test_invite_codes_are_single_use_and_stored_hashed(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site:
        [code] = await accounts.create_invites(site.deps.db, 1)
        async with site.deps.db.read() as conn:
            stored = [r[0] for r in await conn.execute_fetchall("SELECT code_hash FROM invite_codes")]
        assert stored == [accounts.invite_hash(code)] and code not in stored

        async with site.client() as http:
            page = await http.get("/signin")
            assert "invite-only" in page.text and 'name="invite"' in page.text
            none = await sign_in_with_key(http, "i1001", "key-one")
            assert none.status_code == 403 and "invite code" in none.text
            # Codes are forgiving about case and dashes when typed on a phone.
            ok = await sign_in_with_key(http, "i1001", "key-one", invite=code.lower().replace("-", " "))
            assert ok.status_code == 303
        async with site.client() as http:
            reused = await sign_in_with_key(http, "i2002", "key-two", invite=code)
            assert reused.status_code == 403 and "already been used" in reused.text
        assert await users.get_user_by_athlete(site.deps.db, "i2002") is None
        async with site.client() as http:  # the first athlete needs no code to come back
            assert (await sign_in_with_key(http, "i1001", "key-one")).status_code == 303


async def test_invite_travels_through_intervals_oauth(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site:
        [code] = await accounts.create_invites(site.deps.db, 1)
        async with site.client() as http:
            bad = await post_form(http, "/signin/intervals", page="/signin", invite="NOPE-NOPE")
            assert bad.status_code == 400 and "not valid" in bad.text
            started = await post_form(http, "/signin/intervals", page="/signin", invite=code)
            state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
            done = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i3003"})
            assert done.status_code == 303
        assert await accounts.count_open_invites(site.deps.db) == 0


async def test_refused_oauth_signup_withdraws_the_upstream_grant(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site, site.client() as http:
        started = await post_form(http, "/signin/intervals", page="/signin")
        state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
        refused = await http.get("/oauth/intervals/callback", params={"state": state, "code": "code-i3003"})
        assert refused.status_code == 403 and "invite-only" in refused.text
        assert site.fake.disconnected == ["i3003"]  # no stray authorisation left at Intervals.icu
        assert await users.list_users(site.deps.db) == []
