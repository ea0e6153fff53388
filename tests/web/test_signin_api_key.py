"""Self-hosted sign-in: an Intervals.icu API key, checked live before anything is saved."""

from __future__ import annotations

from icusync.store import accounts, users
from tests.web.conftest import Site, post_form, sign_in_with_key


async def stored_row(site: Site, athlete_id: str) -> tuple[object, bytes] | None:
    user = await users.get_user_by_athlete(site.deps.db, athlete_id)
    if user is None:
        return None
    async with site.deps.db.read() as conn:
        rows = list(
            await conn.execute_fetchall("SELECT sealed FROM upstream_credentials WHERE user_id = ?", (user.id,))
        )
    return user, bytes(rows[0]["sealed"])


async def test_good_key_is_saved_sealed_with_name_and_timezone(site: Site) -> None:
    ada = site.athletes[0]
    key = site.key(ada)
    async with site.client() as http:
        response = await sign_in_with_key(http, ada.removeprefix("i"), key)  # bare number: the i prefix is added
        assert response.status_code == 303 and response.headers["location"] == "/dashboard"
        dashboard = await http.get("/dashboard")
        assert dashboard.status_code == 200 and site.profile(ada).name in dashboard.text and ada in dashboard.text
    row = await stored_row(site, ada)
    assert row is not None
    user, sealed = row
    assert key.encode() not in sealed  # sealed, never in clear
    cred = await users.load_credential(site.deps.db, site.deps.sealer, user)  # type: ignore[arg-type]
    assert cred is not None and cred.kind == "api_key" and cred.secret == key
    assert user.timezone == site.profile(ada).timezone == "Europe/Amsterdam"  # type: ignore[attr-defined]


async def test_rejected_key_reshows_the_form_and_stores_nothing(site: Site) -> None:
    ada = site.athletes[0]
    async with site.client() as http:
        response = await sign_in_with_key(http, ada, "wrong-key")
        assert response.status_code == 400
        assert "did not accept this API key" in response.text and "Nothing was saved" in response.text
        assert f'value="{ada}"' in response.text  # the athlete id is kept, the key is not
        assert "wrong-key" not in response.text
        assert (await http.get("/dashboard")).status_code == 302
    assert await users.list_users(site.deps.db) == []


async def test_key_for_another_athlete_is_refused(site: Site) -> None:
    ada, bo = site.athletes[:2]
    async with site.client() as http:
        response = await sign_in_with_key(http, bo, site.key(ada))
        # The key's owner is asked for (athlete 0), so a key that can read Bo still signs in no one as Bo.
        assert response.status_code == 403 and f"belongs to athlete {ada}, not {bo}" in response.text
    assert await users.get_user_by_athlete(site.deps.db, bo) is None
    assert await users.list_users(site.deps.db) == []


async def test_missing_fields_are_named(site: Site) -> None:
    async with site.client() as http:
        response = await sign_in_with_key(http, "", "")
        assert response.status_code == 400 and "Enter both" in response.text


async def test_reconnecting_replaces_a_rejected_credential(site: Site) -> None:
    ada = site.athletes[0]
    async with site.client() as http:
        await sign_in_with_key(http, ada, site.key(ada))
        user = await users.get_user_by_athlete(site.deps.db, ada)
        assert user is not None
        # The stored key is an old one Intervals.icu no longer takes.
        await users.save_credential(site.deps.db, site.deps.sealer, user.id, "api_key", "old-dead-key")
        await users.mark_credential(site.deps.db, user.id, "rejected")
        page = await http.get("/dashboard")
        assert "rejected" in page.text and "Save API key" in page.text
        response = await post_form(http, "/signin/api-key", athlete_id=ada, api_key=site.key(ada), next="/dashboard")
        assert response.status_code == 303
    summary = await accounts.credential_summary(site.deps.db, user.id)
    assert summary is not None and summary.status == "ok"
    cred = await users.load_credential(site.deps.db, site.deps.sealer, user)
    assert cred is not None and cred.secret == site.key(ada)
