"""Two or more activities side by side: the same session across dates."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.render.comparison import render_comparison
from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, result
from icusync.connector.tools.activities import ACTIVITY_ID


class ComparisonOutput(Output):
    activities: list[dict[str, Any]] = Field(description="the activities, labelled A, B, C... in the order given")
    metrics: dict[str, Any] = Field(description="table: metric, a value per activity, and each delta against A")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="compare_activities",
        title="Compare activities side by side",
        description=(
            "Compare 2 to 6 activities side by side (e.g. the same interval session three months apart): time, "
            "distance, load, intensity, HR, power or pace, decoupling and efficiency, plus the average of their "
            "work intervals, with each value's difference from the first activity (A). Find ids with "
            "list_activities (a name search such as query='Threshold' finds repeats of a session)."
        ),
        annotations=READ_ONLY,
    )
    async def compare_activities(
        activity_ids: Annotated[
            list[Annotated[str, Field(pattern=ACTIVITY_ID)]],
            Field(min_length=2, max_length=6, description="Activity ids, the reference (A) first"),
        ],
    ) -> Annotated[CallToolResult, ComparisonOutput]:
        ids = [i.strip() for i in activity_ids if i.strip()]
        if len(set(ids)) < 2:
            raise ToolError("activity_ids: give at least two different activity ids, e.g. ['i101', 'i202']")
        async with kit.call() as caller:
            found = await caller.deps.intervals.get_activities(caller.cred, ids, intervals=True)
        by_id = {str(a.get("id")): a for a in found}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise ToolError(f"activity_ids: no activity {', '.join(missing)} for this athlete; see list_activities")
        return result(render_comparison([by_id[i] for i in ids]))
