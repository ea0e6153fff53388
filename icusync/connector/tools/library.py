"""The workout library and training plans: what is in them, to put on the calendar with create_workouts."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.render.library import render_library
from icusync.connector.toolkit.kit import READ_ONLY, Output, ToolKit, result


class LibraryOutput(Output):
    folders: list[dict[str, Any]] = Field(description="folders and plans with their workouts")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="get_library",
        title="Workout library and plans",
        description=(
            "The athlete's saved workouts and training plans, by folder, with ids; put one on a day with "
            "create_workouts and library_id."
        ),
        annotations=READ_ONLY,
    )
    async def get_library(
        folder: Annotated[str | None, Field(description="only folders whose name has this")] = None,
    ) -> Annotated[CallToolResult, LibraryOutput]:
        async with kit.call() as caller:
            folders = await caller.deps.intervals.list_folders(caller.cred)
        return result(render_library(folders, folder))
