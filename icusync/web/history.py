"""The dashboard's list of recent changes, in plain words and the athlete's local times."""

from __future__ import annotations

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


def words_for(w: Write, tz: str | None) -> ChangeWords:
    return change_words(w.tool, w.action, w.summary, w.before, w.after, w.target, today_in(tz))


def history_context(recent: list[Write], tz: str | None) -> dict[str, Any]:
    """`changes` for the list, and `undoable`: the change "Undo the last change" reverses, as the undo
    service picks it (the newest one not undone that happened or may have)."""
    changes = [Change(w, words_for(w, tz), local_time(w.at, tz)) for w in recent]
    undoable = next((c.words for c in changes if c.write.undone_at is None and c.write.status in ("done", "uncertain")),
                    None)
    return {"changes": changes, "undoable": undoable}
