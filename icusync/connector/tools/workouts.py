"""Planned workouts on the calendar: create (or preview), and update or move."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from icusync.coach.render.writes import render_workouts
from icusync.connector.toolkit.kit import Output, ToolKit, result
from icusync.connector.toolkit.writing import CHANGE, UPSERT, require_write
from icusync.services import workout_writes
from icusync.services.workout_writes import WorkoutSpec
from icusync.services.writes import MAX_EVENTS_PER_CALL

Sport = Literal["Ride", "VirtualRide", "Run", "VirtualRun", "TrailRun", "Swim", "OpenWaterSwim"]
WORKOUT_HELP = (
    "Intervals.icu workout text: section lines (Warmup, Main Set 4x, Cooldown) and one step per line starting "
    "with '-': a duration (10m, 30s, 1h30m) or distance (400mtr, 2km), then a target: % FTP (95%), watts "
    "(250w), power zone (Z2); HR (75% HR, 95% LTHR, Z2 HR); pace (90% Pace, Z3 Pace, 4:30/km Pace); "
    "'ramp 50-75%'; cadence (90rpm); text before the duration is the cue. Blank line around repeat blocks."
)


class PlannedWorkout(BaseModel):
    date: str = Field(description="Local day: an ISO date (2026-12-03), 'today' or 'tomorrow'")
    sport: Sport = Field(description="Sport of the workout")
    name: str = Field(min_length=1, max_length=80, description="Title shown on the calendar and watch")
    workout: str = Field(min_length=1, max_length=4000, description=WORKOUT_HELP)
    indoor: bool = Field(default=False, description="Indoor session (trainer/treadmill)")


class WriteOutput(Output):
    written: bool = Field(description="false for a preview or when nothing changed")
    events: list[dict[str, Any]] = Field(description="per event: id, date, sport, name, duration, load, steps")



def register(mcp: MCPServer[Any], kit: ToolKit) -> None:
    @mcp.tool(
        name="create_workouts",
        title="Put structured workouts on the calendar",
        description=(
            "Create planned structured workouts on the athlete's Intervals.icu calendar (they sync to the watch). "
            f"Up to {MAX_EVENTS_PER_CALL} per call. Every workout is validated and resolved against the athlete's "
            "current zones first: if any is invalid, nothing is written and the reply says which line is wrong and "
            "why. The reply shows exactly what will be on the watch (e.g. '4 × 8m at 4:05–4:12/km'), duration, "
            "distance and estimated load. preview=true checks and shows without writing. Repeating a call with "
            "the same date, sport and name updates that workout instead of duplicating it. Past dates need "
            "allow_past=true."
        ),
        annotations=UPSERT,
    )
    async def create_workouts(
        workouts: Annotated[
            list[PlannedWorkout], Field(min_length=1, max_length=MAX_EVENTS_PER_CALL, description="The workouts")
        ],
        preview: Annotated[bool, Field(description="Check and show only; write nothing")] = False,
        allow_past: Annotated[bool, Field(description="Allow dates before today")] = False,
    ) -> Annotated[CallToolResult, WriteOutput]:
        specs = [WorkoutSpec(**w.model_dump()) for w in workouts]
        async with kit.call() as caller:
            if preview:
                views = await workout_writes.preview_workouts(caller, specs, allow_past)
                lead = "Preview only, nothing written. This is what would be on the watch:"
                return result(render_workouts(False, views, lead))
            require_write(caller)
            views = await workout_writes.create_workouts(caller, specs, allow_past)
        return result(render_workouts(True, views, f"Written to the Intervals.icu calendar ({len(views)}):"))

    @mcp.tool(
        name="update_workout",
        title="Change or move a planned workout",
        description=(
            "Change a planned workout on the calendar: move it to another date, rename it, or replace its steps "
            "(validated and resolved like create_workouts; an invalid text changes nothing). Takes the event id "
            "from get_calendar. Workouts icusync did not create (e.g. from a training plan) change only when the "
            "athlete named them: pass not_created_by_icusync=true. Past dates need allow_past=true."
        ),
        annotations=CHANGE,
    )
    async def update_workout(
        event_id: Annotated[int, Field(description="Event id from get_calendar")],
        date: Annotated[str | None, Field(description="New local day (ISO date, 'today', 'tomorrow')")] = None,
        name: Annotated[str | None, Field(max_length=80, description="New title")] = None,
        workout: Annotated[str | None, Field(max_length=4000, description="New steps. " + WORKOUT_HELP)] = None,
        allow_past: Annotated[
            bool, Field(description="Allow changing a past workout or moving one into the past")
        ] = False,
        not_created_by_icusync: Annotated[
            bool, Field(description="Confirm changing a workout icusync did not create (the athlete named it)")
        ] = False,
    ) -> Annotated[CallToolResult, WriteOutput]:
        async with kit.call() as caller:
            require_write(caller)
            view = await workout_writes.update_workout(
                caller,
                event_id,
                date=date,
                name=name,
                workout=workout,
                allow_past=allow_past,
                not_created_by_icusync=not_created_by_icusync,
            )
        return result(render_workouts(True, [view], "Updated on the Intervals.icu calendar:"))
