"""Undo the last change icusync made for this athlete, and list recent changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent
from pydantic import Field

from icusync.connector.context import Caller
from icusync.connector.toolkit import READ_ONLY, Output, ToolKit
from icusync.connector.writing import ONE_SHOT, require_write
from icusync.errors import UpstreamNotFound
from icusync.store import writes
from icusync.store.writes import Write

# Fields a re-created event may carry; ids and derived values are the upstream's to assign.
RECREATE_FIELDS = ("start_date_local", "category", "type", "name", "description", "external_id", "indoor")


class UndoOutput(Output):
    undone: dict[str, Any] = Field(description="the write that was reversed: tool, action, summary")


class HistoryOutput(Output):
    writes: dict[str, Any] = Field(description="table: when (UTC), tool, action, target, summary, undone")


async def _reverse(caller: Caller, w: Write) -> str:
    api, cred = caller.deps.intervals, caller.cred
    if w.action == "create":
        try:
            await api.delete_event(cred, int(w.target))
        except UpstreamNotFound:
            return "it was already gone from the calendar"
        return "deleted it from the calendar"
    if w.action == "update":
        await api.update_event(cred, int(w.target), w.before or {})
        return "restored the previous values"
    if w.action == "delete":
        before = w.before or {}
        made = await api.create_event(cred, {k: before[k] for k in RECREATE_FIELDS if before.get(k) is not None})
        return f"re-created it as event {made.get('id')}"
    if w.action == "wellness":
        await api.update_wellness(cred, date.fromisoformat(w.target), w.before or {})
        return "restored the previous wellness values"
    raise ToolError(f"The last change ({w.summary}) cannot be undone automatically; change it in Intervals.icu.")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="undo_last_write",
        title="Undo the last change",
        description=(
            "Reverse the most recent change icusync made for this athlete that is not yet undone: a created "
            "workout or entry is deleted, an updated one gets its previous values back, a deleted one is "
            "re-created, logged wellness is restored. Call again to undo the change before it."
        ),
        annotations=ONE_SHOT,
    )
    async def undo_last_write() -> Annotated[CallToolResult, UndoOutput]:
        async with kit.call() as caller:
            require_write(caller)
            last = await writes.last_active(caller.deps.db, caller.user.id)
            if last is None:
                raise ToolError("There is no change by icusync left to undo for this athlete.")
            # Claim it first, so two undo calls at once cannot reverse the same change twice.
            if not await writes.mark_undone(caller.deps.db, caller.user.id, last.id):
                raise ToolError("That change is being undone by another request; check get_calendar.")
            try:
                what = await _reverse(caller, last)
            except BaseException:
                await writes.release_undo(caller.deps.db, caller.user.id, last.id)
                raise
        text = f"Undone: {last.summary} ({what})."
        data = {"undone": {"tool": last.tool, "action": last.action, "summary": last.summary, "result": what}}
        return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)

    @mcp.tool(
        name="list_recent_writes",
        title="Recent changes made by icusync",
        description="The most recent changes icusync made to this athlete's Intervals.icu data, newest first.",
        annotations=READ_ONLY,
    )
    async def list_recent_writes(
        limit: Annotated[int, Field(ge=1, le=50, description="How many")] = 10,
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
            ]
            for w in recent
        ]
        columns = ["when_utc", "tool", "action", "target", "summary", "undone"]
        lines = [f"{r[0]} {r[4]}" + (" (undone)" if r[5] else "") for r in rows] or ["No changes yet."]
        return CallToolResult(
            content=[TextContent(type="text", text="\n".join(lines))],
            structured_content={"writes": {"columns": columns, "rows": rows}},
        )
