"""Saving a workout to the athlete's library, for later use on any day."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.render.writes import render_library_save
from icusync.connector.toolkit.kit import Output, ToolKit, result
from icusync.connector.toolkit.writing import APPEND, require_write
from icusync.connector.tools.workouts import WORKOUT_HELP, Sport
from icusync.services import workout_writes


class LibraryOutput(Output):
    written: bool
    workout: dict[str, Any] = Field(description="id, name, sport, duration_s, estimated_load, on_the_watch")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="save_workout_to_library",
        title="Save a workout to the library",
        description=(
            "Save a structured workout to the athlete's Intervals.icu workout library (not on a date), validated "
            "and resolved against the current zones like create_workouts. Each call adds a new library entry."
        ),
        annotations=APPEND,
    )
    async def save_workout_to_library(
        name: Annotated[str, Field(min_length=1, max_length=80, description="Title in the library")],
        sport: Annotated[Sport, Field(description="Sport of the workout")],
        workout: Annotated[str, Field(min_length=1, max_length=4000, description=WORKOUT_HELP)],
        folder_id: Annotated[int | None, Field(description="Library folder id (optional)")] = None,
    ) -> Annotated[CallToolResult, LibraryOutput]:
        async with kit.call() as caller:
            require_write(caller)
            view = await workout_writes.save_to_library(caller, name, sport, workout, folder_id)
        return result(render_library_save(view))
