"""Browser sessions end when they end: a replayed cookie is refused after sign-out, after signing
out everywhere, after an admin revokes everything, after account deletion, and once expired."""

from __future__ import annotations

import httpx

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


async def test_a_copied_cookie_dies_with_its_session(site: Site) -> None:
    ada = site.athletes[0]
    for how in ("sign-out", "everywhere", "admin-revoke", "expired", "delete-account"):
        async with site.client() as phone, site.client() as laptop:
            on_phone = await signed_in_cookies(site, phone, ada)
            on_laptop = await signed_in_cookies(site, laptop, ada)
            assert await still_works(site, on_phone)
            user = await users.get_user_by_athlete(site.deps.db, ada)
            assert user is not None and await sessions.count_sessions(site.deps.db, user.id) == 2
            if how == "sign-out":
                assert (await post_form(phone, "/signout")).status_code == 303
            elif how == "everywhere":
                assert (await post_form(phone, "/signout/everywhere")).status_code == 303
            elif how == "admin-revoke":
                await admin.revoke_clients(site.deps.settings, ada)
            elif how == "expired":
                async with site.deps.db.write() as conn:
                    await conn.execute("UPDATE web_sessions SET expires_at = 0")
            else:
                page = "/account/delete"
                assert (await post_form(phone, page, page=page, confirm="DELETE")).status_code == 200
            assert not await still_works(site, on_phone), how
            # Signing out here leaves the laptop signed in; everything else ends every session.
            assert await still_works(site, on_laptop) == (how == "sign-out"), how
            await sessions.prune_sessions(site.deps.db, 1)
            assert await sessions.count_sessions(site.deps.db, user.id) == (1 if how == "sign-out" else 0), how
            if how == "sign-out":
                await post_form(laptop, "/signout")
