"""The write history in the athlete's words: "Added workout 'Threshold 4x8' on Thu 3 Dec", not
`create_workouts` and `RACE_A`. Read from what each history row kept (its tool, action, before and after)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.dates import parse_upstream_date
from icusync.coach.plain import plain_day

CATEGORY_WORDS = {"WORKOUT": "workout", "RACE_A": "A race", "RACE_B": "B race", "RACE_C": "C race", "NOTE": "note"}
WELLNESS_WORDS = {"restingHR": "resting HR", "hrv": "HRV", "sleepSecs": "sleep", "avgSleepingHR": "sleeping HR",
                  "bodyFat": "body fat", "spO2": "SpO2", "kcalConsumed": "calories"}
_OLD_NAME = re.compile(r" of '(.*)'$")
_FOR_ATHLETE = re.compile(r" for [^()]+ \([^()]+\)$")  # "... for Jake Morales (i2)": the page says whose


@dataclass(frozen=True)
class ChangeWords:
    verb: str  # "Added", "Moved", ...
    what: str  # "workout 'Threshold 4x8' on Thu 3 Dec"

    @property
    def sentence(self) -> str:
        return f"{self.verb} {self.what}"

    @property
    def lower(self) -> str:
        """For the middle of a sentence: "undo the last change (added workout ...)"."""
        return f"{self.verb.lower()} {self.what}"


def _event(fields: Mapping[str, Any] | None, today: date) -> str:
    fields = fields or {}
    kind = CATEGORY_WORDS.get(str(fields.get("category") or "WORKOUT"), "calendar entry")
    name = fields.get("name")
    day = parse_upstream_date(fields.get("start_date_local"))
    text = f"{kind} '{name}'" if name else kind
    return f"{text} on {plain_day(day, today)}" if day else text


def change_words(
    tool: str, action: str, summary: str, before: Any, after: Any, target: str, today: date
) -> ChangeWords:
    """One history row (`store.writes.Write` fields) in plain words, dates as the athlete reads them."""
    if action == "library":
        name = (after or {}).get("name")
        return ChangeWords("Updated" if before else "Saved", f"workout '{name}' in the library")
    if tool == "log_wellness":
        day = parse_upstream_date(target)
        fields = ", ".join(WELLNESS_WORDS.get(k, k) for k in (after or {}))
        return ChangeWords("Logged", f"{fields} for {plain_day(day, today)}" if day else fields)
    if tool == "update_workout":
        return _moved(summary, before or {}, after or {}, today)
    if action == "delete":
        return ChangeWords("Deleted", _event(before, today))
    if action in ("create", "update") and isinstance(after, Mapping):
        return ChangeWords("Added" if action == "create" else "Updated", _event(after, today))
    summary = _FOR_ATHLETE.sub("", summary)
    if action == "activity":
        return ChangeWords("Feedback:", summary)
    # Thresholds, calendar changes in bulk and gear: their summaries start with the verb ("set ftp ...").
    verb, _, rest = summary.partition(" ")
    return ChangeWords(verb.capitalize(), rest) if rest else ChangeWords("Changed", summary)


def _moved(summary: str, before: Mapping[str, Any], after: Mapping[str, Any], today: date) -> ChangeWords:
    found = _OLD_NAME.search(summary)
    old = before.get("name") or (found.group(1) if found else None)
    what = f"workout '{old}'" if old else "a workout"
    bits = []
    day = parse_upstream_date(after.get("start_date_local"))
    if day is not None:
        bits.append(f"moved to {plain_day(day, today)}")
    if after.get("name"):
        bits.append(f"renamed '{after['name']}'")
    if "description" in after:
        bits.append("new steps")
    return ChangeWords("Changed", f"{what}: {', '.join(bits)}" if bits else what)
