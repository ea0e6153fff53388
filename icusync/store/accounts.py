"""Sign-up and sign-in bookkeeping: invite codes, OAuth sign-in states, credential summaries.

Every secret here (invite codes, OAuth states) is stored only as its SHA-256;
single-use rows are consumed with a conditional UPDATE/DELETE whose row count is checked.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from icusync.crypto import token_hash
from icusync.db import Database

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_LENGTH = 16  # ~79 bits
SIGNIN_STATE_TTL = 600


def normalize_invite(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def invite_hash(code: str) -> str:
    return token_hash("invite:" + normalize_invite(code))


def _format_invite(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


async def create_invites(db: Database, count: int) -> list[str]:
    """Make `count` new invite codes; only their hashes are kept, so show them now."""
    codes = [
        _format_invite("".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))) for _ in range(count)
    ]
    now = int(time.time())
    async with db.write() as conn:
        await conn.executemany(
            "INSERT INTO invite_codes (code_hash, created_at) VALUES (?, ?)", [(invite_hash(c), now) for c in codes]
        )
    return codes


async def invite_is_open(db: Database, code: str) -> bool:
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT 1 FROM invite_codes WHERE code_hash = ? AND used_at IS NULL", (invite_hash(code),)
            )
        )
    return bool(rows)


async def consume_invite_hash(db: Database, code_hash: str, athlete_id: str) -> bool:
    """Mark an unused invite as used by this athlete; False if it was unknown or already used."""
    async with db.write() as conn:
        cur = await conn.execute(
            "UPDATE invite_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL",
            (int(time.time()), athlete_id, code_hash),
        )
        return cur.rowcount == 1


async def count_open_invites(db: Database) -> int:
    async with db.read() as conn:
        rows = list(await conn.execute_fetchall("SELECT count(*) FROM invite_codes WHERE used_at IS NULL"))
    return int(rows[0][0])


@dataclass(frozen=True)
class SigninState:
    binding_hash: str
    next_path: str | None
    invite_hash: str | None


async def save_signin_state(
    db: Database, state: str, binding: str, next_path: str | None, invite_code_hash: str | None
) -> None:
    now = int(time.time())
    async with db.write() as conn:
        # Expired states are worthless; sweep them while we hold the writer anyway.
        await conn.execute("DELETE FROM signin_states WHERE expires_at < ?", (now,))
        await conn.execute(
            "INSERT INTO signin_states (state_hash, binding_hash, next_path, invite_hash, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (token_hash(state), token_hash(binding), next_path, invite_code_hash, now + SIGNIN_STATE_TTL),
        )


async def consume_signin_state(db: Database, state: str, now: float | None = None) -> SigninState | None:
    """Take a sign-in state out of the table (single use); None if unknown, used or expired."""
    moment = int(time.time() if now is None else now)
    async with db.write() as conn:
        rows = list(
            await conn.execute_fetchall(
                "DELETE FROM signin_states WHERE state_hash = ? RETURNING binding_hash, next_path, invite_hash, "
                "expires_at",
                (token_hash(state),),
            )
        )
    if not rows or rows[0]["expires_at"] < moment:
        return None
    row = rows[0]
    return SigninState(row["binding_hash"], row["next_path"], row["invite_hash"])


async def prune_signin_states(db: Database, now: int) -> None:
    async with db.write() as conn:
        await conn.execute("DELETE FROM signin_states WHERE expires_at < ?", (now,))


async def expire_signin_states(db: Database) -> None:
    """Make every pending sign-in state stale (used by tests of the expiry rule and by admins)."""
    async with db.write() as conn:
        await conn.execute("UPDATE signin_states SET expires_at = 0")


@dataclass(frozen=True)
class CredentialSummary:
    kind: str
    status: str
    updated_at: int


async def credential_summary(db: Database, user_id: int) -> CredentialSummary | None:
    """What kind of Intervals.icu credential a user has and whether it works, without opening it."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT kind, status, updated_at FROM upstream_credentials WHERE user_id = ?", (user_id,)
            )
        )
    return CredentialSummary(rows[0]["kind"], rows[0]["status"], rows[0]["updated_at"]) if rows else None


async def credential_summaries(db: Database) -> dict[int, CredentialSummary]:
    async with db.read() as conn:
        rows = await conn.execute_fetchall("SELECT user_id, kind, status, updated_at FROM upstream_credentials")
    return {r["user_id"]: CredentialSummary(r["kind"], r["status"], r["updated_at"]) for r in rows}
