"""After the session: the athlete's RPE and feel, a new name, notes, a word to the coach, and which
planned workout the activity was.

The activity's fields change in one update (undo restores them); a message to the coach is
sent as a comment on the activity, which Intervals.icu cannot take back, and the reply says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.dates import day_label, parse_upstream_date
from icusync.coach.render.rendered import is_strava_stub
from icusync.errors import InputError, UpstreamNotFound
from icusync.services.athlete import Caller
from icusync.services.writes import in_flight, plan, planned_workout, settle

# Intervals.icu's scales: RPE 1-10 (Borg CR10); feel 1 strong, 2 good, 3 normal, 4 poor, 5 weak.
FEEL_WORDS = {1: "strong", 2: "good", 3: "normal", 4: "poor", 5: "weak"}
PAIRING_DAYS = 7  # a plan done a week early or late is still that plan; further apart it is a mistake


@dataclass(frozen=True)
class Feedback:
    name: str | None = None
    rpe: int | None = None
    feel: int | None = None
    notes: str | None = None
    message: str | None = None
    planned_event_id: int | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.name, self.rpe, self.feel, self.notes, self.message,
                                           self.planned_event_id))


async def give_feedback(caller: Caller, activity_id: str, feedback: Feedback) -> dict[str, Any]:
    """Apply the feedback; returns what changed, in words and as data."""
    if not feedback.given():
        raise InputError("Nothing to change: give name, rpe, feel, notes, message or planned_event_id.")
    try:
        activity = await caller.deps.intervals.get_activity(caller.cred, activity_id, intervals=False)
    except UpstreamNotFound as exc:
        raise InputError(f"activity_id: no activity {activity_id}; list_activities shows the ids.") from exc
    caller.require_theirs(activity, f"activity_id: {activity_id}")
    if is_strava_stub(activity):
        raise InputError(f"activity_id: {activity_id} came from Strava, and Intervals.icu does not let apps "
                         "change Strava imports; change it in Strava or sync the device to Intervals.icu.")
    fields: dict[str, Any] = {}
    said: list[str] = []
    if feedback.name is not None:
        fields["name"] = feedback.name
        said.append(f"renamed to '{feedback.name}'")
    if feedback.rpe is not None:
        fields["icu_rpe"] = feedback.rpe
        said.append(f"RPE {feedback.rpe}/10")
    if feedback.feel is not None:
        fields["feel"] = feedback.feel
        said.append(f"feel {feedback.feel} ({FEEL_WORDS[feedback.feel]})")
    if feedback.notes is not None:
        old = str(activity.get("description") or "").rstrip()
        fields["description"] = f"{old}\n\n{feedback.notes}" if old else feedback.notes
        said.append("notes added")
    if feedback.planned_event_id is not None:
        fields["paired_event_id"] = feedback.planned_event_id
        said.append(await _pairing(caller, activity, feedback.planned_event_id))
    title = str(activity.get("name") or activity_id)
    changed = [k for k in fields]
    write_id = await plan(
        caller, "update_activity", "activity", activity_id, f"{', '.join(said) or 'sent a message on'} '{title}'",
        before={k: activity.get(k) for k in changed}, after={**fields, "message": feedback.message},
    )
    async with in_flight(caller, [write_id]):
        if fields:
            await caller.deps.intervals.update_activity(caller.cred, activity_id, fields)
        if feedback.message is not None:
            await caller.deps.intervals.send_activity_message(caller.cred, activity_id, feedback.message)
    await settle(caller, write_id)
    if feedback.message is not None:
        # From the athlete it is a note to their coach; from a coach, a comment to the athlete.
        to = "the athlete" if caller.for_other else "the coach"
        said.append(f"message posted on the activity for {to} (a message cannot be taken back)")
    return {"activity_id": activity_id, "name": fields.get("name", title), "changed": said}


async def _pairing(caller: Caller, activity: dict[str, Any], event_id: int) -> str:
    """Check the planned workout exists and lies near the activity; say which it is."""
    event = await planned_workout(caller, event_id, "planned_event_id")
    planned = parse_upstream_date(event.get("start_date_local")) or date.min
    done = parse_upstream_date(activity.get("start_date_local")) or date.min
    if abs((planned - done).days) > PAIRING_DAYS:
        raise InputError(
            f"planned_event_id: '{event.get('name')}' is planned for {day_label(planned)}, but the activity was on "
            f"{day_label(done)}; a planned workout pairs with an activity at most {PAIRING_DAYS} days apart."
        )
    return f"paired with planned '{event.get('name')}' ({day_label(planned)})"
