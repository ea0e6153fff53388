"""Admin commands through the real command line, configured from the environment like `serve`."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from icusync.cli import main as cli
from icusync.crypto import Sealer
from icusync.db import Database
from icusync.settings import decode_key, new_key_text
from icusync.store import accounts, users
from icusync.store import oauth as oauth_store
from icusync.store.sealing import client_secret_aad
from tests.web.clients import connect_client, token_is_live

MCP = "http://127.0.0.1:8000/mcp"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "ICUSYNC_DATA_DIR": str(tmp_path / "data"),
        "ICUSYNC_ENCRYPTION_KEY": new_key_text(),
        "ICUSYNC_SESSION_SECRET": secrets.token_urlsafe(32),
        "ICUSYNC_SIGNUP": "invite",
    }
    for name in ("ICUSYNC_OLD_ENCRYPTION_KEYS", "ICUSYNC_ENCRYPTION_KEY_FILE", "ICUSYNC_INTERVALS_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@contextlib.asynccontextmanager
async def opened_db(env: dict[str, str]) -> AsyncIterator[Database]:
    db = Database(Path(env["ICUSYNC_DATA_DIR"]) / "icusync.sqlite3")
    await db.open()
    try:
        yield db
    finally:
        await db.close()


async def seed(env: dict[str, str], athlete_id: str, name: str) -> int:
    async with opened_db(env) as db:
        user = await users.upsert_user(db, athlete_id, name, None)
        sealer = Sealer((decode_key(env["ICUSYNC_ENCRYPTION_KEY"], "test"),))
        await users.save_credential(db, sealer, user.id, "api_key", f"key-of-{athlete_id}")
        return user.id


async def in_thread(argv: list[str]) -> int:
    """The CLI runs its own event loop, so the tests call it from a worker thread."""
    return await asyncio.to_thread(cli.main, argv)


async def test_users_lists_accounts(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert await in_thread(["users"]) == 0
    assert "no users yet" in capsys.readouterr().out
    await seed(env, "i1001", "Ada Athlete")
    assert await in_thread(["users"]) == 0
    out = capsys.readouterr().out
    assert "i1001" in out and "Ada Athlete" in out and "intervals: api_key ok" in out and "clients: 0" in out


async def test_invite_prints_single_use_codes(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert await in_thread(["invite", "--count", "3"]) == 0
    codes = capsys.readouterr().out.split()
    assert len(codes) == 3 and len(set(codes)) == 3
    async with opened_db(env) as db:
        assert await accounts.count_open_invites(db) == 3
        assert await accounts.invite_is_open(db, codes[0])
        assert await accounts.consume_invite_hash(db, accounts.invite_hash(codes[0]), "i1")
        assert not await accounts.consume_invite_hash(db, accounts.invite_hash(codes[0]), "i2")
    assert await in_thread(["invite", "--count", "0"]) == 2


async def test_revoke_clients_and_delete_user(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    ada = await seed(env, "i1001", "Ada")
    bo = await seed(env, "i2002", "Bo")
    async with opened_db(env) as db:
        ada_token = await connect_client(db, ada, "c1", "Claude", MCP)
        bo_token = await connect_client(db, bo, "c2", "Claude", MCP)
        await users.set_personal_url(db, ada, "ada-personal-secret-0123456789")

    assert await in_thread(["revoke-clients", "i1001"]) == 0
    assert "revoked every connected app of i1001 (2 tokens: access and refresh)" in capsys.readouterr().out
    async with opened_db(env) as db:
        assert not await token_is_live(db, ada_token) and await token_is_live(db, bo_token)
        assert await users.user_for_personal_secret(db, "ada-personal-secret-0123456789") is None
    assert await in_thread(["delete-user", "i2002"]) == 0
    assert await in_thread(["delete-user", "i9999"]) == 2
    assert "no user with athlete id i9999" in capsys.readouterr().err

    async with opened_db(env) as db:
        assert await oauth_store.find_token(db, bo_token, "access") is None  # gone with the account
        assert [u.athlete_id for u in await users.list_users(db)] == ["i1001"]


async def test_rotate_key_reseals_with_the_new_key(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ada = await seed(env, "i1001", "Ada")
    old_sealer = Sealer((decode_key(env["ICUSYNC_ENCRYPTION_KEY"], "old"),))
    async with opened_db(env) as db:  # a registered MCP client with a secret, sealed with the old key
        sealed = old_sealer.seal("client-secret-1", client_secret_aad("client-1"))
        await oauth_store.save_client(db, "client-1", "Claude", "{}", sealed, 0)
    assert await in_thread(["rotate-key"]) == 2  # nothing to rotate from: says how to set it up
    assert "ICUSYNC_OLD_ENCRYPTION_KEYS" in capsys.readouterr().err

    old, new = env["ICUSYNC_ENCRYPTION_KEY"], new_key_text()
    monkeypatch.setenv("ICUSYNC_ENCRYPTION_KEY", new)
    monkeypatch.setenv("ICUSYNC_OLD_ENCRYPTION_KEYS", old)
    assert await in_thread(["rotate-key"]) == 0
    out = capsys.readouterr().out
    assert "re-sealed 2 credentials and client secrets" in out and "remove ICUSYNC_OLD_ENCRYPTION_KEYS" in out

    async with opened_db(env) as db:
        user = await users.get_user(db, ada)
        assert user is not None
        only_new = Sealer((decode_key(new, "new"),))  # the old key is no longer needed
        cred = await users.load_credential(db, only_new, user)
        assert cred is not None and cred.secret == "key-of-i1001"
        client = await oauth_store.get_client(db, "client-1")
        assert client is not None and client.secret_sealed is not None
        assert only_new.open(client.secret_sealed, client_secret_aad("client-1")) == "client-secret-1"


async def test_server_refuses_to_start_without_a_key(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ICUSYNC_ENCRYPTION_KEY")
    assert await in_thread(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "no encryption key" in err and "icusync keygen" in err and "icusync init" in err
    assert await in_thread(["users"]) == 2  # admin commands need it too
