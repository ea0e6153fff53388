"""Rows of our OAuth authorization server: clients, grants, codes, tokens (pending consents: oauth_pending).

Secrets arrive here in clear and leave as SHA-256 (`token_hash`); nothing that could be
presented as a credential is ever written. A grant is one consent of one person to one
client; its codes and tokens form the family that is revoked together.
Single-use rows (consent requests, codes, refresh tokens) are consumed with a conditional
UPDATE/DELETE whose row count is checked, inside the one writer transaction.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiosqlite

from icusync.crypto import token_hash
from icusync.db import Database
from icusync.store.oauth_pending import Pending, scopes_of, scopes_text

# Rows kept past their expiry so a late replay is still recognised (and revokes its family).
_KEEP_EXPIRED_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StoredClient:
    client_id: str
    client_name: str
    metadata: str  # OAuthClientInformationFull JSON, without the secret
    secret_sealed: bytes | None
    created_at: int


@dataclass(frozen=True)
class StoredCode:
    grant_id: int
    client_id: str
    user_id: int
    scopes: tuple[str, ...]
    resource: str
    redirect_uri: str
    redirect_uri_explicit: bool
    code_challenge: str
    expires_at: int
    used: bool


@dataclass(frozen=True)
class StoredToken:
    grant_id: int
    kind: str
    client_id: str
    user_id: int
    scopes: tuple[str, ...]
    resource: str
    expires_at: int
    used: bool
    revoked: bool  # the token or its whole grant
    grant_last_used_at: int | None
    used_at: int | None = None


@dataclass(frozen=True)
class Rotation:
    """What spending a refresh token did."""

    rotated: bool  # this call spent it and stored the new pair
    earlier: bytes | None = None  # else: the sealed pair it was rotated into moments ago (the grace window)


@dataclass(frozen=True)
class NewTokens:
    """A pair to store for a grant: the clear strings are hashed on the way in."""

    access: str
    access_expires_at: int
    access_scopes: tuple[str, ...]
    refresh: str
    refresh_expires_at: int


@dataclass(frozen=True)
class ConnectedClient:
    """An assistant a person has connected, for the dashboard."""

    client_id: str
    client_name: str
    redirect_host: str
    scopes: tuple[str, ...]
    created_at: int
    last_used_at: int | None


# -- clients ---------------------------------------------------------------------------


async def save_client(
    db: Database, client_id: str, client_name: str, metadata: str, secret_sealed: bytes | None, now: int
) -> None:
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO oauth_clients (client_id, client_name, metadata, secret_sealed, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (client_id, client_name, metadata, secret_sealed, now),
        )


async def get_client(db: Database, client_id: str) -> StoredClient | None:
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT * FROM oauth_clients WHERE client_id = ?", (client_id,)))
    if not rows:
        return None
    r = rows[0]
    sealed = bytes(r["secret_sealed"]) if r["secret_sealed"] is not None else None
    return StoredClient(r["client_id"], r["client_name"], r["metadata"], sealed, r["created_at"])


async def prune(db: Database, now: int, unused_client_age: int, successor_grace: int = 0) -> None:
    """Drop what can no longer be used: stale requests, old codes and tokens, abandoned clients,
    sealed successor pairs past their grace window."""
    old = now - _KEEP_EXPIRED_SECONDS
    async with db.write() as conn:
        await _forget_successors(conn, now - successor_grace)
        await conn.execute("DELETE FROM oauth_pending WHERE expires_at <= ?", (now,))
        await conn.execute("DELETE FROM oauth_codes WHERE expires_at < ?", (old,))
        await conn.execute("DELETE FROM oauth_tokens WHERE expires_at < ?", (old,))
        await conn.execute(
            "DELETE FROM oauth_grants WHERE created_at < ? AND NOT EXISTS "
            "(SELECT 1 FROM oauth_tokens t WHERE t.grant_id = oauth_grants.id) AND NOT EXISTS "
            "(SELECT 1 FROM oauth_codes c WHERE c.grant_id = oauth_grants.id)",
            (old,),
        )
        # Clients re-register on every connect; one that never completed a grant is noise.
        await conn.execute(
            "DELETE FROM oauth_clients WHERE created_at < ? AND NOT EXISTS "
            "(SELECT 1 FROM oauth_grants g WHERE g.client_id = oauth_clients.client_id)",
            (now - unused_client_age,),
        )


# -- grants and codes ------------------------------------------------------------------


async def create_grant(
    db: Database, *, user_id: int, p: Pending, scopes: tuple[str, ...], code: str, code_expires_at: int, now: int
) -> int:
    async with db.write() as conn:
        cur = await conn.execute(
            "INSERT INTO oauth_grants (user_id, client_id, scopes, resource, created_at) VALUES (?, ?, ?, ?, ?)",
            (user_id, p.client_id, scopes_text(scopes), p.resource, now),
        )
        grant_id = int(cur.lastrowid or 0)
        await conn.execute(
            "INSERT INTO oauth_codes (code_hash, grant_id, redirect_uri, redirect_uri_explicit, code_challenge, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                token_hash(code),
                grant_id,
                p.redirect_uri,
                int(p.redirect_uri_explicit),
                p.code_challenge,
                code_expires_at,
            ),
        )
    return grant_id


async def find_code(db: Database, code: str) -> StoredCode | None:
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT c.*, g.client_id, g.user_id, g.scopes, g.resource FROM oauth_codes c "
                "JOIN oauth_grants g ON g.id = c.grant_id WHERE c.code_hash = ?",
                (token_hash(code),),
            )
        )
    if not rows:
        return None
    r = rows[0]
    return StoredCode(
        grant_id=r["grant_id"],
        client_id=r["client_id"],
        user_id=r["user_id"],
        scopes=scopes_of(r["scopes"]),
        resource=r["resource"],
        redirect_uri=r["redirect_uri"],
        redirect_uri_explicit=bool(r["redirect_uri_explicit"]),
        code_challenge=r["code_challenge"],
        expires_at=r["expires_at"],
        used=r["used_at"] is not None,
    )


async def _insert_tokens(conn: aiosqlite.Connection, grant_id: int, new: NewTokens, now: int) -> bool:
    """Store a token pair for a live grant; False if the grant was revoked meanwhile."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT user_id, client_id, scopes, resource FROM oauth_grants WHERE id = ? AND revoked_at IS NULL",
            (grant_id,),
        )
    )
    if not rows:
        return False
    g = rows[0]
    insert = (
        "INSERT INTO oauth_tokens (token_hash, kind, grant_id, user_id, client_id, scopes, resource, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    base = (grant_id, g["user_id"], g["client_id"])
    await conn.execute(
        insert,
        (
            token_hash(new.access),
            "access",
            *base,
            scopes_text(new.access_scopes),
            g["resource"],
            now,
            new.access_expires_at,
        ),
    )
    # A refresh token always carries the whole grant's scopes (RFC 6749 §6).
    await conn.execute(
        insert, (token_hash(new.refresh), "refresh", *base, g["scopes"], g["resource"], now, new.refresh_expires_at)
    )
    return True


async def redeem_code(db: Database, code: str, new: NewTokens, now: int) -> bool:
    """Mark a code used and store the tokens it buys, atomically; False if it was used or expired."""
    async with db.write() as conn:
        cur = await conn.execute(
            "UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? "
            "RETURNING grant_id",
            (now, token_hash(code), now),
        )
        rows = list(await cur.fetchall())
        if len(rows) != 1:
            return False
        return await _insert_tokens(conn, rows[0]["grant_id"], new, now)


# -- tokens ----------------------------------------------------------------------------


async def find_token(db: Database, token: str, kind: str) -> StoredToken | None:
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT t.*, g.revoked_at AS grant_revoked_at, g.last_used_at FROM oauth_tokens t "
                "JOIN oauth_grants g ON g.id = t.grant_id WHERE t.token_hash = ? AND t.kind = ?",
                (token_hash(token), kind),
            )
        )
    if not rows:
        return None
    r = rows[0]
    return StoredToken(
        grant_id=r["grant_id"],
        kind=r["kind"],
        client_id=r["client_id"],
        user_id=r["user_id"],
        scopes=scopes_of(r["scopes"]),
        resource=r["resource"],
        expires_at=r["expires_at"],
        used=r["used_at"] is not None,
        revoked=r["revoked_at"] is not None or r["grant_revoked_at"] is not None,
        grant_last_used_at=r["last_used_at"],
        used_at=r["used_at"],
    )


