"""Routes: gear, components and reminders (reference §3.8). The reference names no scope for gear;
it is part of the athlete's settings, so the SETTINGS area covers it."""

from __future__ import annotations

from typing import Any

from quart import Response, request

from icusync.demo.api import Api, arg_int, json_body
from icusync.demo.auth import Caller
from icusync.demo.store import AthleteData


def register(api: Api) -> None:
    @api.route("/athlete/<aid>/gear", ["GET"], "SETTINGS", ext=True)
    async def list_gear(data: AthleteData, caller: Caller) -> Any:
        return data.gear.listing()

    @api.route("/athlete/<aid>/gear", ["POST"], "SETTINGS")
    async def create_gear(data: AthleteData, caller: Caller) -> Any:
        return data.gear.out(data.gear.create(await json_body()))

    @api.route("/athlete/<aid>/gear/<gear_id>", ["PUT"], "SETTINGS")
    async def update_gear(data: AthleteData, caller: Caller, gear_id: str) -> Any:
        return data.gear.out(data.gear.update(gear_id, await json_body()))

    @api.route("/athlete/<aid>/gear/<gear_id>", ["DELETE"], "SETTINGS")
    async def delete_gear(data: AthleteData, caller: Caller, gear_id: str) -> Any:
        data.gear.delete(gear_id)
        return Response("", status=200)

    @api.route("/athlete/<aid>/gear/<gear_id>/calc", ["GET"], "SETTINGS")
    async def calc_gear(data: AthleteData, caller: Caller, gear_id: str) -> Any:
        return data.gear.stats(data.gear.get(gear_id))

    @api.route("/athlete/<aid>/gear/<gear_id>/reminder", ["POST"], "SETTINGS")
    async def create_gear_reminder(data: AthleteData, caller: Caller, gear_id: str) -> Any:
        data.gear.add_reminder(gear_id, await json_body())
        return data.gear.out(data.gear.get(gear_id))

    @api.route("/athlete/<aid>/gear/<gear_id>/reminder/<reminder_id>", ["PUT"], "SETTINGS")
    async def update_gear_reminder(data: AthleteData, caller: Caller, gear_id: str, reminder_id: str) -> Any:
        # `reset` and `snoozeDays` are marked required in the spec, a generator artifact (reference §0).
        reset = request.args.get("reset") == "true"
        gear = data.gear.update_reminder(gear_id, reminder_id, await json_body(), reset=reset,
                                         snooze_days=arg_int("snoozeDays") or 0)
        return data.gear.out(gear)

    @api.route("/athlete/<aid>/gear/<gear_id>/reminder/<reminder_id>", ["DELETE"], "SETTINGS")
    async def delete_gear_reminder(data: AthleteData, caller: Caller, gear_id: str, reminder_id: str) -> Any:
        return data.gear.out(data.gear.delete_reminder(gear_id, reminder_id))
