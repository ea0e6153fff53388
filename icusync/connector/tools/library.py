"""Saving a workout to the athlete's library, for later use on any day."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from icusync.coach.workout.check import check_workout
from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import APPEND, remember, require_write
from icusync.connector.tools.workouts import WORKOUT_HELP, Sport


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
            settings = await caller.settings(fresh=True)
            checked = check_workout(workout, sport, settings.sports)
            body: dict[str, Any] = {"name": name, "type": sport, "description": checked.text}
            if folder_id is not None:
                body["folder_id"] = folder_id
            saved = await caller.deps.intervals.create_workout(caller.cred, body)
            await remember(
                caller,
                "save_workout_to_library",
                "library",
                str(saved.get("id")),
                f"saved {sport} '{name}' to the library",
                after=body,
            )
        r = checked.resolved
        view = {
            "id": saved.get("id"),
            "name": name,
            "sport": sport,
            "duration_s": r.duration_s,
            "estimated_load": r.load,
            "on_the_watch": list(r.summary),
        }
        text = "\n".join([f"Saved to the library: {sport} '{name}' (workout {saved.get('id')})", *r.summary])
        return reply(text, {"written": True, "workout": view})
