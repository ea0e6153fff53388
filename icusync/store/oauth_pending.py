"""/authorize requests waiting for the person's consent, and how scope lists are stored.

A request is bound to the first person who opens it and consumed by their answer, each
with a conditional UPDATE/DELETE whose result is checked, so it is used at most once.
The table is capped per client address and in total (`save_pending`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import aiosqlite

from icusync.crypto import token_hash
from icusync.db import Database


def scopes_of(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def scopes_text(scopes: tuple[str, ...] | list[str]) -> str:
    return " ".join(scopes)


@dataclass(frozen=True)
class Pending:
    """An /authorize request waiting for consent."""

    client_id: str
    redirect_uri: str
    redirect_uri_explicit: bool
    code_challenge: str
    scopes: tuple[str, ...]
    resource: str
    state: str | None
    expires_at: int
    user_id: int | None = None


def _pending(r: sqlite3.Row) -> Pending:
    return Pending(
        client_id=r["client_id"],
        redirect_uri=r["redirect_uri"],
        redirect_uri_explicit=bool(r["redirect_uri_explicit"]),
        code_challenge=r["code_challenge"],
        scopes=scopes_of(r["scopes"]),
        resource=r["resource"],
        state=r["state"],
        expires_at=r["expires_at"],
        user_id=r["user_id"],
    )


async def save_pending(
    db: Database, request_id: str, p: Pending, address: str, *, now: int, per_address: int, total: int
) -> bool:
    """Store a request unless the table is full; False when it is.

    Bounded, since anyone may open /authorize: expired requests go first; an address keeps
    only its newest `per_address`; past `total`, the oldest requests nobody has opened yet make
    room. Requests a person is looking at are kept, so when only those fill the table the new
    request is refused.
    """
    async with db.write() as conn:
        await conn.execute("DELETE FROM oauth_pending WHERE expires_at <= ?", (now,))
        await conn.execute(
            "DELETE FROM oauth_pending WHERE request_hash IN (SELECT request_hash FROM oauth_pending "
            "WHERE client_address = ? ORDER BY expires_at DESC LIMIT -1 OFFSET ?)",
            (address, max(0, per_address - 1)),
        )
        over = await _count(conn) - total + 1
        if over > 0:
            await conn.execute(
                "DELETE FROM oauth_pending WHERE request_hash IN (SELECT request_hash FROM oauth_pending "
                "WHERE user_id IS NULL ORDER BY expires_at LIMIT ?)",
                (over,),
            )
            if await _count(conn) >= total:
                return False
        await conn.execute(
            "INSERT INTO oauth_pending (request_hash, client_id, redirect_uri, redirect_uri_explicit, "
            "code_challenge, scopes, resource, state, expires_at, client_address) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token_hash(request_id),
                p.client_id,
                p.redirect_uri,
                int(p.redirect_uri_explicit),
                p.code_challenge,
                scopes_text(p.scopes),
                p.resource,
                p.state,
                p.expires_at,
                address,
            ),
        )
    return True


async def _count(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("SELECT count(*) FROM oauth_pending"))
    return int(rows[0][0])


async def count_pending(db: Database) -> int:
    async with db.read() as conn:
        return await _count(conn)


async def claim_pending(db: Database, request_id: str, user_id: int, now: int) -> Pending | None:
    """Bind a live request to the first person who opens it; None if expired or someone else's."""
    async with db.write() as conn:
        cur = await conn.execute(
            "UPDATE oauth_pending SET user_id = ? WHERE request_hash = ? AND expires_at > ? "
            "AND (user_id IS NULL OR user_id = ?) RETURNING *",
            (user_id, token_hash(request_id), now, user_id),
        )
        rows = list(await cur.fetchall())
    return _pending(rows[0]) if rows else None


async def take_pending(db: Database, request_id: str, user_id: int, now: int) -> Pending | None:
    """Consume a request this person opened; a second POST finds nothing."""
    async with db.write() as conn:
        cur = await conn.execute(
            "DELETE FROM oauth_pending WHERE request_hash = ? AND user_id = ? AND expires_at > ? RETURNING *",
            (token_hash(request_id), user_id, now),
        )
        rows = list(await cur.fetchall())
    return _pending(rows[0]) if rows else None


async def peek_pending(db: Database, request_id: str, now: int) -> Pending | None:
    """A live request nobody has opened yet, read without claiming it (the sign-in page names its client)."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT * FROM oauth_pending WHERE request_hash = ? AND expires_at > ? AND user_id IS NULL",
                (token_hash(request_id), now),
            )
        )
    return _pending(rows[0]) if rows else None
