"""Routes: an activity's streams (reference §3.2), generated once per activity and cached."""

from __future__ import annotations

from typing import Any

from quart import request

from icusync.demo.api import Api
from icusync.demo.auth import Caller
from icusync.demo.errors import unprocessable
from icusync.demo.routes_activity import _STRAVA_422, _is_stub
from icusync.demo.streams import StreamCache, Streams


def _stream(kind: str, data: list[Any]) -> dict[str, Any]:
    return {"type": kind, "name": None, "data": data, "valueTypeIsArray": False, "anomalies": None,
            "custom": False, "allNull": all(v is None for v in data)}


def select(streams: Streams, asked: list[str], defaults: bool) -> list[dict[str, Any]]:
    """The streams asked for, in that order, as upstream names them: `fixed_watts` (spikes removed;
    the demo has none) comes back as `watts`, and asking for `raw_watts` or for no types at all
    renames the watts stream `raw_watts`. Types the activity did not record are left out."""
    raw = not asked or "raw_watts" in asked
    wanted = list(dict.fromkeys([*asked, *(streams if defaults or not asked else ())]))
    out, seen = [], set()
    for kind in wanted:
        source = "watts" if kind in ("watts", "fixed_watts", "raw_watts") else kind
        name = "raw_watts" if source == "watts" and raw else source
        if source in streams and name not in seen:
            seen.add(name)
            out.append(_stream(name, streams[source]))
    return out


def register(api: Api) -> None:
    cache = StreamCache()

    @api.route("/activity/<act_id>/streams", ["GET"], "ACTIVITY", ext=True, athlete=False)
    async def get_streams(caller: Caller, act_id: str) -> Any:
        data, act = api.find_activity(caller, act_id)
        if _is_stub(act):
            raise unprocessable(_STRAVA_422)
        asked = [t.strip() for given in request.args.getlist("types") for t in given.split(",") if t.strip()]
        defaults = request.args.get("includeDefaults", "false").lower() == "true"
        return select(cache.get(act, data.stretches.get(act_id, [])), asked, defaults)
