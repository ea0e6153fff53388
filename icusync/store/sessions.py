"""Signed-in browser sessions, kept server-side so they can be ended.

The signed cookie carries a random session id; only its SHA-256 is stored here. Signing
out deletes the row, and deleting the account or revoking everything deletes all of a
person's rows, so a copied cookie stops working the moment its session ends.
"""

from __future__ import annotations

import time

from icusync.crypto import new_token, token_hash
from icusync.db import Database
from icusync.store.users import User, user_from_row


async def start_session(db: Database, user_id: int, lifetime: int, now: int | None = None) -> str:
    """Record a new session for `user_id`; return its id for the cookie."""
    moment = int(time.time()) if now is None else now
    session_id = new_token()
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO web_sessions (session_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (token_hash(session_id), user_id, moment, moment + lifetime),
        )
    return session_id


async def session_user(db: Database, session_id: str, now: int | None = None) -> User | None:
    """Whose live session this is; None once it was ended or expired."""
    moment = int(time.time()) if now is None else now
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT users.* FROM web_sessions JOIN users ON users.id = web_sessions.user_id "
                "WHERE web_sessions.session_hash = ? AND web_sessions.expires_at > ?",
                (token_hash(session_id), moment),
            )
        )
    return user_from_row(rows[0]) if rows else None


async def end_session(db: Database, session_id: str) -> None:
    async with db.write() as conn:
        await conn.execute("DELETE FROM web_sessions WHERE session_hash = ?", (token_hash(session_id),))


async def end_all_sessions(db: Database, user_id: int) -> int:
    """Sign a person out everywhere; return how many sessions ended."""
    async with db.write() as conn:
        cur = await conn.execute("DELETE FROM web_sessions WHERE user_id = ?", (user_id,))
        return cur.rowcount


async def count_sessions(db: Database, user_id: int) -> int:
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT count(*) FROM web_sessions WHERE user_id = ?", (user_id,)))
    return int(rows[0][0])


async def prune_sessions(db: Database, now: int) -> int:
    async with db.write() as conn:
        cur = await conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (now,))
        return cur.rowcount
