"""The athletes a user's credential reaches, as Intervals.icu last listed them."""

from __future__ import annotations

import json
import time
from typing import Any

from icusync.db import Database


async def get(db: Database, user_id: int) -> tuple[float, list[dict[str, Any]]] | None:
    """(when it was fetched, the athletes) or None when never fetched."""
    async with db.read() as conn:
        rows = list(
            await conn.execute_fetchall("SELECT fetched_at, athletes_json FROM rosters WHERE user_id = ?", (user_id,))
        )
    if not rows:
        return None
    athletes = json.loads(rows[0]["athletes_json"])
    return float(rows[0]["fetched_at"]), athletes if isinstance(athletes, list) else []


async def put(db: Database, user_id: int, athletes: list[dict[str, Any]], now: float | None = None) -> None:
    async with db.write() as conn:
        await conn.execute(
            "INSERT INTO rosters (user_id, fetched_at, athletes_json) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET fetched_at = excluded.fetched_at, "
            "athletes_json = excluded.athletes_json",
            (user_id, int(now if now is not None else time.time()), json.dumps(athletes)),
        )
