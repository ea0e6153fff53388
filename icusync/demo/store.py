"""One demo athlete's data in memory: generated history plus everything written since."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from icusync.demo import fitness
from icusync.demo.athlete_gen import History
from icusync.demo.dates import local_stamp
from icusync.demo.errors import ApiError, unprocessable
from icusync.demo.gear import GearShed
from icusync.demo.history import Stretch
from icusync.demo.profiles import Profile, zones_for
from icusync.demo.workout_text import parse_workout

CATEGORIES = {"WORKOUT", "RACE_A", "RACE_B", "RACE_C", "NOTE", "PLAN", "HOLIDAY", "SICK", "INJURED", "SET_EFTP",
              "FITNESS_DAYS", "SEASON_START", "TARGET", "SET_FITNESS"}
# EventEx fields a client may set; derived ones (workout_doc, ids, fitness) are the server's.
EVENT_WRITABLE = {"category", "start_date_local", "end_date_local", "name", "description", "type", "indoor",
                  "color", "tags", "external_id", "moving_time", "distance", "icu_training_load", "target",
                  "load_target", "time_target", "distance_target", "not_on_fitness_chart", "show_as_note",
                  "hide_from_athlete", "athlete_cannot_edit", "training_availability", "sub_type",
                  "carbs_per_hour", "uid", "atl_days", "ctl_days", "max_training_time", "for_week"}
WELLNESS_TYPES: dict[str, type | tuple[type, ...]] = {
    **{k: (int, float) for k in ("weight", "hrv", "hrvSDNN", "sleepScore", "bodyFat", "vo2max", "spO2",
                                   "respiration", "kcalConsumed", "carbohydrates", "protein", "fatTotal",
                                   "hydrationVolume", "bloodGlucose", "lactate", "abdomen", "baevskySI")},
    **{k: int for k in ("restingHR", "sleepSecs", "sleepQuality", "avgSleepingHR", "soreness", "fatigue",
                        "stress", "mood", "motivation", "injury", "readiness", "hydration", "steps", "systolic",
                        "diastolic", "menstrualPhase")},
    "comments": str, "locked": bool,
}
SUBJECTIVE_1_4 = ("soreness", "fatigue", "stress", "mood", "motivation", "injury", "sleepQuality", "hydration")


class AthleteData:
    def __init__(self, profile: Profile, today: dt.date, history: History, next_id: Callable[[], int],
                 now: Callable[[], dt.datetime]) -> None:
        self.profile = profile
        self.today = today
        self.activities = history.activities  # oldest first
        self.by_id = {a["id"]: a for a in history.activities}
        self.stretches: dict[str, list[Stretch]] = history.stretches
        self.peaks = history.peaks
        self.wellness = history.wellness
        self.events: dict[int, dict[str, Any]] = {}
        self.folders: dict[int, dict[str, Any]] = {}
        self.workouts: dict[int, dict[str, Any]] = {}
        self._next_id = next_id
        self._now = now
        self.cache: dict[tuple[str, str], Any] = {}  # per-activity best efforts, computed on first use
        self.messages: dict[str, list[dict[str, Any]]] = {}  # per activity, oldest first
        self._message_ids = iter(range(5_000_001, 10**9))
        self._uids = random.Random(f"uids:{profile.athlete_id}")  # deterministic event uids
        self.gear = GearShed(profile, self.activities, lambda: self._now(), lambda: self.today)

    def set_clock(self, now: Callable[[], dt.datetime]) -> None:
        self._now = now

    def set_profile(self, profile: Profile) -> None:
        """New thresholds: zones, targets and planned loads derive from the profile from now on."""
        self.profile = profile

    def add_message(self, activity_id: str, content: str) -> dict[str, Any]:
        """A comment on an activity, as `POST /activity/{id}/messages` stores it; returns `NewMsg`."""
        msg = {"id": next(self._message_ids), "athlete_id": self.profile.athlete_id, "name": self.profile.name,
               "created": self._now().isoformat(timespec="milliseconds"), "type": "TEXT", "content": content,
               "activity_id": activity_id, "start_index": None, "end_index": None, "answer": None,
               "attachment_url": None, "attachment_mime_type": None, "deleted": None, "join_group_id": None,
               "accept_coaching_group_id": None, "seen": True}
        self.messages.setdefault(activity_id, []).append(msg)
        return {"id": msg["id"], "new_chat": None}

    # -- activities -------------------------------------------------------------------------------

    def activities_between(self, oldest: dt.datetime, newest: dt.datetime) -> Iterator[dict[str, Any]]:
        """Newest first, as the list endpoint returns them."""
        lo, hi = oldest.isoformat(), newest.isoformat()
        for act in reversed(self.activities):
            if lo <= act["start_date_local"] <= hi:
                yield act

    # -- wellness ---------------------------------------------------------------------------------

    def wellness_record(self, day: str) -> dict[str, Any]:
        # A day with nothing recorded still answers, with only its id (most fields are null upstream).
        return self.wellness.get(day) or {"id": day}

    def update_wellness(self, day: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Change only the fields given (null means "not given", as upstream's DTO binding does)."""
        try:
            parsed = dt.date.fromisoformat(day)
        except ValueError:
            raise unprocessable(f"Invalid wellness id: {day!r}") from None
        changes: dict[str, Any] = {}
        for key, value in fields.items():
            if key not in WELLNESS_TYPES or value is None:
                continue  # read-only (ctl, atl, ...) and unknown fields are ignored
            want = WELLNESS_TYPES[key]
            if isinstance(value, bool) and want is not bool or not isinstance(value, want):
                raise unprocessable(f"Invalid value for {key}: {value!r}")
            if key in SUBJECTIVE_1_4 and not (isinstance(value, int) and 1 <= value <= 4):
                raise unprocessable(f"{key} must be between 1 and 4")
            changes[key] = value
        rec = dict(self.wellness_record(parsed.isoformat()))
        rec.update(changes)
        rec["updated"] = self._now().isoformat(timespec="milliseconds")
        self.wellness[parsed.isoformat()] = rec
        return rec

    # -- fitness projection -----------------------------------------------------------------------

    def fitness_on(self, day: dt.date) -> tuple[float | None, float | None]:
        """CTL/ATL at the end of `day`: recorded up to today, projected with planned loads after."""
        rec = self.wellness.get(day.isoformat())
        if day <= self.today:
            return (rec.get("ctl"), rec.get("atl")) if rec else (None, None)
        base = self.wellness.get(self.today.isoformat())
        if not base:
            return None, None
        planned: dict[dt.date, float] = {}
        for ev in self.events.values():
            if ev["category"] == "WORKOUT" and ev.get("icu_training_load"):
                d = dt.date.fromisoformat(ev["start_date_local"][:10])
                planned[d] = planned.get(d, 0) + ev["icu_training_load"]
        ctl, atl = base["ctl"], base["atl"]
        for k in range(1, (day - self.today).days + 1):
            ctl, atl = fitness.step(ctl, atl, planned.get(self.today + dt.timedelta(days=k), 0.0))
        return round(ctl, 5), round(atl, 5)

    # -- events -----------------------------------------------------------------------------------

    def event_out(self, ev: dict[str, Any]) -> dict[str, Any]:
        ctl, atl = self.fitness_on(dt.date.fromisoformat(ev["start_date_local"][:10]))
        return {**ev, "icu_ctl": ctl, "icu_atl": atl}

    def get_event(self, event_id: str) -> dict[str, Any]:
        ev = self.events.get(int(event_id)) if event_id.isdigit() else None
        if ev is None:
            raise ApiError(404, f"Event {event_id} not found")
        return ev

    def save_event(self, payload: Any, *, creator: str, client: int | None,
                   existing: dict[str, Any] | None = None) -> dict[str, Any]:
        """Create an event, or update `existing` with the fields given; derive the rest."""
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        given = {k: v for k, v in payload.items() if k in EVENT_WRITABLE}
        ev: dict[str, Any] = dict(existing) if existing else {
            "id": self._next_id(), "uid": str(uuid.UUID(int=self._uids.getrandbits(128), version=4)),
            "athlete_id": self.profile.athlete_id,
            "calendar_id": 1, "category": None, "start_date_local": None, "end_date_local": None, "name": None,
            "description": None, "type": None, "indoor": False, "color": None, "tags": None,
            "external_id": None, "moving_time": None, "distance": None, "icu_training_load": None,
            "icu_intensity": None, "workout_doc": None, "target": None, "load_target": None,
            "time_target": None, "distance_target": None, "not_on_fitness_chart": False, "show_as_note": False,
            "hide_from_athlete": False, "athlete_cannot_edit": False, "created_by_id": creator,
            "oauth_client_id": client, "icu_ftp": None, "joules": None,
        }
        ev.update(given)
        if ev["category"] not in CATEGORIES:
            raise unprocessable(f"Invalid category: {ev['category']!r}")
        if not isinstance(ev["start_date_local"], str):
            raise unprocessable("start_date_local is required")
        ev["start_date_local"] = local_stamp(ev["start_date_local"], "start_date_local")
        if ev["name"] is not None and (not isinstance(ev["name"], str) or len(ev["name"]) > 80):
            raise unprocessable("Name is too long" if isinstance(ev["name"], str) else "Invalid name")
        if ev["description"] is not None and not isinstance(ev["description"], str):
            raise unprocessable("Invalid description")
        self._derive(ev, given)
        ev["updated"] = self._now().isoformat(timespec="milliseconds")
        self.events[ev["id"]] = ev
        return ev

    def _derive(self, ev: dict[str, Any], given: dict[str, Any]) -> None:
        start = dt.datetime.fromisoformat(ev["start_date_local"])
        if ev["category"] == "WORKOUT" and ev["description"]:
            zones = zones_for(self.profile, ev["type"] or "Ride", bool(ev.get("indoor")))
            parsed = parse_workout(ev["description"], ev["type"] or "Ride", zones)
            ev["workout_doc"] = parsed["workout_doc"]
            if parsed["workout_doc"]["steps"]:  # structure wins over hand-set amounts (reference §3.5)
                ev.update({k: parsed[k] for k in ("moving_time", "distance", "icu_training_load", "icu_intensity")})
                ev["icu_ftp"] = zones.ftp
                if zones.ftp:
                    ev["joules"] = round(zones.ftp * parsed["icu_intensity"] / 100 * parsed["moving_time"])
        else:
            ev["workout_doc"] = None
        if "end_date_local" not in given or not isinstance(given.get("end_date_local"), str):
            if start.time() == dt.time.min:
                end = start + dt.timedelta(days=1)
            else:
                end = start + dt.timedelta(seconds=ev["moving_time"] or 0)
            ev["end_date_local"] = end.isoformat()
        else:
            ev["end_date_local"] = local_stamp(given["end_date_local"], "end_date_local")

    def events_between(self, oldest: dt.date, newest: dt.date, categories: set[str] | None) -> list[dict[str, Any]]:
        out = [ev for ev in self.events.values()
               if oldest.isoformat() <= ev["start_date_local"][:10] <= newest.isoformat()
               and (not categories or ev["category"] in categories)]
        return sorted(out, key=lambda e: (e["start_date_local"], e["id"]))

    def find_by_external_id(self, external_id: str, client: int | None) -> dict[str, Any] | None:
        """Upsert and bulk-delete match only the caller's own events: same OAuth app, or none for a key."""
        for ev in self.events.values():
            if ev.get("external_id") == external_id and ev.get("oauth_client_id") == client:
                return ev
        return None

    # -- workout library --------------------------------------------------------------------------

    def create_folder(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict) or not isinstance(payload.get("name"), str) or not payload["name"]:
            raise unprocessable("name is required")
        if len(payload["name"]) > 80:
            raise unprocessable("Name is too long")
        folder = {"id": self._next_id(), "athlete_id": self.profile.athlete_id,
                  "type": payload.get("type") if payload.get("type") in ("FOLDER", "PLAN") else "FOLDER",
                  "name": payload["name"], "description": payload.get("description"),
                  "start_date_local": payload.get("start_date_local"),
                  "duration_weeks": payload.get("duration_weeks"), "visibility": "PRIVATE"}
        self.folders[folder["id"]] = folder
        return self.folder_out(folder)

    def folder_out(self, folder: dict[str, Any]) -> dict[str, Any]:
        children = [w for w in self.workouts.values() if w["folder_id"] == folder["id"]]
        return {**folder, "children": children, "num_workouts": len(children)}

    def create_workout(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        name = payload.get("name")
        if not isinstance(name, str) or not name:
            raise unprocessable("name is required")
        if len(name) > 80:
            raise unprocessable("Name is too long")
        folder_id = payload.get("folder_id")
        if folder_id is not None and folder_id not in self.folders:
            raise unprocessable(f"Folder {folder_id} not found")
        sport = payload.get("type") or "Ride"
        wk: dict[str, Any] = {
            "id": self._next_id(), "athlete_id": self.profile.athlete_id, "folder_id": folder_id, "name": name,
            "description": payload.get("description"), "type": sport, "indoor": bool(payload.get("indoor")),
            "tags": payload.get("tags"), "target": payload.get("target"), "day": payload.get("day"),
            "moving_time": payload.get("moving_time"), "distance": payload.get("distance"),
            "icu_training_load": payload.get("icu_training_load"), "icu_intensity": None, "workout_doc": None,
            "updated": self._now().isoformat(timespec="milliseconds"),
        }
        self._parse_library_text(wk)
        self.workouts[wk["id"]] = wk
        return wk

    def _parse_library_text(self, wk: dict[str, Any]) -> None:
        """Derive the workout_doc and planned totals from the description, as the server does."""
        wk["workout_doc"] = None
        if isinstance(wk["description"], str) and wk["description"]:
            zones = zones_for(self.profile, wk["type"], bool(wk.get("indoor")))
            parsed = parse_workout(wk["description"], wk["type"], zones)
            wk["workout_doc"] = parsed["workout_doc"]
            if parsed["workout_doc"]["steps"]:
                wk.update({k: parsed[k] for k in ("moving_time", "distance", "icu_training_load", "icu_intensity")})

    def library_workout(self, workout_id: str) -> dict[str, Any]:
        wk = self.workouts.get(int(workout_id)) if workout_id.isdigit() else None
        if wk is None:
            raise ApiError(404, f"Workout {workout_id} not found")
        return wk

    def update_workout(self, workout_id: str, payload: Any) -> dict[str, Any]:
        """Change the fields given (WorkoutEx); a new description is parsed again."""
        wk = self.library_workout(workout_id)
        if not isinstance(payload, dict):
            raise unprocessable("Expected a JSON object")
        name = payload.get("name", wk["name"])
        if not isinstance(name, str) or not name:
            raise unprocessable("name is required")
        if len(name) > 80:
            raise unprocessable("Name is too long")
        folder_id = payload.get("folder_id", wk["folder_id"])
        if folder_id is not None and folder_id not in self.folders:
            raise unprocessable(f"Folder {folder_id} not found")
        for key in ("name", "description", "type", "indoor", "tags", "target", "day", "folder_id"):
            if key in payload:
                wk[key] = payload[key]
        if "description" in payload or "type" in payload:
            self._parse_library_text(wk)
        wk["updated"] = self._now().isoformat(timespec="milliseconds")
        return wk

    def delete_workout(self, workout_id: str) -> list[int]:
        wk = self.library_workout(workout_id)
        del self.workouts[wk["id"]]
        return [wk["id"]]
