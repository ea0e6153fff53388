"""Users, their sealed Intervals.icu credentials, and personal connector URLs."""

from __future__ import annotations

import time
from dataclasses import dataclass

from icusync.crypto import Sealer, token_hash
from icusync.db import Database
from icusync.intervals.credential import UpstreamCredential
from icusync.store.sealing import credential_aad


@dataclass(frozen=True)
class User:
    id: int
    athlete_id: str
    name: str
    timezone: str | None
    is_admin: bool
    created_at: int


def user_from_row(row: object) -> User:
    r = row  # sqlite3.Row
    return User(r["id"], r["athlete_id"], r["name"], r["timezone"], bool(r["is_admin"]), r["created_at"])  # type: ignore[index]


_user = user_from_row


async def upsert_user(db: Database, athlete_id: str, name: str, timezone: str | None) -> User:
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO users (athlete_id, name, timezone, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(athlete_id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone",
            (athlete_id, name, timezone, int(time.time())),
        )
        rows = await conn.execute_fetchall("SELECT * FROM users WHERE athlete_id = ?", (athlete_id,))
    return _user(list(rows)[0])


async def set_timezone(db: Database, user_id: int, timezone: str) -> None:
    async with db.write() as conn:
        await conn.execute("UPDATE users SET timezone = ? WHERE id = ?", (timezone, user_id))


async def get_user(db: Database, user_id: int) -> User | None:
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT * FROM users WHERE id = ?", (user_id,)))
    return _user(rows[0]) if rows else None


async def get_user_by_athlete(db: Database, athlete_id: str) -> User | None:
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT * FROM users WHERE athlete_id = ?", (athlete_id,)))
    return _user(rows[0]) if rows else None


async def list_users(db: Database) -> list[User]:
    async with db.read() as conn:
        rows = await conn.execute_fetchall("SELECT * FROM users ORDER BY id")
    return [_user(r) for r in rows]


async def delete_user(db: Database, user_id: int) -> bool:
    """Delete a user; every row that belongs to them goes with it (ON DELETE CASCADE)."""
    async with db.write() as conn:
        cur = await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
        return cur.rowcount == 1


async def save_credential(db: Database, sealer: Sealer, user_id: int, kind: str, secret: str, scope: str = "") -> None:
    sealed = sealer.seal(secret, credential_aad(user_id))
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO upstream_credentials (user_id, kind, sealed, scope, status, updated_at) "
            "VALUES (?, ?, ?, ?, 'ok', ?) ON CONFLICT(user_id) DO UPDATE SET kind = excluded.kind, "
            "sealed = excluded.sealed, scope = excluded.scope, status = 'ok', updated_at = excluded.updated_at",
            (user_id, kind, sealed, scope, int(time.time())),
        )


async def load_credential(db: Database, sealer: Sealer, user: User) -> UpstreamCredential | None:
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT kind, sealed, scope, status FROM upstream_credentials WHERE user_id = ?", (user.id,)
            )
        )
    if not rows:
        return None
    row = rows[0]
    secret = sealer.open(bytes(row["sealed"]), credential_aad(user.id))
    return UpstreamCredential(
        athlete_id=user.athlete_id, kind=row["kind"], secret=secret, scope=row["scope"], status=row["status"]
    )


async def load_account(db: Database, sealer: Sealer, user_id: int) -> tuple[User, UpstreamCredential | None] | None:
    """A user and their Intervals.icu credential in one read: what every tool call starts from."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT users.*, c.kind AS cred_kind, c.sealed AS cred_sealed, c.scope AS cred_scope, "
                "c.status AS cred_status FROM users LEFT JOIN upstream_credentials AS c ON c.user_id = users.id "
                "WHERE users.id = ?",
                (user_id,),
            )
        )
    if not rows:
        return None
    row, user = rows[0], _user(rows[0])
    if row["cred_sealed"] is None:
        return user, None
    secret = sealer.open(bytes(row["cred_sealed"]), credential_aad(user.id))
    cred = UpstreamCredential(
        athlete_id=user.athlete_id, kind=row["cred_kind"], secret=secret, scope=row["cred_scope"],
        status=row["cred_status"],
    )
    return user, cred


async def mark_credential(db: Database, user_id: int, status: str) -> None:
    async with db.write() as conn:
        await conn.execute("UPDATE upstream_credentials SET status = ? WHERE user_id = ?", (status, user_id))


async def delete_credential(db: Database, user_id: int) -> None:
    async with db.write() as conn:
        await conn.execute("DELETE FROM upstream_credentials WHERE user_id = ?", (user_id,))


async def set_personal_url(
    db: Database, user_id: int, secret: str, scopes: tuple[str, ...] = ("read", "write")
) -> None:
    """Store (or replace) the hash of a user's personal connector secret and what it may do."""
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO personal_urls (user_id, secret_hash, created_at, scopes) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET secret_hash = excluded.secret_hash, "
            "created_at = excluded.created_at, scopes = excluded.scopes",
            (user_id, token_hash(secret), int(time.time()), " ".join(scopes)),
        )


async def clear_personal_url(db: Database, user_id: int) -> None:
    async with db.write() as conn:
        await conn.execute("DELETE FROM personal_urls WHERE user_id = ?", (user_id,))


async def user_for_personal_secret(db: Database, secret: str) -> tuple[User, tuple[str, ...]] | None:
    """The owner of a personal connector secret, and the scopes they gave it."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT users.*, personal_urls.scopes AS url_scopes FROM personal_urls "
                "JOIN users ON users.id = personal_urls.user_id WHERE personal_urls.secret_hash = ?",
                (token_hash(secret),),
            )
        )
    return (_user(rows[0]), tuple(rows[0]["url_scopes"].split())) if rows else None


async def personal_url_scopes(db: Database, user_id: int) -> tuple[str, ...] | None:
    """What the user's personal connector URL may do; None when they have none."""
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT scopes FROM personal_urls WHERE user_id = ?", (user_id,)))
    return tuple(rows[0]["scopes"].split()) if rows else None


async def has_personal_url(db: Database, user_id: int) -> bool:
    return await personal_url_scopes(db, user_id) is not None