async def rotate_refresh(
    db: Database, refresh: str, client_id: str, new: NewTokens, sealed_new: bytes, now: int, grace: int
) -> Rotation:
    """Spend a refresh token and store its successors, keeping them sealed for `grace` seconds.

    When the token was already spent by this client less than `grace` seconds ago (two requests
    refreshing in parallel), nothing is stored and the pair it was rotated into comes back instead.
    """
    async with db.write() as conn:
        await _forget_successors(conn, now - grace)
        cur = await conn.execute(
            "UPDATE oauth_tokens SET used_at = ?, successor_sealed = ? WHERE token_hash = ? AND kind = 'refresh' "
            "AND client_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? RETURNING grant_id",
            (now, sealed_new, token_hash(refresh), client_id, now),
        )
        rows = list(await cur.fetchall())
        if len(rows) == 1:
            return Rotation(rotated=await _insert_tokens(conn, rows[0]["grant_id"], new, now))
        earlier = list(
            await conn.execute_fetchall(
                "SELECT t.successor_sealed FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id "
                "WHERE t.token_hash = ? AND t.kind = 'refresh' AND t.client_id = ? AND t.used_at >= ? "
                "AND t.revoked_at IS NULL AND g.revoked_at IS NULL AND t.successor_sealed IS NOT NULL",
                (token_hash(refresh), client_id, now - grace),
            )
        )
    return Rotation(rotated=False, earlier=bytes(earlier[0][0]) if earlier else None)


