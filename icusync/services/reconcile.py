"""Settling writes whose answer was lost: did Intervals.icu apply them after all?

A write that timed out or lost its connection is "uncertain" in the history. On the
athlete's next call (a read, a write or an undo) each one is looked up upstream, by its
`external_id` or its id, and compared with what was sent: the row becomes "done"
(with the upstream id) or "failed". A lookup that itself fails leaves the row for later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icusync.coach.dates import parse_upstream_date
from icusync.errors import UpstreamError, UpstreamNotFound
from icusync.intervals.client import IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from icusync.services import calendar_bulk, gear
from icusync.services.runtime import Deps
from icusync.store import writes
from icusync.store.writes import Write


def _holds(stored: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """Does the stored item carry every field that was sent? (Dates compared by day.)"""
    for key, value in sent.items():
        have = stored.get(key)
        if key.endswith("_date_local"):
            if parse_upstream_date(have) != parse_upstream_date(value):
                return False
        elif have != value:
            return False
    return True


async def _event_by_external_id(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> dict[str, Any] | None:
    day = parse_upstream_date((w.after or {}).get("start_date_local"))
    if day is None or not w.external_id:
        return None
    found = await api.list_events(cred, day, day)
    return next((e for e in found if e.get("external_id") == w.external_id), None)


async def _outcome(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> tuple[bool, str | None]:
    """(applied, the upstream id it has) for one unsettled write."""
    sent: dict[str, Any] = w.after if isinstance(w.after, dict) else {}
    if w.action == "delete":
        try:
            await api.get_event(cred, int(w.target))
        except UpstreamNotFound:
            return True, w.target
        return False, None
    if w.action == "wellness":
        day = w.target
        return _holds(await api.get_wellness(cred, day), sent), day
    if w.action == "activity":
        fields = {k: v for k, v in sent.items() if k != "message"}
        return _holds(await api.get_activity(cred, w.target, intervals=False), fields), w.target
    if w.action == "settings":
        rows = await api.list_sport_settings(cred)
        row = next((r for r in rows if str(r.get("id")) == w.target), {})
        return _holds(row, sent), w.target
    if w.action == "bulk":
        return await calendar_bulk.outcome(api, cred, w), w.target
    if w.action == "gear":
        return await gear.outcome(api, cred, w)
    if w.action == "library":
        for item in await api.list_workouts(cred):
            if item.get("name") == sent.get("name") and item.get("type") == sent.get("type"):
                return _holds(item, sent), str(item.get("id"))
        return False, None
    if w.external_id:  # created or upserted by a stable id
        event = await _event_by_external_id(api, cred, w)
        return (event is not None and _holds(event, sent)), None if event is None else str(event.get("id"))
    try:  # changed by event id
        return _holds(await api.get_event(cred, int(w.target)), sent), w.target
    except UpstreamNotFound:
        return False, None


async def reconcile(deps: Deps, user_id: int, cred: UpstreamCredential) -> int:
    """Settle what can be settled now, with the user's own credential (on a coached athlete's data
    for a change made there); returns how many writes were settled."""
    if user_id in deps.unsettled.quiet:
        return 0
    stamp = deps.unsettled.stamp(user_id)
    settled, unknown = 0, 0
    for w in await writes.unsettled(deps.db, user_id):
        try:
            applied, upstream_id = await _outcome(deps.intervals, cred.for_athlete(w.athlete_id or cred.athlete_id), w)
        except UpstreamError:
            unknown += 1
            continue  # still cannot tell: try again on a later call
        note = None if applied else "Intervals.icu did not apply this change"
        await writes.settle(
            deps.db, user_id, w.id, status="done" if applied else "failed", target=upstream_id or None, note=note
        )
        settled += 1
    if not unknown:
        deps.unsettled.found_none(user_id, stamp)
    return settled
