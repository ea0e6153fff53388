"""Routes: athlete and sport settings, activities, wellness, curves, summary (reference §3.1-3.4, §3.7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quart import Response, request

from icusync.demo.api import Api, arg_int, json_body
from icusync.demo.auth import Caller
from icusync.demo.curves import activity_power_curve, athlete_curves
from icusync.demo.dates import parse_day, parse_local
from icusync.demo.errors import ApiError, unprocessable
from icusync.demo.profiles import athlete_record, profile_record, sport_settings
from icusync.demo.store import AthleteData
from icusync.demo.summary import athlete_summary

_STRAVA_422 = "STRAVA activities are not available via the API"
_ACTIVITY_WRITABLE = {"name", "description", "type", "tags", "icu_rpe", "feel", "paired_event_id", "trainer",
                      "commute", "race", "external_id", "sub_type"}


def _is_stub(act: dict[str, Any]) -> bool:
    return act.get("source") == "STRAVA" and "moving_time" not in act


def _out(act: dict[str, Any], intervals: bool = False) -> dict[str, Any]:
    if _is_stub(act) or intervals:
        return act
    return {k: v for k, v in act.items() if k not in ("icu_intervals", "icu_groups")}


def _fields(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`fields=a,b`: only those keys, nulls dropped, as upstream does."""
    wanted = [f for f in (request.args.get("fields") or "").split(",") if f]
    if not wanted:
        return rows
    return [{k: row[k] for k in wanted if row.get(k) is not None} for row in rows]


