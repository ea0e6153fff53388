from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from icusync.crypto import Sealer, SealError
from icusync.db import Database
from icusync.store import sealing, users


async def test_user_credential_and_personal_url(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    sealer = Sealer((secrets.token_bytes(32),))
    alice = await users.upsert_user(db, "i1", "Alice", "Europe/Amsterdam")
    bob = await users.upsert_user(db, "i2", "Bob", None)
    again = await users.upsert_user(db, "i1", "Alice B", "Europe/Paris")
    assert again.id == alice.id and again.name == "Alice B"

    await users.save_credential(db, sealer, alice.id, "api_key", "alice-key-123")
    await users.save_credential(db, sealer, bob.id, "oauth", "bob-token-456", "ACTIVITY:READ")
    cred = await users.load_credential(db, sealer, again)
    assert cred is not None and cred.secret == "alice-key-123" and cred.athlete_id == "i1"

    # A ciphertext copied into another user's row does not open.
    async with db.write() as conn:
        await conn.execute(
            "UPDATE upstream_credentials SET sealed = (SELECT sealed FROM upstream_credentials WHERE user_id = ?) "
            "WHERE user_id = ?",
            (alice.id, bob.id),
        )
    with pytest.raises(SealError):
        await users.load_credential(db, sealer, bob)

    secret = secrets.token_urlsafe(32)
    await users.set_personal_url(db, alice.id, secret)
    assert (await users.user_for_personal_secret(db, secret)) == (again, ("read", "write"))
    assert await users.user_for_personal_secret(db, secret + "x") is None

    assert await users.delete_user(db, alice.id)
    assert await users.load_credential(db, sealer, again) is None
    assert await users.user_for_personal_secret(db, secret) is None
    await db.close()

    raw = b"".join(p.read_bytes() for p in tmp_path.glob("db.sqlite3*"))  # noqa: ASYNC240 (a test reading its own file)
    assert b"alice-key-123" not in raw and b"bob-token-456" not in raw and secret.encode() not in raw


async def test_reseal_after_key_rotation(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    old, new = secrets.token_bytes(32), secrets.token_bytes(32)
    user = await users.upsert_user(db, "i1", "A", None)
    await users.save_credential(db, Sealer((old,)), user.id, "api_key", "k")
    rotated = Sealer((new, old))
    assert await sealing.reseal_all(db, rotated) == 1
    assert await sealing.reseal_all(db, rotated) == 0
    cred = await users.load_credential(db, Sealer((new,)), user)
    assert cred is not None and cred.secret == "k"
    await db.close()
