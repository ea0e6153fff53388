"""Planned workouts on the calendar: create (or preview), update or move, delete."""

from __future__ import annotations

from datetime import date as _date
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult
from pydantic import BaseModel, Field

from icusync.coach.units import fmt_duration
from icusync.coach.workout.check import CheckedWorkout, check_workout
from icusync.connector.toolkit.kit import Output, ToolKit, reply
from icusync.connector.toolkit.writing import (
    CHANGE,
    EVENT_FIELDS,
    MAX_EVENTS_PER_CALL,
    UPSERT,
    created_by_icusync,
    event_day,
    external_id,
    ours_by_external_id,
    refuse_foreign,
    refuse_past_event,
    remember,
    require_write,
    write_day,
)
from icusync.errors import UpstreamNotFound

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


def _event_view(
    event: dict[str, Any] | None, checked: CheckedWorkout, sport: str, name: str, day: str
) -> dict[str, Any]:
    r = checked.resolved
    view: dict[str, Any] = {
        "id": None if event is None else event.get("id"),
        "date": day,
        "sport": sport,
        "name": name,
        "duration_s": r.duration_s,
        "distance_m": None if r.distance_m is None else round(r.distance_m),
        "estimated_load": r.load,
        "on_the_watch": list(r.summary),
        "text": checked.text,
    }
    if checked.warnings:
        view["warnings"] = list(checked.warnings)
    return {k: v for k, v in view.items() if v is not None}


def _line(view: dict[str, Any]) -> str:
    head = f"{view['date']} {view['sport']} '{view['name']}'" + (f" (event {view['id']})" if "id" in view else "")
    totals = [fmt_duration(view["duration_s"])]
    if "distance_m" in view:
        totals.append(f"{view['distance_m'] / 1000:.1f} km")
    if view.get("estimated_load") is not None:
        totals.append(f"load ~{view['estimated_load']}")
    lines = [f"{head}: {', '.join(totals)}", *("  " + s for s in view["on_the_watch"])]
    lines += ["  warning: " + w for w in view.get("warnings", [])]
    return "\n".join(lines)


def _reply(written: bool, views: list[dict[str, Any]], lead: str) -> CallToolResult:
    text = "\n".join([lead, *(_line(v) for v in views)])
    return reply(text, {"written": written, "events": views})


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
        async with kit.call() as caller:
            if not preview:
                require_write(caller)
            today = await caller.today()
            # Fresh settings: a new FTP or threshold pace applies to the very next workout.
            settings = await caller.settings(fresh=True)
            checked = []
            for i, spec in enumerate(workouts):
                day = write_day(spec.date, today, allow_past, f"workouts[{i}].date")
                checked.append((spec, day, check_workout(spec.workout, spec.sport, settings.sports, f"workouts[{i}]")))
            if preview:
                views = [_event_view(None, c, spec.sport, spec.name, day.isoformat()) for spec, day, c in checked]
                return _reply(False, views, "Preview only, nothing written. This is what would be on the watch:")
            payload: list[dict[str, Any]] = [
                {
                    "category": "WORKOUT",
                    "start_date_local": event_day(day),
                    "type": spec.sport,
                    "name": spec.name,
                    "description": c.text,
                    "indoor": spec.indoor,
                    "external_id": external_id(caller.user.id, f"workout:{spec.sport}", day, spec.name),
                }
                for spec, day, c in checked
            ]
            ids = [p["external_id"] for p in payload]
            if len(set(ids)) < len(ids):
                raise ToolError("workouts: two entries share the same date, sport and name; give each its own name.")
            before = await ours_by_external_id(caller, [day for _, day, _ in checked])
            # One bulk upsert: the upstream applies all of them or answers an error for the request.
            saved = {
                str(e.get("external_id")): e for e in await caller.deps.intervals.upsert_events(caller.cred, payload)
            }
            views = []
            for (spec, day, c), sent in zip(checked, payload, strict=True):
                event = saved.get(sent["external_id"], {})
                view = _event_view(event, c, spec.sport, spec.name, day.isoformat())
                views.append(view)
                old = before.get(sent["external_id"])
                await remember(
                    caller,
                    "create_workouts",
                    "update" if old else "create",
                    str(event.get("id")),
                    f"{'updated' if old else 'created'} {spec.sport} '{spec.name}' on {day.isoformat()}",
                    before=None if old is None else {k: old.get(k) for k in EVENT_FIELDS},
                    after={k: event.get(k) for k in EVENT_FIELDS},
                )
        return _reply(True, views, f"Written to the Intervals.icu calendar ({len(views)}):")

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
        if date is None and name is None and workout is None:
            raise ToolError("Nothing to change: give date, name and/or workout.")
        async with kit.call() as caller:
            require_write(caller)
            today = await caller.today()
            try:
                event = await caller.deps.intervals.get_event(caller.cred, event_id)
            except UpstreamNotFound as exc:
                raise ToolError(f"event_id: no calendar event {event_id}; get_calendar lists the ids.") from exc
            if event.get("category") != "WORKOUT":
                raise ToolError(f"event_id: event {event_id} is a {event.get('category')}, not a planned workout.")
            refuse_foreign(event, not_created_by_icusync, "changed")
            refuse_past_event(event, today, allow_past)
            sport = str(event.get("type") or "Ride")
            changes: dict[str, Any] = {}
            if date is not None:
                changes["start_date_local"] = event_day(write_day(date, today, allow_past))
            if name is not None:
                changes["name"] = name
            if created_by_icusync(event) and (date is not None or name is not None):
                # Keep the id in step with the new date and name, so create_workouts with those
                # later updates this event instead of adding a second one.
                new_day = _date.fromisoformat(changes.get("start_date_local", event["start_date_local"])[:10])
                changes["external_id"] = external_id(
                    caller.user.id, f"workout:{sport}", new_day, changes.get("name", event.get("name") or "")
                )
            checked = None
            if workout is not None:
                settings = await caller.settings(fresh=True)
                checked = check_workout(workout, sport, settings.sports)
                changes["description"] = checked.text
            saved = await caller.deps.intervals.update_event(caller.cred, event_id, changes)
            changed = ", ".join("date" if k == "start_date_local" else k for k in changes)
            await remember(
                caller,
                "update_workout",
                "update",
                str(event_id),
                f"changed {changed} of '{event.get('name')}'",
                before={k: event.get(k) for k in changes},
                after=changes,
            )
        day = str(saved.get("start_date_local", ""))[:10]
        if checked is None:
            text = f"Updated on the Intervals.icu calendar: {day} {sport} '{saved.get('name')}' (event {event_id})"
            view = {"id": event_id, "date": day, "sport": sport, "name": saved.get("name")}
            return reply(text, {"written": True, "events": [view]})
        view = _event_view(saved, checked, sport, str(saved.get("name")), day)
        return _reply(True, [view], "Updated on the Intervals.icu calendar:")
