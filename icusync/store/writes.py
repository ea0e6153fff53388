"""The write history: one row per upstream change made for a user."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from icusync.db import Database


@dataclass(frozen=True)
class Write:
    id: int
    at: int
    client_id: str
    tool: str
    action: str
    target: str
    summary: str
    before: Any
    after: Any
    undone_at: int | None


def _write(row: Any) -> Write:
    return Write(
        id=row["id"],
        at=row["at"],
        client_id=row["client_id"],
        tool=row["tool"],
        action=row["action"],
        target=row["target"],
        summary=row["summary"],
        before=json.loads(row["before_json"]) if row["before_json"] else None,
        after=json.loads(row["after_json"]) if row["after_json"] else None,
        undone_at=row["undone_at"],
    )


async def record(
    db: Database,
    user_id: int,
    *,
    client_id: str,
    tool: str,
    action: str,
    target: str,
    summary: str,
    before: Any = None,
    after: Any = None,
) -> int:
    async with db.write() as conn:
        cur = await conn.execute(
            "INSERT INTO writes (user_id, at, client_id, tool, action, target, summary, before_json, after_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                int(time.time()),
                client_id,
                tool,
                action,
                target,
                summary,
                None if before is None else json.dumps(before),
                None if after is None else json.dumps(after),
            ),
        )
        return int(cur.lastrowid or 0)


async def recent(db: Database, user_id: int, limit: int = 20) -> list[Write]:
    async with db.read() as conn:
        rows = await conn.execute_fetchall(
            "SELECT * FROM writes WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
    return [_write(r) for r in rows]


async def last_active(db: Database, user_id: int) -> Write | None:
    """The newest write not yet undone."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT * FROM writes WHERE user_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                (user_id,),
            )
        )
    return _write(rows[0]) if rows else None


async def mark_undone(db: Database, user_id: int, write_id: int) -> bool:
    """Claim a write for undoing; False when another call already did (the row count says)."""
    async with db.write() as conn:
        cur = await conn.execute(
            "UPDATE writes SET undone_at = ? WHERE id = ? AND user_id = ? AND undone_at IS NULL",
            (int(time.time()), write_id, user_id),
        )
        return cur.rowcount == 1


async def release_undo(db: Database, user_id: int, write_id: int) -> None:
    """Give back a claim when the upstream undo failed, so it can be tried again."""
    async with db.write() as conn:
        await conn.execute("UPDATE writes SET undone_at = NULL WHERE id = ? AND user_id = ?", (write_id, user_id))
