"""Routes: calendar events and the workout library (reference §3.5, §3.6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quart import request

from icusync.demo.api import Api, arg_int, json_body
from icusync.demo.auth import Caller
from icusync.demo.dates import parse_day
from icusync.demo.errors import ApiError, unprocessable
from icusync.demo.profiles import zones_for
from icusync.demo.store import AthleteData
from icusync.demo.workout_text import resolve_doc


def _resolved(data: AthleteData, ev: dict[str, Any]) -> dict[str, Any]:
    out = data.event_out(ev)
    if request.args.get("resolve") == "true" and out.get("workout_doc"):
        zones = zones_for(data.profile, out.get("type") or "Ride", bool(out.get("indoor")))
        out["workout_doc"] = resolve_doc(out["workout_doc"], zones)
    return out


def register(api: Api) -> None:
    @api.route("/athlete/<aid>/events", ["GET"], "CALENDAR", ext=True)
    async def list_events(data: AthleteData, caller: Caller) -> Any:
        # Defaults per reference §3.5: today in the athlete's timezone, and a 7-day inclusive window.
        oldest = parse_day(request.args["oldest"], "oldest") if request.args.get("oldest") else data.today
        newest = (parse_day(request.args["newest"], "newest") if request.args.get("newest")
                  else oldest + dt.timedelta(days=6))
        cats = {c.strip() for c in (request.args.get("category") or "").split(",") if c.strip()}
        rows = data.events_between(oldest, newest, cats or None)
        limit = arg_int("limit")
        return [_resolved(data, ev) for ev in (rows[:limit] if limit is not None else rows)]

    @api.route("/athlete/<aid>/events", ["POST"], "CALENDAR")
    async def create_event(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        existing = None
        if request.args.get("upsertOnUid") == "true" and isinstance(body, dict) and body.get("uid"):
            existing = next((e for e in data.events.values() if e["uid"] == body["uid"]), None)
        ev = data.save_event(body, creator=caller.athlete_id, client=caller.client_num, existing=existing)
        return data.event_out(ev)

    @api.route("/athlete/<aid>/events/bulk", ["POST"], "CALENDAR")
    async def bulk_events(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        if not isinstance(body, list):
            raise unprocessable("Expected a list of events")
        upsert = request.args.get("upsert") == "true"
        snapshot = dict(data.events)
        saved = []
        try:
            for item in body:
                existing = None
                if upsert and isinstance(item, dict) and isinstance(item.get("external_id"), str):
                    existing = data.find_by_external_id(item["external_id"], caller.client_num)
                saved.append(data.save_event(item, creator=caller.athlete_id, client=caller.client_num,
                                             existing=existing))
        except ApiError:
            data.events.clear()
            data.events.update(snapshot)  # all or nothing
            raise
        return [data.event_out(ev) for ev in saved]

    @api.route("/athlete/<aid>/events/bulk-delete", ["PUT"], "CALENDAR")
    async def bulk_delete(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        if not isinstance(body, list) or not all(isinstance(x, dict) for x in body):
            raise unprocessable("Expected a list of {id} or {external_id}")
        deleted = 0
        for doomed in body:
            ev = None
            if doomed.get("id") is not None:
                ev = data.events.get(doomed["id"]) if isinstance(doomed["id"], int) else None
            elif isinstance(doomed.get("external_id"), str):
                ev = data.find_by_external_id(doomed["external_id"], caller.client_num)
            if ev is not None:  # missing events are ignored
                del data.events[ev["id"]]
                deleted += 1
        return {"eventsDeleted": deleted}

    @api.route("/athlete/<aid>/events/<eid>", ["GET"], "CALENDAR")
    async def get_event(data: AthleteData, caller: Caller, eid: str) -> Any:
        return _resolved(data, data.get_event(eid))

    @api.route("/athlete/<aid>/events/<eid>", ["PUT"], "CALENDAR")
    async def update_event(data: AthleteData, caller: Caller, eid: str) -> Any:
        existing = data.get_event(eid)
        ev = data.save_event(await json_body(), creator=existing["created_by_id"],
                             client=existing["oauth_client_id"], existing=existing)
        return data.event_out(ev)

    @api.route("/athlete/<aid>/events/<eid>", ["DELETE"], "CALENDAR")
    async def delete_event(data: AthleteData, caller: Caller, eid: str) -> Any:
        ev = data.get_event(eid)
        del data.events[ev["id"]]
        return {}

    # -- workout library --------------------------------------------------------------------------

    @api.route("/athlete/<aid>/folders", ["GET"], "LIBRARY")
    async def list_folders(data: AthleteData, caller: Caller) -> Any:
        return [data.folder_out(f) for f in data.folders.values()]

    @api.route("/athlete/<aid>/folders", ["POST"], "LIBRARY")
    async def create_folder(data: AthleteData, caller: Caller) -> Any:
        return data.create_folder(await json_body())

    @api.route("/athlete/<aid>/workouts", ["GET"], "LIBRARY")
    async def list_workouts(data: AthleteData, caller: Caller) -> Any:
        return list(data.workouts.values())

    @api.route("/athlete/<aid>/workouts", ["POST"], "LIBRARY")
    async def create_workout(data: AthleteData, caller: Caller) -> Any:
        return data.create_workout(await json_body())

    @api.route("/athlete/<aid>/workouts/<wid>", ["GET"], "LIBRARY")
    async def show_workout(data: AthleteData, caller: Caller, wid: str) -> Any:
        return data.library_workout(wid)

    @api.route("/athlete/<aid>/workouts/<wid>", ["PUT"], "LIBRARY")
    async def update_workout(data: AthleteData, caller: Caller, wid: str) -> Any:
        return data.update_workout(wid, await json_body())

    @api.route("/athlete/<aid>/workouts/<wid>", ["DELETE"], "LIBRARY")
    async def delete_workout(data: AthleteData, caller: Caller, wid: str) -> Any:
        return data.delete_workout(wid)
