"""The dashboard's actions: personal connector URL, connected apps, disconnect, delete account."""

from __future__ import annotations

import re

import httpx

from icusync.crypto import token_hash
from icusync.settings import Settings
from icusync.store import accounts, users
from tests.web.clients import connect_client, token_is_live
from tests.web.conftest import Site, post_form, serve_site, sign_in_with_intervals, sign_in_with_key

PERSONAL = re.compile(r'id="personal-url" readonly value="([^"]+)"')


async def key_sign_in(site: Site, http: httpx.AsyncClient, athlete_id: str) -> None:
    assert (await sign_in_with_key(http, athlete_id, site.key(athlete_id))).status_code == 303


async def oauth_sign_in(site: Site, http: httpx.AsyncClient, athlete_id: str) -> str:
    """Sign in through the demo Intervals.icu's consent page; return the OAuth token it issued."""
    done = await sign_in_with_intervals(site, http, athlete_id)
    assert done.status_code == 303
    user = await users.get_user_by_athlete(site.deps.db, athlete_id)
    assert user is not None
    cred = await users.load_credential(site.deps.db, site.deps.sealer, user)
    assert cred is not None and cred.kind == "oauth" and await site.token_works(cred.secret)
    return cred.secret


async def test_dashboard_shows_url_and_setup_steps(site: Site) -> None:
    async with site.client() as http:
        assert (await http.get("/dashboard")).headers["location"] == "/signin?next=%2Fdashboard"
        await key_sign_in(site, http, site.athletes[0])
        page = (await http.get("/dashboard")).text
    mcp_url = site.deps.settings.mcp_url
    assert f'id="connector-url" readonly value="{mcp_url}"' in page and 'data-copy="connector-url"' in page
    assert "Settings → Connectors → Add custom connector" in page
    command = re.search(r'<code id="claude-code-command">(.*?)</code>', page, re.S)
    assert command and re.sub(r"<[^>]+>", "", command.group(1)) == f"claude mcp add --transport http icusync {mcp_url}"
    assert 'data-copy="claude-code-command"' in page
    assert "Connected with an API key" in page and "No apps connected yet" in page


async def test_personal_url_shown_once_stored_hashed_rotated_and_disabled(site: Site) -> None:
    async with site.client() as http:
        await key_sign_in(site, http, site.athletes[0])
        created = await post_form(http, "/dashboard/personal-url")
        assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
        url = PERSONAL.search(created.text).group(1)  # type: ignore[union-attr]
        secret = url.removeprefix(site.base + "/u/").removesuffix("/mcp")
        assert url == site.deps.settings.personal_url(secret) and len(secret) >= 43
        found = await users.user_for_personal_secret(site.deps.db, secret)
        assert found is not None and found[0].athlete_id == site.athletes[0]
        assert found[1] == ("read",)  # read-only unless the owner chose writes
        assert "read-only" in (await http.get("/dashboard")).text
        async with site.deps.db.read() as conn:
            [row] = list(await conn.execute_fetchall("SELECT secret_hash FROM personal_urls"))
        assert row[0] == token_hash(secret)

        later = (await http.get("/dashboard")).text
        assert secret not in later and "shown once" in later and "Turn off" in later

        rotated = await post_form(http, "/dashboard/personal-url", access="write")
        new_secret = PERSONAL.search(rotated.text).group(1).split("/")[-2]  # type: ignore[union-attr]
        assert new_secret != secret and await users.user_for_personal_secret(site.deps.db, secret) is None
        assert (await users.user_for_personal_secret(site.deps.db, new_secret) or (None, ()))[1] == ("read", "write")

        off = await post_form(http, "/dashboard/personal-url/disable")
        assert off.status_code == 303
        assert await users.user_for_personal_secret(site.deps.db, new_secret) is None
        assert "Create a personal connector URL" in (await http.get("/dashboard")).text


async def test_personal_url_reaches_mcp(site: Site) -> None:
    async with site.client() as http:
        await key_sign_in(site, http, site.athletes[0])
        created = await post_form(http, "/dashboard/personal-url")
        url = PERSONAL.search(created.text).group(1)  # type: ignore[union-attr]
        init = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "t", "version": "1"},
            },
        }
        headers = {"accept": "application/json, text/event-stream"}
        assert (await http.post(url, json=init, headers=headers)).status_code == 200
        await post_form(http, "/dashboard/personal-url/disable")
        assert (await http.post(url, json=init, headers=headers)).status_code == 401


