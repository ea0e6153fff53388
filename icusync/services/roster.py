"""The athletes a connection reaches: its owner, and those they coach or follow on Intervals.icu.

icusync never widens access: the list is what Intervals.icu returns for the user's own
credential (`GET /athletes`), and every request for another athlete goes out with that same
credential, so Intervals.icu decides again each time. A coach may change a coached athlete's
data; a follower only reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from icusync.errors import InputError, UpstreamError
from icusync.intervals.credential import UpstreamCredential
from icusync.services.runtime import Deps
from icusync.store import rosters
from icusync.store.users import User

ROSTER_TTL_SECONDS: Final = 900  # a new coached athlete shows up within a quarter of an hour
MAX_LISTED: Final = 200


@dataclass(frozen=True)
class Reachable:
    athlete_id: str
    name: str
    access: str  # "own", "coach" (may change their data) or "read" (a follower)

    @property
    def may_write(self) -> bool:
        return self.access in ("own", "coach")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.athlete_id})" if self.name else self.athlete_id


def own(user: User) -> Reachable:
    return Reachable(user.athlete_id, user.name, "own")


def _entries(user: User, listed: list[dict[str, Any]]) -> list[Reachable]:
    """The owner first, then the others Intervals.icu listed with a coach or read relationship."""
    out = [own(user)]
    for record in listed[:MAX_LISTED]:
        athlete_id = str(record.get("id") or "")
        if not athlete_id or athlete_id == user.athlete_id:
            continue
        permission = record.get("icu_permission")
        if record.get("icu_coach") or permission == "WRITE":
            access = "coach"
        elif permission == "READ":
            access = "read"
        else:
            continue  # NONE: listed, but nothing to read
        out.append(Reachable(athlete_id, str(record.get("name") or ""), access))
    return out


async def roster_of(deps: Deps, user: User, cred: UpstreamCredential, *, fresh: bool = False) -> list[Reachable]:
    """Who this user's credential reaches, from the stored list when recent; a failed refresh keeps
    the stored list (and the owner is always there)."""
    memo = (user.id, user.athlete_id)
    stored = deps.rosters.get(memo)
    if stored is None and (stored := await rosters.get(deps.db, user.id)) is not None:
        deps.rosters[memo] = stored
    if stored is not None and not fresh and time.time() - stored[0] < ROSTER_TTL_SECONDS:
        return _entries(user, stored[1])
    try:
        listed = await deps.intervals.list_athletes(cred)
    except UpstreamError:
        return _entries(user, stored[1] if stored else [])
    kept = [
        {k: r.get(k) for k in ("id", "name", "icu_permission", "icu_coach")}
        for r in listed
        if isinstance(r, dict)
    ]
    now = time.time()
    await rosters.put(deps.db, user.id, kept, now)
    deps.rosters[memo] = (now, kept)
    return _entries(user, kept)


def choose(roster: list[Reachable], asked: str) -> Reachable:
    """The athlete the call names, by id or by name (full, first, or a unique start of a name)."""
    text = " ".join(asked.split()).lower()
    if not text:
        raise InputError("athlete: give an athlete's name or id (list_athletes shows them).")
    by_id = [r for r in roster if r.athlete_id.lower() == text]
    if by_id:
        return by_id[0]
    matchers: list[Callable[[Reachable], bool]] = [
        lambda r: r.name.lower() == text,  # the full name
        lambda r: r.name.lower().split(" ")[0] == text,  # the first name
        lambda r: r.name.lower().startswith(text) or any(w.startswith(text) for w in r.name.lower().split()),
    ]
    for match in matchers:
        found = [r for r in roster if r.name and match(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(r.label for r in found)
            raise InputError(f"athlete: '{asked}' could be {names}; give the id.")
    reachable = ", ".join(r.label for r in roster)
    raise InputError(
        f"athlete: '{asked}' is not an athlete this connection can reach on Intervals.icu; it reaches {reachable}."
    )
