"""The dashboard's list of recent changes, in plain words and the athlete's local times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from icusync.coach.dates import today_in
from icusync.coach.plain import local_time
from icusync.coach.render.changes import ChangeWords, change_words
from icusync.store.writes import Write


@dataclass(frozen=True)
class Change:
    write: Write
    words: ChangeWords
    at: str  # "Wed 2 Dec, 14:05" in the athlete's timezone
    whose: str | None = None  # "for Jake Morales" (a coach's change) or "by Marieke Bakker, your coach"


def words_for(w: Write, tz: str | None) -> ChangeWords:
    return change_words(w.tool, w.action, w.summary, w.before, w.after, w.target, today_in(tz))


def _whose(w: Write, user_id: int, names: Mapping[str, str]) -> str | None:
    if w.user_id != user_id:
        return f"by {w.author}, your coach"
    if w.athlete_id:
        return f"for {names.get(w.athlete_id, w.athlete_id)}"
    return None


def history_context(
    recent: list[Write], tz: str | None, user_id: int, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """`changes` for the list, and `undoable`: the change "Undo the last change" reverses, as the undo
    service picks it (the user's newest one not undone that happened or may have). `names`: athlete
    names by id, for changes a coach made to another athlete's data."""
    changes = [Change(w, words_for(w, tz), local_time(w.at, tz), _whose(w, user_id, names or {})) for w in recent]
    undoable = next(
        (c.words for c in changes
         if c.write.user_id == user_id and c.write.undone_at is None and c.write.status in ("done", "uncertain")),
        None,
    )
    return {"changes": changes, "undoable": undoable}
