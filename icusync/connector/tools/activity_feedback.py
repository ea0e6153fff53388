"""After the session: RPE and feel, a new name, notes, a message to the coach, the planned workout it was."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import CHANGE, require_write
from icusync.connector.tools.activities import ACTIVITY_ID
from icusync.services.activity_feedback import Feedback, give_feedback


class FeedbackOutput(Output):
    activity_id: str
    name: str
    changed: list[str] = Field(description="what changed, in words")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="update_activity",
        title="Feedback on a completed activity",
        description=(
            "After a session: log RPE (1-10) and feel (1 strong .. 5 weak), rename it, add notes, send the coach "
            "a message, or pair it with the planned workout it was (planned_event_id from get_calendar)."
        ),
        annotations=CHANGE,
    )
    async def update_activity(
        activity_id: Annotated[str, Field(pattern=ACTIVITY_ID)],
        rpe: Annotated[int | None, Field(ge=1, le=10)] = None,
        feel: Annotated[int | None, Field(ge=1, le=5)] = None,
        name: Annotated[str | None, Field(min_length=1, max_length=80)] = None,
        notes: Annotated[str | None, Field(max_length=2000, description="added to the description")] = None,
        message: Annotated[str | None, Field(max_length=2000, description="to the coach")] = None,
        planned_event_id: int | None = None,
    ) -> Annotated[CallToolResult, FeedbackOutput]:
        feedback = Feedback(name, rpe, feel, notes, message, planned_event_id)
        async with kit.call() as caller:
            require_write(caller)
            done = await give_feedback(caller, activity_id.strip(), feedback)
        text = f"Updated '{done['name']}' ({done['activity_id']}): " + "; ".join(done["changed"]) + "."
        return reply(text, done)
