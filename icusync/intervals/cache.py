"""Recent Intervals.icu answers, per athlete, for the follow-up questions of a conversation.

Entries are the raw JSON bytes of a GET (each hit is parsed afresh, so no caller can change what
another reads), keyed by the credential's fingerprint, the path and the query: a different key for
the same athlete never sees another's answer. How old an answer may be is the reader's choice
(`max_age`); a change icusync sends for an athlete drops that athlete's entries it may alter
(`touched_by`: a calendar change leaves the athlete record and the wellness as they were; a change
not known to be narrower drops them all), and an answer that was in flight across any change is not kept.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

# No reader asks for older answers than this; anything older is dropped when room is needed.
LONGEST_MAX_AGE = 300.0
# Bound on what the cache holds, in bytes of JSON.
MAX_BYTES = 8 * 1024 * 1024

Key = tuple[str, Hashable]  # (athlete id, what was asked)

# What a change may alter, by the part of the API it goes to (the segment after /athlete/{id}/, or
# "activity"): the families of reads to drop. A change to any other part drops all the athlete's reads.
# Wellness holds fitness and eFTP, which the athlete summary repeats; gear distances appear on activities.
TOUCHES: dict[str, frozenset[str]] = {
    "events": frozenset({"events"}),
    "wellness": frozenset({"wellness", "athlete-summary"}),
    "workouts": frozenset({"workouts", "folders"}),
    "gear": frozenset({"gear", "activities", "activity"}),
}


def family(path: str) -> str:
    """The part of the API a path belongs to: `/api/v1/athlete/i1/events/7` → "events", the athlete
    record itself → "", `/api/v1/activity/i9/streams` → "activity"."""
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[2] == "athlete":
        return parts[4] if len(parts) > 4 else ""
    return parts[2] if len(parts) > 2 else ""


def touched_by(path: str) -> Callable[[Hashable], bool] | None:
    """Which of an athlete's entries a change sent to `path` may alter (None: all of them)."""
    touched = TOUCHES.get(family(path))
    if touched is None:
        return None
    return lambda what: not isinstance(what, tuple) or family(str(what[1])) in touched


@dataclass(frozen=True)
class Entry:
    fetched_at: float
    body: bytes
    # What readers made of the body (by builder), kept as long as the body is: see IntervalsClient.get_athlete_as.
    built: dict[Callable[[Any], Any], Any] = field(default_factory=dict)


class ReadCache:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_bytes: int = MAX_BYTES) -> None:
        self.clock = clock
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Entry] = OrderedDict()  # oldest first
        self._asked: dict[str, dict[Hashable, None]] = {}  # per athlete, what their entries answer
        self._bytes = 0
        # Bumped by every change for an athlete: an answer fetched across a change is not stored.
        self._generation: dict[str, int] = {}

    def generation(self, athlete: str) -> int:
        return self._generation.get(athlete, 0)

    def get(self, key: Key, max_age: float) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None or self.clock() - entry.fetched_at > max_age:
            return None
        return entry.body

    def entry(self, key: Key) -> Entry | None:
        return self._entries.get(key)

    def find(self, athlete: str, wanted: Callable[[Hashable], bool], max_age: float) -> bytes | None:
        """An answer for the athlete, young enough, whose question satisfies `wanted` (e.g. a wider range)."""
        now = self.clock()
        for what in reversed(self._asked.get(athlete, {})):
            entry = self._entries[(athlete, what)]
            if now - entry.fetched_at <= max_age and wanted(what):
                return entry.body
        return None

    def put(self, key: Key, body: bytes, generation: int, fetched_at: float) -> None:
        """Keep `body` unless the athlete's data changed since the request began (`generation`)."""
        if generation != self.generation(key[0]) or len(body) > self.max_bytes // 8:
            return
        self._remove(key)
        self._entries[key] = Entry(fetched_at, body)
        self._asked.setdefault(key[0], {})[key[1]] = None
        self._bytes += len(body)
        self._trim()

    def drop(self, athlete: str, touched: Callable[[Hashable], bool] | None = None) -> None:
        """Forget an athlete's answers that a change may have altered (all of them unless `touched` says
        which): icusync changed their data, or their credential failed."""
        self._generation[athlete] = self.generation(athlete) + 1
        for what in list(self._asked.get(athlete, {})):
            if touched is None or touched(what):
                self._remove((athlete, what))

    def _remove(self, key: Key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry.body)
            asked = self._asked[key[0]]
            del asked[key[1]]
            if not asked:
                del self._asked[key[0]]

    def _trim(self) -> None:
        stale_before = self.clock() - LONGEST_MAX_AGE
        while self._entries:
            key, oldest = next(iter(self._entries.items()))
            if oldest.fetched_at >= stale_before and self._bytes <= self.max_bytes:
                break
            self._remove(key)

    def __len__(self) -> int:
        return len(self._entries)