async def test_revoke_a_connected_client(site: Site) -> None:
    async with site.client() as http:
        await key_sign_in(site, http, site.athletes[0])
        user = await users.get_user_by_athlete(site.deps.db, site.athletes[0])
        assert user is not None
        token = await connect_client(site.deps.db, user.id, "claude-1", "Claude", site.deps.settings.mcp_url)
        page = (await http.get("/dashboard")).text
        assert "Claude" in page and "claude.ai" in page and 'value="claude-1"' in page
        response = await post_form(http, "/dashboard/clients/revoke", client_id="claude-1")
        assert response.status_code == 303
        after = (await http.get("/dashboard")).text
        assert "Access revoked" in after and 'value="claude-1"' not in after
    assert not await token_is_live(site.deps.db, token)


async def test_disconnect_oauth_withdraws_upstream_then_deletes(site: Site) -> None:
    bo = site.athletes[1]
    async with site.client() as http:
        token = await oauth_sign_in(site, http, bo)
        assert site.disconnects() == 0
        response = await post_form(http, "/dashboard/disconnect")
        assert response.status_code == 303
        page = (await http.get("/dashboard")).text
        assert "Intervals.icu is disconnected" in page and "Not connected" in page
        assert "Reconnect with Intervals.icu" in page
    assert site.disconnects() == 1 and not await site.token_works(token)  # withdrawn at Intervals.icu
    user = await users.get_user_by_athlete(site.deps.db, bo)
    assert user is not None and await accounts.credential_summary(site.deps.db, user.id) is None


async def test_delete_account_needs_the_typed_word(site: Site) -> None:
    bo = site.athletes[1]
    async with site.client() as http:
        upstream_token = await oauth_sign_in(site, http, bo)
        user = await users.get_user_by_athlete(site.deps.db, bo)
        assert user is not None
        token = await connect_client(site.deps.db, user.id, "claude-1", "Claude", site.deps.settings.mcp_url)
        confirm = await http.get("/account/delete")
        assert confirm.status_code == 200 and "Type <strong>DELETE</strong>" in confirm.text
        wrong = await post_form(http, "/account/delete", page="/account/delete", confirm="delete")
        assert wrong.status_code == 400 and "Nothing was deleted" in wrong.text
        assert await users.get_user_by_athlete(site.deps.db, bo) is not None
        assert site.disconnects() == 0 and await site.token_works(upstream_token)
        done = await post_form(http, "/account/delete", page="/account/delete", confirm="DELETE")
        assert done.status_code == 200 and "Your account is deleted" in done.text
        assert (await http.get("/dashboard")).status_code == 302
    assert await users.get_user_by_athlete(site.deps.db, bo) is None
    assert site.disconnects() == 1 and not await site.token_works(upstream_token)
    assert not await token_is_live(site.deps.db, token)


async def test_two_athletes_never_see_each_other(settings: Settings, port: int) -> None:
    async with serve_site(settings, port) as site, site.client() as ada, site.client() as bo:
        ada_id, bo_id = site.athletes[:2]
        ada_name, bo_name = site.profile(ada_id).name, site.profile(bo_id).name
        await key_sign_in(site, ada, ada_id)
        bo_upstream = await oauth_sign_in(site, bo, bo_id)
        ada_user = await users.get_user_by_athlete(site.deps.db, ada_id)
        bo_user = await users.get_user_by_athlete(site.deps.db, bo_id)
        assert ada_user and bo_user
        mcp = site.deps.settings.mcp_url
        ada_token = await connect_client(site.deps.db, ada_user.id, "ada-app", "Ada's Claude", mcp)
        bo_token = await connect_client(site.deps.db, bo_user.id, "bo-app", "Bo's Claude", mcp)

        ada_page = (await ada.get("/dashboard")).text
        bo_page = (await bo.get("/dashboard")).text
        assert ada_name in ada_page and "Ada&#39;s Claude" in ada_page
        assert bo_name not in ada_page and bo_id not in ada_page and "bo-app" not in ada_page
        assert bo_name in bo_page and ada_name not in bo_page
        assert "ada-app" not in bo_page and ada_id not in bo_page

        # Ada tries to revoke Bo's client by its id: nothing happens to Bo.
        attempt = await post_form(ada, "/dashboard/clients/revoke", client_id="bo-app")
        assert attempt.status_code == 303
        assert "nothing to revoke" in (await ada.get("/dashboard")).text
        assert await token_is_live(site.deps.db, bo_token) and await token_is_live(site.deps.db, ada_token)
        assert 'value="bo-app"' in (await bo.get("/dashboard")).text

        # Ada's disconnect and personal URL touch only Ada.
        await post_form(ada, "/dashboard/disconnect")
        assert await accounts.credential_summary(site.deps.db, ada_user.id) is None
        assert await accounts.credential_summary(site.deps.db, bo_user.id) is not None
        assert site.disconnects() == 0  # Ada used an API key: nothing to withdraw upstream
        assert await site.token_works(bo_upstream)  # and Bo's grant at Intervals.icu stands
