"""Structured workouts: onto the calendar or into the library (or a preview), and changing a planned one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from icusync.coach.render.writes import render_workouts
from icusync.connector.apps import WORKOUT, ui
from icusync.connector.toolkit.kit import Output, ToolKit, result, said_dates
from icusync.connector.toolkit.writing import CHANGE, UPSERT, require_write
from icusync.services import workout_writes
from icusync.services.workout_writes import WorkoutSpec
from icusync.services.writes import MAX_EVENTS_PER_CALL

Sport = Literal["Ride", "VirtualRide", "Run", "VirtualRun", "TrailRun", "Swim", "OpenWaterSwim"]


class PlannedWorkout(BaseModel):
    date: str | None = Field(None, description="not for the library")
    sport: Sport | None = None
    name: str | None = Field(None, min_length=1, max_length=80)
    workout: str | None = Field(None, min_length=1, max_length=4000, description="workout text")
    library_id: int | None = Field(None, description="instead of sport, name and workout")
    indoor: bool = False


class WriteOutput(Output):
    written: bool = Field(description="false for a preview")
    events: list[dict[str, Any]] = Field(description="per workout: id, date, sport, name, duration, load, steps")
    dates: str | None = Field(None, description="what the date phrases given became, with today's date")


def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="create_workouts",
        title="Put structured workouts on the calendar or in the library",
        description=(
            "Put structured workouts on the calendar (they sync to the watch) or in the library. All are checked "
            "first (one invalid writes nothing); the same date, sport and name updates, never duplicates."
        ),
        annotations=UPSERT,
        meta=ui(WORKOUT),
    )
    async def create_workouts(
        workouts: Annotated[list[PlannedWorkout], Field(min_length=1, max_length=MAX_EVENTS_PER_CALL)],
        preview: bool = False,
        allow_past: bool = False,
        to_library: bool = False,
        folder_id: Annotated[int | None, Field(description="library folder")] = None,
    ) -> Annotated[CallToolResult, WriteOutput]:
        specs = [WorkoutSpec(**w.model_dump()) for w in workouts]
        async with kit.call() as caller:
            if not preview:
                require_write(caller)
            today = await caller.today()
            if to_library:
                views = await workout_writes.save_to_library(caller, specs, folder_id, preview=preview)
            elif preview:
                views = await workout_writes.preview_workouts(caller, specs, allow_past)
            else:
                views = await workout_writes.create_workouts(caller, specs, allow_past)
            readings = [(spec.date, view.get("date")) for spec, view in zip(specs, views, strict=True)]
            dates = None if to_library else said_dates(today, readings)
        if preview:
            lead = "Preview only, nothing written. This is what would be on the watch:"
        else:
            lead = f"Written to {'the library' if to_library else 'the Intervals.icu calendar'} ({len(views)}):"
        return result(render_workouts(not preview, views, lead, dates))

    @mcp.tool(
        name="update_workout",
        title="Change or move a planned workout",
        description="Move, rename or re-write one planned workout on the calendar, by event id.",
        annotations=CHANGE,
    )
    async def update_workout(
        event_id: int,
        date: Annotated[str | None, Field(description="new date")] = None,
        name: Annotated[str | None, Field(max_length=80)] = None,
        workout: Annotated[str | None, Field(max_length=4000, description="new workout text")] = None,
        allow_past: bool = False,
        not_created_by_icusync: bool = False,
    ) -> Annotated[CallToolResult, WriteOutput]:
        async with kit.call() as caller:
            require_write(caller)
            today = await caller.today()
            view = await workout_writes.update_workout(
                caller,
                event_id,
                date=date,
                name=name,
                workout=workout,
                allow_past=allow_past,
                not_created_by_icusync=not_created_by_icusync,
            )
            dates = said_dates(today, [(date, view["date"])])
        return result(render_workouts(True, [view], "Updated on the Intervals.icu calendar:", dates))