def register(api: Api) -> None:
    # -- athlete and sport settings ---------------------------------------------------------------

    @api.route("/athlete/<aid>", ["GET"], "SETTINGS")
    async def get_athlete(data: AthleteData, caller: Caller) -> Any:
        return athlete_record(data.profile)

    @api.route("/athlete/<aid>/profile", ["GET"], "SETTINGS")
    async def get_profile(data: AthleteData, caller: Caller) -> Any:
        return profile_record(data.profile)

    @api.route("/athlete/<aid>/sport-settings", ["GET"], "SETTINGS")
    async def list_settings(data: AthleteData, caller: Caller) -> Any:
        return sport_settings(data.profile)

    @api.route("/athlete/<aid>/sport-settings/<sid>", ["GET"], "SETTINGS")
    async def get_settings(data: AthleteData, caller: Caller, sid: str) -> Any:
        for row in sport_settings(data.profile):
            if str(row["id"]) == sid or sid in row["types"]:
                return row
        raise ApiError(404, f"Sport settings {sid} not found")

    # -- activities -------------------------------------------------------------------------------

    @api.route("/athlete/<aid>/activities", ["GET"], "ACTIVITY")
    async def list_activities(data: AthleteData, caller: Caller) -> Any:
        oldest = request.args.get("oldest")
        if not oldest:
            raise unprocessable("oldest is required")
        lo = parse_local(oldest, "oldest")
        newest = request.args.get("newest")
        hi = parse_local(newest, "newest", end_of_day=True) if newest else dt.datetime.combine(data.today, dt.time.max)
        rows = [_out(a) for a in data.activities_between(lo, hi)]
        limit = arg_int("limit")
        return _fields(rows[:limit] if limit is not None else rows)

    @api.route("/athlete/<aid>/activities/search", ["GET"], "ACTIVITY")
    async def search_activities(data: AthleteData, caller: Caller) -> Any:
        q = (request.args.get("q") or "").strip()
        if not q:
            raise unprocessable("q is required")
        tag = q[1:] if q.startswith("#") else None
        out = []
        for act in reversed(data.activities):
            if _is_stub(act):
                continue
            hit = tag in (act.get("tags") or []) if tag is not None else q.lower() in (act.get("name") or "").lower()
            if hit:
                out.append({k: act.get(k) for k in ("id", "name", "start_date_local", "type", "race", "distance",
                                                     "moving_time", "tags", "description")})
        limit = arg_int("limit")
        return out[:limit] if limit is not None else out

    @api.route("/athlete/<aid>/activities/<ids>", ["GET"], "ACTIVITY")
    async def get_activities(data: AthleteData, caller: Caller, ids: str) -> Any:
        with_intervals = request.args.get("intervals") == "true"
        return [_out(data.by_id[i], with_intervals) for i in ids.split(",") if i in data.by_id]

    @api.route("/activity/<act_id>", ["GET"], "ACTIVITY", athlete=False)
    async def get_activity(caller: Caller, act_id: str) -> Any:
        _, act = api.find_activity(caller, act_id)
        return _out(act, request.args.get("intervals") == "true")

    @api.route("/activity/<act_id>", ["PUT"], "ACTIVITY", athlete=False)
    async def update_activity(caller: Caller, act_id: str) -> Any:
        _, act = api.find_activity(caller, act_id)
        if _is_stub(act):
            raise unprocessable(_STRAVA_422)
        body = await json_body()
        if not isinstance(body, dict):
            raise unprocessable("Expected a JSON object")
        if isinstance(body.get("name"), str) and len(body["name"]) > 80:
            raise unprocessable("Name is too long")
        act.update({k: v for k, v in body.items() if k in _ACTIVITY_WRITABLE})
        return _out(act)

    @api.route("/activity/<act_id>", ["DELETE"], "ACTIVITY", athlete=False)
    async def delete_activity(caller: Caller, act_id: str) -> Any:
        data, act = api.find_activity(caller, act_id)
        if _is_stub(act):
            raise unprocessable(_STRAVA_422)
        data.activities.remove(act)
        del data.by_id[act_id]
        return {"icu_athlete_id": data.profile.athlete_id, "id": act_id}

    @api.route("/activity/<act_id>/intervals", ["GET"], "ACTIVITY", athlete=False)
    async def get_intervals(caller: Caller, act_id: str) -> Any:
        _, act = api.find_activity(caller, act_id)
        if _is_stub(act):
            raise unprocessable(_STRAVA_422)
        return {"id": act_id, "analyzed": act["start_date"], "icu_intervals": act["icu_intervals"],
                "icu_groups": act["icu_groups"]}

    @api.route("/activity/<act_id>/power-curve", ["GET"], "ACTIVITY", ext=True, athlete=False)
    async def get_activity_power_curve(caller: Caller, act_id: str) -> Any:
        data, act = api.find_activity(caller, act_id)
        if _is_stub(act):
            raise unprocessable(_STRAVA_422)
        return activity_power_curve(data, act_id)

    # -- wellness ---------------------------------------------------------------------------------

    @api.route("/athlete/<aid>/wellness", ["GET"], "WELLNESS", ext=True)
    async def list_wellness(data: AthleteData, caller: Caller) -> Any:
        newest = parse_day(request.args["newest"], "newest") if request.args.get("newest") else data.today
        oldest = parse_day(request.args["oldest"], "oldest") if request.args.get("oldest") else dt.date.min
        rows = [w for day, w in sorted(data.wellness.items()) if oldest.isoformat() <= day <= newest.isoformat()]
        return _fields(rows)

    @api.route("/athlete/<aid>/wellness/<day>", ["GET"], "WELLNESS")
    async def get_wellness(data: AthleteData, caller: Caller, day: str) -> Any:
        return data.wellness_record(parse_day(day, "date").isoformat())

    @api.route("/athlete/<aid>/wellness/<day>", ["PUT"], "WELLNESS")
    async def put_wellness_day(data: AthleteData, caller: Caller, day: str) -> Any:
        body = await json_body()
        if not isinstance(body, dict):
            raise unprocessable("Expected a JSON object")
        return data.update_wellness(day, body)

    @api.route("/athlete/<aid>/wellness", ["PUT"], "WELLNESS")
    async def put_wellness(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise unprocessable("Expected a wellness record with id (YYYY-MM-DD)")
        return data.update_wellness(body["id"], body)

    @api.route("/athlete/<aid>/wellness-bulk", ["PUT"], "WELLNESS")
    async def put_wellness_bulk(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        if not isinstance(body, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in body):
            raise unprocessable("Expected a list of wellness records with id (YYYY-MM-DD)")
        snapshot = dict(data.wellness)
        try:
            for rec in body:
                data.update_wellness(rec["id"], rec)
        except ApiError:
            data.wellness.clear()
            data.wellness.update(snapshot)  # all or nothing
            raise
        return Response("", status=200)

    # -- curves and summary -----------------------------------------------------------------------

    @api.route("/athlete/<aid>/power-curves", ["GET"], "ACTIVITY", ext=True)
    async def power_curves(data: AthleteData, caller: Caller) -> Any:
        return athlete_curves(data, "power", dict(request.args))

    @api.route("/athlete/<aid>/pace-curves", ["GET"], "ACTIVITY", ext=True)
    async def pace_curves(data: AthleteData, caller: Caller) -> Any:
        return athlete_curves(data, "pace", {"type": "Run", **request.args})

    @api.route("/athlete/<aid>/hr-curves", ["GET"], "ACTIVITY", ext=True)
    async def hr_curves(data: AthleteData, caller: Caller) -> Any:
        return athlete_curves(data, "hr", dict(request.args))

    @api.route("/athlete/<aid>/athlete-summary", ["GET"], "ACTIVITY", ext=True)
    async def summary(data: AthleteData, caller: Caller) -> Any:
        return athlete_summary(data, dict(request.args))
