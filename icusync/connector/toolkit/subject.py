"""Which athlete a tool call is about, on a connection that reaches several (a coach's).

For a connection whose Intervals.icu account reaches more than its owner, the tool
listing adds an optional `athlete` argument to every tool about one athlete's data. The
argument is taken off before the tool runs (`Asked`), the kit points the call's credential
at that athlete (`about`), and the reply's first line names whom it is about.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

from icusync.errors import InputError
from icusync.services.athlete import Caller
from icusync.services.roster import Reachable, choose, roster_of

ATHLETE_ARGUMENT: Final = "athlete"
ATHLETE_SCHEMA: Final[dict[str, Any]] = {"type": "string", "description": "name or id; default: yourself"}
# Tools about the connection rather than one athlete's data take no `athlete`.
NOT_ABOUT_ONE_ATHLETE: Final = frozenset({"undo_last_write", "list_recent_writes", "list_athletes"})
# Listed only for a connection that reaches several athletes.
ROSTER_TOOLS: Final = frozenset({"list_athletes"})


@dataclass
class Asked:
    """One tool call's `athlete` argument, and what the kit made of it."""

    text: str | None = None
    caller: Caller | None = None  # the signed-in user's own caller, set by the kit
    chosen: Reachable | None = None


ASKED: ContextVar[Asked | None] = ContextVar("icusync_asked_athlete", default=None)


async def about_subject(caller: Caller) -> Caller:
    """The caller pointed at the athlete the call names (the user's own data when none)."""
    asked = ASKED.get()
    if asked is None:
        return caller
    asked.caller = caller
    if asked.text is None:
        return caller
    try:
        chosen = choose(await roster_of(caller.deps, caller.user, caller.cred), asked.text)
    except InputError:  # perhaps an athlete added since the list was fetched
        chosen = choose(await roster_of(caller.deps, caller.user, caller.cred, fresh=True), asked.text)
    asked.chosen = chosen
    return caller if chosen.access == "own" else caller.about(chosen)


async def naming_line(asked: Asked) -> str | None:
    """"Athlete: Name (id)" when the connection reaches several athletes; None otherwise."""
    if asked.caller is None:
        return None
    own = asked.caller
    roster = await roster_of(own.deps, own.user, own.cred)
    if len(roster) < 2:
        return None
    return f"Athlete: {(asked.chosen or roster[0]).label}"


async def reaches_several(caller: Caller) -> bool:
    return len(await roster_of(caller.deps, caller.user, caller.cred)) > 1
