"""The write history: one row per upstream change made for a user, recorded before it is sent."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from icusync.db import Database

# A pending row older than this was left by a crash mid-write: treat it as uncertain.
PENDING_GRACE_SECONDS = 120


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
    status: str = "done"
    external_id: str | None = None
    note: str | None = None
    user_id: int = 0  # who made the change
    athlete_id: str | None = None  # whose data it changed, when not the author's own (a coach's athlete)
    author: str = ""  # the author's name, in a history that shows other people's changes


def _write(row: Any) -> Write:
    keys = row.keys()
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
        status=row["status"],
        external_id=row["external_id"],
        note=row["note"],
        user_id=row["user_id"],
        athlete_id=row["athlete_id"],
        author=row["author"] if "author" in keys else "",
    )


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


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
    status: str = "done",
    external_id: str | None = None,
    athlete_id: str | None = None,
) -> int:
    """One row; `status` "pending" for a change about to be sent (settle it after); `athlete_id` when it
    changes another athlete's data than the author's."""
    async with db.write() as conn:
        cur = await conn.execute(
            "INSERT INTO writes (user_id, at, client_id, tool, action, target, summary, before_json, after_json, "
            "status, external_id, athlete_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id, int(time.time()), client_id, tool, action, target, summary, _json(before), _json(after),
             status, external_id, athlete_id),
        )
        return int(cur.lastrowid or 0)


async def settle(
    db: Database,
    user_id: int,
    write_id: int,
    *,
    status: str = "done",
    target: str | None = None,
    after: Any = None,
    note: str | None = None,
) -> None:
    """Record what became of a pending or uncertain write; `target`/`after` replace the planned ones when given."""
    async with db.write() as conn:
        await conn.execute(
            "UPDATE writes SET status = ?, target = COALESCE(?, target), after_json = COALESCE(?, after_json), "
            "note = COALESCE(?, note) WHERE id = ? AND user_id = ?",
            (status, target, _json(after), note, write_id, user_id),
        )


async def discard(db: Database, user_id: int, write_ids: list[int]) -> None:
    """Forget pending rows whose request Intervals.icu refused: nothing happened upstream."""
    async with db.write() as conn:
        await conn.executemany(
            "DELETE FROM writes WHERE id = ? AND user_id = ? AND status = 'pending'", [(i, user_id) for i in write_ids]
        )


async def unsettled(db: Database, user_id: int, now: float | None = None) -> list[Write]:
    """Writes whose outcome is unknown: uncertain ones, and pending ones a crash left behind."""
    stale = int(now if now is not None else time.time()) - PENDING_GRACE_SECONDS
    async with db.read() as conn:
        rows = await conn.execute_fetchall(
            "SELECT * FROM writes WHERE user_id = ? AND (status = 'uncertain' OR (status = 'pending' AND at < ?)) "
            "ORDER BY id",
            (user_id, stale),
        )
    return [_write(r) for r in rows]


async def recent(db: Database, user_id: int, limit: int = 20) -> list[Write]:
    """The user's history, newest first: the changes they made (for themselves or an athlete they
    coach), and the changes a coach made to their data."""
    async with db.read() as conn:
        rows = await conn.execute_fetchall(
            "SELECT w.*, u.name AS author FROM writes w JOIN users u ON u.id = w.user_id "
            "WHERE w.user_id = ? OR w.athlete_id = (SELECT athlete_id FROM users WHERE id = ?) "
            "ORDER BY w.id DESC LIMIT ?",
            (user_id, user_id, limit),
        )
    return [_write(r) for r in rows]


async def last_active(db: Database, user_id: int) -> Write | None:
    """The newest write that happened (or may have) and is not yet undone."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall(
                "SELECT * FROM writes WHERE user_id = ? AND undone_at IS NULL AND status IN ('done', 'uncertain') "
                "ORDER BY id DESC LIMIT 1",
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
