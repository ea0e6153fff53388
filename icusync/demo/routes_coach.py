"""Routes a coach's week needs: the athletes a credential reaches, thresholds, the power model,
activity messages, copying events (reference §3.2, §3.3, §3.5, "Athletes a credential can reach")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quart import request

from icusync.demo.api import Api, arg_int, json_body
from icusync.demo.auth import Caller
from icusync.demo.errors import ApiError, unprocessable
from icusync.demo.profiles import athlete_record, sport_settings
from icusync.demo.settings_update import apply_settings, group_kind
from icusync.demo.store import AthleteData


def register(api: Api) -> None:
    @api.route("/athletes", ["GET"], "SETTINGS", athlete=False)
    async def list_athletes(caller: Caller) -> Any:
        """The caller, then each athlete they coach or follow, with the relationship."""
        reach = api.auth.reach.get(caller.athlete_id, {})
        out = []
        for athlete_id in [caller.athlete_id, *reach]:
            record = {k: v for k, v in athlete_record(api.data[athlete_id].profile).items() if k != "sportSettings"}
            level = reach.get(athlete_id)
            record.update(icu_permission=level, icu_coach=level == "WRITE", icu_tags=[], icu_notes=None)
            out.append(record)
        return out

    @api.route("/athlete/<aid>/sport-settings/<sid>", ["PUT"], "SETTINGS")
    async def update_settings(data: AthleteData, caller: Caller, sid: str) -> Any:
        if request.args.get("recalcHrZones") not in ("true", "false"):
            raise ApiError(400, "Required request parameter 'recalcHrZones' is not present")
        try:
            kind = group_kind(data.profile, sid)
        except LookupError:
            raise ApiError(404, f"Sport settings {sid} not found") from None
        data.set_profile(apply_settings(data.profile, kind, await json_body()))
        # HR zones follow LTHR and max HR here whatever recalcHrZones says: the demo keeps no custom zones.
        return next(row for row in sport_settings(data.profile) if str(row["id"]) == sid or sid in row["types"])

    @api.route("/athlete/<aid>/mmp-model", ["GET"], "ACTIVITY")
    async def mmp_model(data: AthleteData, caller: Caller) -> Any:
        if request.args.get("type") not in ("Ride", "VirtualRide"):
            raise unprocessable("type is required (a ride type)")
        p = data.profile
        return {"type": "FFT_CURVES", "criticalPower": round(p.ftp * 1.03), "wPrime": p.w_prime,
                "pMax": 4 * p.ftp, "inputPointIndexes": [], "ftp": p.ftp}

    @api.route("/activity/<act_id>/messages", ["GET"], "CHATS", athlete=False)
    async def list_messages(caller: Caller, act_id: str) -> Any:
        data, _ = api.find_activity(caller, act_id)
        since, limit = arg_int("sinceId") or 0, arg_int("limit")
        found = [m for m in data.messages.get(act_id, []) if m["id"] > since]
        return found[:limit] if limit is not None else found

    @api.route("/activity/<act_id>/messages", ["POST"], "CHATS", athlete=False)
    async def send_message(caller: Caller, act_id: str) -> Any:
        data, _ = api.find_activity(caller, act_id)
        body = await json_body()
        if not isinstance(body, dict) or not isinstance(body.get("content"), str) or not body["content"].strip():
            raise unprocessable("content is required")
        return data.add_message(act_id, body["content"])

    @api.route("/athlete/<aid>/duplicate-events", ["POST"], "CALENDAR")
    async def duplicate_events(data: AthleteData, caller: Caller) -> Any:
        body = await json_body()
        if not isinstance(body, dict) or not isinstance(body.get("eventIds"), list):
            raise unprocessable("eventIds is required")
        copies, weeks = body.get("numCopies") or 1, body.get("weeksBetween") or 1
        if not isinstance(copies, int) or not isinstance(weeks, int) or not 1 <= copies <= 52 or weeks < 1:
            raise unprocessable("numCopies must be 1-52 and weeksBetween at least 1")
        made = []
        for event_id in body["eventIds"]:
            original = data.get_event(str(event_id))
            for n in range(1, copies + 1):
                shifted = dt.datetime.fromisoformat(original["start_date_local"]) + dt.timedelta(weeks=weeks * n)
                fields = {k: original.get(k) for k in ("category", "type", "name", "description", "indoor")}
                fields["start_date_local"] = shifted.isoformat()
                made.append(data.event_out(data.save_event(fields, creator=caller.athlete_id,
                                                           client=caller.client_num)))
        return made
