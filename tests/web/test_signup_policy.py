"""Sign-up policies apply to new athletes only: open, invite-only (single-use codes), or a list."""

from __future__ import annotations

from icusync.settings import Settings
from icusync.store import accounts, users
from tests.web.conftest import Site, post_form, serve_site, sign_in_with_intervals, sign_in_with_key


async def key_sign_in(site: Site, athlete_id: str, **extra: str) -> int:
    """Sign in with this athlete's real API key in a fresh browser; return the response status."""
    async with site.client() as http:
        response = await sign_in_with_key(http, athlete_id, site.key(athlete_id), **extra)
        return response.status_code


async def test_open_admits_anyone(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="open") as site:
        assert [await key_sign_in(site, a) for a in site.athletes] == [303, 303, 303]


async def test_athletes_list_admits_only_listed_athletes(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="athletes", signup_athletes=frozenset({"i100001"})) as site:
        ada, bo = site.athletes[:2]
        assert ada == "i100001"
        assert await key_sign_in(site, ada) == 303
        async with site.client() as http:
            refused = await sign_in_with_key(http, bo, site.key(bo))
            assert refused.status_code == 403 and "not on its list" in refused.text
        assert await users.get_user_by_athlete(site.deps.db, bo) is None


async def test_existing_users_always_get_in(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="athletes", signup_athletes=frozenset({"i9"})) as site:
        bo, cy = site.athletes[1:]
        await users.upsert_user(site.deps.db, bo, "Bo", None)  # signed up before the list changed
        assert await key_sign_in(site, bo) == 303
        assert await key_sign_in(site, cy) == 403


async def test_invite_codes_are_single_use_and_stored_hashed(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site:
        ada, bo = site.athletes[:2]
        [code] = await accounts.create_invites(site.deps.db, 1)
        async with site.deps.db.read() as conn:
            stored = [r[0] for r in await conn.execute_fetchall("SELECT code_hash FROM invite_codes")]
        assert stored == [accounts.invite_hash(code)] and code not in stored

        async with site.client() as http:
            page = await http.get("/signin")
            assert "invite-only" in page.text and 'name="invite"' in page.text
            none = await sign_in_with_key(http, ada, site.key(ada))
            assert none.status_code == 403 and "invite code" in none.text
            # Codes are forgiving about case and dashes when typed on a phone.
            ok = await sign_in_with_key(http, ada, site.key(ada), invite=code.lower().replace("-", " "))
            assert ok.status_code == 303
        async with site.client() as http:
            reused = await sign_in_with_key(http, bo, site.key(bo), invite=code)
            assert reused.status_code == 403 and "already been used" in reused.text
        assert await users.get_user_by_athlete(site.deps.db, bo) is None
        assert await key_sign_in(site, ada) == 303  # the first athlete needs no code to come back


async def test_invite_travels_through_intervals_oauth(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site:
        cy = site.athletes[2]
        [code] = await accounts.create_invites(site.deps.db, 1)
        async with site.client() as http:
            bad = await post_form(http, "/signin/intervals", page="/signin", invite="NOPE-NOPE")
            assert bad.status_code == 400 and "not valid" in bad.text
            done = await sign_in_with_intervals(site, http, cy, invite=code)
            assert done.status_code == 303
            assert (await http.get("/dashboard")).status_code == 200
        assert await accounts.count_open_invites(site.deps.db) == 0
        assert await users.get_user_by_athlete(site.deps.db, cy) is not None
        assert site.disconnects() == 0


async def test_refused_oauth_signup_withdraws_the_upstream_grant(settings: Settings, port: int) -> None:
    async with serve_site(settings, port, signup_policy="invite") as site, site.client() as http:
        cy = site.athletes[2]
        refused = await sign_in_with_intervals(site, http, cy)
        assert refused.status_code == 403 and "invite-only" in refused.text
        # No stray authorisation left at Intervals.icu: the grant just given is withdrawn.
        assert site.disconnects() == 1
        grants = [g for g in site.demo.auth.tokens.values() if g.athlete_id == cy]
        assert len(grants) == 1 and grants[0].revoked
        assert await users.list_users(site.deps.db) == []
