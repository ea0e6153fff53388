"""Undo the last change icusync made for this athlete, and list recent changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, reply
from icusync.connector.toolkit.writing import ONE_SHOT, require_write
from icusync.services.undo import undo_last
from icusync.store import writes


class UndoOutput(Output):
    undone: dict[str, Any] = Field(description="the write that was reversed: tool, action, summary")


class HistoryOutput(Output):
    writes: dict[str, Any] = Field(description="table: when (UTC), tool, action, target, summary, undone")


STATUS_WORDS = {"pending": "unconfirmed", "uncertain": "unconfirmed", "failed": "did not happen", "done": "done"}


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="undo_last_write",
        title="Undo the last change",
        description=(
            "Reverse icusync's newest change not yet undone (deletes what it made, restores what it changed or "
            "deleted); call again for the one before."
        ),
        annotations=ONE_SHOT,
    )
    async def undo_last_write() -> Annotated[CallToolResult, UndoOutput]:
        async with kit.call() as caller:
            require_write(caller)
            last, what = await undo_last(caller.deps, caller.user.id, caller.cred)
        text = f"Undone: {last.summary} ({what})."
        return reply(
            text, {"undone": {"tool": last.tool, "action": last.action, "summary": last.summary, "result": what}}
        )

    @mcp.tool(
        name="list_recent_writes",
        title="Recent changes made by icusync",
        description="The changes icusync made to this athlete's data, newest first.",
        annotations=READ_ONLY,
    )
    async def list_recent_writes(
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> Annotated[CallToolResult, HistoryOutput]:
        async with kit.call() as caller:
            recent = await writes.recent(caller.deps.db, caller.user.id, limit)
        rows = [
            [
                datetime.fromtimestamp(w.at, UTC).strftime("%Y-%m-%d %H:%M"),
                w.tool,
                w.action,
                w.target,
                w.summary,
                w.undone_at is not None,
                STATUS_WORDS.get(w.status, w.status),
                None if w.user_id == caller.user.id else w.author,  # a coach's change to this athlete's data
            ]
            for w in recent
        ]
        columns = ["when_utc", "tool", "action", "target", "summary", "undone", "status", "by"]
        lines = [
            f"{r[0]} {r[4]}" + (f" (by {r[7]})" if r[7] else "") + (f" ({r[6]})" if r[6] != "done" else "")
            + (" (undone)" if r[5] else "")
            for r in rows
        ] or ["No changes yet."]
        return reply("\n".join(lines), {"writes": {"columns": columns, "rows": rows}})
