"""What the database holds: only hashes of our secrets; and the functions the dashboard uses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from icusync.crypto import token_hash
from icusync.store import oauth as oauth_store
from icusync.store import users
from tests.oauth.kit import (
    CLAUDE,
    authorize,
    authorize_params,
    connect,
    consent_page,
    decide,
    exchange,
    hidden_fields,
    new_client,
    pkce,
    query_of,
    refresh,
    serve,
    sign_in,
)


async def test_the_raw_database_holds_none_of_the_issued_secrets(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client = await new_client(http)
        verifier, challenge = pkce()
        started = await authorize(http, authorize_params(client, challenge))
        fields = hidden_fields((await consent_page(http, person, started.headers["location"])).text)
        code = query_of((await decide(http, person, fields)).headers["location"])["code"]
        first = (await exchange(http, client, code, verifier)).json()
        second = (await refresh(http, client, first["refresh_token"])).json()
        secrets = [
            client["client_secret"],
            fields["request"],
            code,
            first["access_token"],
            first["refresh_token"],
            second["access_token"],
            second["refresh_token"],
        ]
        raw = b"".join(p.read_bytes() for p in live.settings.db_path.parent.glob("icusync.sqlite3*"))
        with sqlite3.connect(live.settings.db_path) as conn:  # the logical content, WAL included
            dump = "\n".join(conn.iterdump())
    for secret in secrets:
        assert secret.encode() not in raw
        assert secret not in dump
    assert token_hash(second["access_token"]) in dump  # we were looking at the right database


async def test_dashboard_functions(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        ada, bob = await sign_in(live), await sign_in(live, "i200", "Bob")
        claude = await new_client(http, client_name="Claude", redirect_uris=[CLAUDE])
        cli = await new_client(http, client_name="CLI")
        verifier, challenge = pkce()
        # Claude's callback is not reachable here: only the code matters.
        started = await authorize(http, authorize_params(claude, challenge))
        fields = hidden_fields((await consent_page(http, ada, started.headers["location"])).text)
        code = query_of((await decide(http, ada, fields, write=False)).headers["location"])["code"]
        assert (await exchange(http, claude, code, verifier)).status_code == 200
        await connect(http, ada, cli)
        await connect(http, bob, cli)

        listed = {c.client_name: c for c in await oauth_store.list_user_clients(live.db, ada.user.id)}
        assert set(listed) == {"Claude", "CLI"}
        assert listed["Claude"].redirect_host == "claude.ai" and listed["Claude"].scopes == ("read",)
        assert listed["CLI"].scopes == ("read", "write") and listed["CLI"].created_at > 0

        assert await oauth_store.revoke_user_client(live.db, ada.user.id, claude["client_id"]) == 2
        assert [c.client_name for c in await oauth_store.list_user_clients(live.db, ada.user.id)] == ["CLI"]
        assert await oauth_store.revoke_user_client(live.db, ada.user.id, "no-such-client") == 0
        assert await oauth_store.revoke_all_for_user(live.db, ada.user.id) == 2
        assert await oauth_store.list_user_clients(live.db, ada.user.id) == []
        # Bob's connection is untouched.
        assert [c.client_name for c in await oauth_store.list_user_clients(live.db, bob.user.id)] == ["CLI"]


async def test_deleting_a_person_deletes_their_grants_and_tokens(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        await connect(http, person)
        started = await authorize(http, authorize_params(await new_client(http), pkce()[1]))
        await consent_page(http, person, started.headers["location"])  # a pending request bound to them
        assert await users.delete_user(live.db, person.user.id)
        async with live.db.read() as conn:
            for table in ("oauth_grants", "oauth_tokens", "oauth_pending"):
                rows = list(await conn.execute_fetchall(f"SELECT count(*) FROM {table}"))  # noqa: S608
                assert rows[0][0] == 0, table
