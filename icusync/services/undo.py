"""Reversing the newest change icusync made upstream for a user (tool and dashboard alike).

Undo is itself safe to repeat: a deleted event comes back through an upsert keyed on a
stable `external_id`, so an undo whose answer was lost and is tried again restores one
event, not two. Writes whose outcome is still unknown are settled first.
"""

from __future__ import annotations

from datetime import date

from icusync.errors import InputError, UpstreamNotFound
from icusync.intervals.client import IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from icusync.services import calendar_bulk, gear
from icusync.services.reconcile import reconcile
from icusync.services.runtime import Deps
from icusync.services.writes import EXTERNAL_PREFIX
from icusync.store import writes
from icusync.store.writes import Write

# Fields a re-created event may carry (the history's event fields but the id, which the upstream assigns).
RECREATE_FIELDS = ("start_date_local", "category", "type", "name", "description", "external_id", "indoor")


class NothingToUndo(InputError):
    pass


def restore_id(w: Write) -> str:
    """The external_id a deleted event comes back with: its own when icusync made it, else one per
    deletion, so repeating the undo finds and updates the copy it made."""
    own = str((w.before or {}).get("external_id") or "")
    return own if own.startswith(EXTERNAL_PREFIX) else f"{EXTERNAL_PREFIX}restored-{w.id}"


async def _reverse(api: IntervalsClient, cred: UpstreamCredential, w: Write) -> str:
    if w.action == "create":
        if not w.target and w.external_id:  # written, but its id was not read back: found by icusync's id
            gone = await api.bulk_delete_events(cred, [{"external_id": w.external_id}])
            return "deleted it from the calendar" if gone else "it was already gone from the calendar"
        try:
            await api.delete_event(cred, int(w.target))
        except UpstreamNotFound:
            return "it was already gone from the calendar"
        return "deleted it from the calendar"
    if w.action == "update":
        await api.update_event(cred, int(w.target), w.before or {})
        return "restored the previous values"
    if w.action == "delete":
        before = w.before or {}
        event = {k: before[k] for k in RECREATE_FIELDS if before.get(k) is not None}
        event["external_id"] = restore_id(w)
        made = (await api.upsert_events(cred, [event]))[0]
        return f"re-created it as event {made.get('id')}"
    if w.action == "activity":
        await api.update_activity(cred, w.target, w.before or {})
        sent = (w.after or {}).get("message")
        return "restored the activity" + ("; the message to the coach stays (it cannot be unsent)" if sent else "")
    if w.action == "settings":
        await api.update_sport_settings(cred, int(w.target), w.before or {})
        return "restored the previous thresholds"
    if w.action == "bulk":
        return await calendar_bulk.reverse(api, cred, w)
    if w.action == "gear":
        return await gear.reverse(api, cred, w)
    if w.action == "library" and w.before is not None:
        await api.update_workout(cred, int(w.target), w.before)
        return "restored the previous library workout"
    if w.action == "library":
        try:
            await api.delete_workout(cred, int(w.target))
        except UpstreamNotFound:
            return "it was already gone from the library"
        return "deleted it from the library"
    # action "wellness": Intervals.icu ignores empty values in an update, so a field that was
    # empty before cannot be emptied again from here; say so rather than claim a full restore.
    before = w.before or {}
    kept = [k for k, v in before.items() if v is None]
    await api.update_wellness(cred, date.fromisoformat(w.target), {k: v for k, v in before.items() if v is not None})
    if kept:
        return (
            f"restored the previous values; {', '.join(kept)} had no value before and must be cleared in Intervals.icu"
        )
    return "restored the previous wellness values"


async def undo_last(deps: Deps, user_id: int, cred: UpstreamCredential) -> tuple[Write, str]:
    """Undo the user's newest change not yet undone (on whichever athlete's data it was made), with
    their own credential; returns it and what was done upstream."""
    await reconcile(deps, user_id, cred)
    last = await writes.last_active(deps.db, user_id)
    if last is None:
        raise NothingToUndo("There is no change by icusync left to undo for this athlete.")
    if last.status != "done":
        raise InputError(
            f"icusync cannot tell yet whether '{last.summary}' reached Intervals.icu (its answer was lost), so it "
            "cannot be undone safely. Try again in a minute."
        )
    # Claim it first, so two undo requests at once cannot reverse the same change twice.
    if not await writes.mark_undone(deps.db, user_id, last.id):
        raise NothingToUndo("That change is already being undone by another request.")
    try:
        what = await _reverse(deps.intervals, cred.for_athlete(last.athlete_id or cred.athlete_id), last)
    except BaseException:
        await writes.release_undo(deps.db, user_id, last.id)
        raise
    return last, what
