"""Browser sessions end when they end: a replayed cookie is refused after sign-out, after signing
out everywhere, after account deletion and after an admin revokes everything."""

from __future__ import annotations

import httpx
import pytest

from icusync.cli import admin
from icusync.store import sessions, users
from tests.web.conftest import Site, post_form, sign_in_with_key


async def signed_in_cookies(site: Site, http: httpx.AsyncClient, athlete_id: str) -> dict[str, str]:
    assert (await sign_in_with_key(http, athlete_id, site.key(athlete_id))).status_code == 303
    assert (await http.get("/dashboard")).status_code == 200
    return dict(http.cookies)


async def still_works(site: Site, cookies: dict[str, str]) -> bool:
    """Does a copy of these cookies, replayed from another client, still reach the dashboard?"""
    async with site.client() as replay:
        answer = await replay.get("/dashboard", cookies=cookies)
    assert answer.status_code in (200, 302)
    return answer.status_code == 200


@pytest.mark.parametrize("how", ["sign-out", "everywhere", "delete-account", "admin-revoke"])
async def test_a_copied_cookie_dies_with_its_session(site: Site, how: str) -> None:
    ada = site.athletes[0]
    async with site.client() as http, site.client() as laptop:
        cookies = await signed_in_cookies(site, http, ada)
        other_device = await signed_in_cookies(site, laptop, ada)
        assert await still_works(site, cookies)
        user = await users.get_user_by_athlete(site.deps.db, ada)
        assert user is not None and await sessions.count_sessions(site.deps.db, user.id) == 2
        if how == "sign-out":
            assert (await post_form(http, "/signout")).status_code == 303
        elif how == "everywhere":
            assert (await post_form(http, "/signout/everywhere")).status_code == 303
        elif how == "delete-account":
            page = "/account/delete"
            assert (await post_form(http, "/account/delete", page=page, confirm="DELETE")).status_code == 200
        else:
            await admin.revoke_clients(site.deps.settings, ada)
        assert not await still_works(site, cookies)
        # Signing out here leaves the laptop signed in; everything else ends every session.
        assert await still_works(site, other_device) == (how == "sign-out")
        left = await sessions.count_sessions(site.deps.db, user.id)
        assert left == (1 if how == "sign-out" else 0)


async def test_expired_sessions_are_refused(site: Site) -> None:
    ada = site.athletes[0]
    async with site.client() as http:
        cookies = await signed_in_cookies(site, http, ada)
        async with site.deps.db.write() as conn:
            await conn.execute("UPDATE web_sessions SET expires_at = 0")
        assert not await still_works(site, cookies)