async def _forget_successors(conn: aiosqlite.Connection, before: int) -> None:
    await conn.execute(
        "UPDATE oauth_tokens SET successor_sealed = NULL WHERE successor_sealed IS NOT NULL AND used_at < ?",
        (before,),
    )


async def _revoke_grants(conn: aiosqlite.Connection, where: str, args: tuple[object, ...], now: int) -> int:
    """Revoke the grants matching `where` and every live token of theirs; return the tokens revoked."""
    cur = await conn.execute(
        f"UPDATE oauth_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND grant_id IN "  # noqa: S608
        f"(SELECT id FROM oauth_grants WHERE {where})",
        (now, *args),
    )
    count = cur.rowcount
    await conn.execute(
        f"UPDATE oauth_grants SET revoked_at = ? WHERE revoked_at IS NULL AND {where}",  # noqa: S608
        (now, *args),
    )
    return count


async def revoke_grant(db: Database, grant_id: int, now: int) -> int:
    async with db.write() as conn:
        return await _revoke_grants(conn, "id = ?", (grant_id,), now)


async def touch_grant(db: Database, grant_id: int, now: int) -> None:
    async with db.write() as conn:
        await conn.execute("UPDATE oauth_grants SET last_used_at = ? WHERE id = ?", (now, grant_id))


# -- for the dashboard -----------------------------------------------------------------


def _redirect_host(metadata: str) -> str:
    uris = json.loads(metadata).get("redirect_uris") or []
    return urlsplit(uris[0]).netloc if uris else ""


async def list_user_clients(db: Database, user_id: int) -> list[ConnectedClient]:
    """The clients this person has a live grant with, most recently used first."""
    async with db.read() as conn:
        rows = await conn.execute_fetchall(
            "SELECT c.client_id, c.client_name, c.metadata, group_concat(g.scopes, ' ') AS scopes, "
            "min(g.created_at) AS created_at, max(g.last_used_at) AS last_used_at "
            "FROM oauth_grants g JOIN oauth_clients c ON c.client_id = g.client_id "
            "WHERE g.user_id = ? AND g.revoked_at IS NULL GROUP BY c.client_id "
            "ORDER BY coalesce(max(g.last_used_at), min(g.created_at)) DESC",
            (user_id,),
        )
    out = []
    for r in rows:
        scopes = tuple(dict.fromkeys(scopes_of(r["scopes"] or "")))
        out.append(
            ConnectedClient(
                client_id=r["client_id"],
                client_name=r["client_name"],
                redirect_host=_redirect_host(r["metadata"]),
                scopes=scopes,
                created_at=r["created_at"],
                last_used_at=r["last_used_at"],
            )
        )
    return out


async def revoke_user_client(db: Database, user_id: int, client_id: str, now: int | None = None) -> int:
    """Disconnect one client: revoke all its grants for this person; return the tokens revoked."""
    async with db.write() as conn:
        return await _revoke_grants(conn, "user_id = ? AND client_id = ?", (user_id, client_id), _now(now))


async def revoke_all_for_user(db: Database, user_id: int, now: int | None = None) -> int:
    """Disconnect every client of this person; return the tokens revoked."""
    async with db.write() as conn:
        return await _revoke_grants(conn, "user_id = ?", (user_id,), _now(now))


def _now(now: int | None) -> int:
    return int(time.time()) if now is None else now
