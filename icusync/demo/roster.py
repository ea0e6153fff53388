"""Who can reach whom in the demo: a coach with two athletes, a follower, and a stranger.

Intervals.icu lets a credential read its owner's data and that of the athletes they coach
or follow; a coach (or an athlete granting WRITE) may change the calendar too, a follower
only reads (reference: "Athletes a credential can reach").
"""

from __future__ import annotations

from typing import Final

# By profile index (demo/profiles.py): the coach, the athletes coached, and who follows whom.
COACH: Final = 2
COACHED: Final = (0, 1)
FOLLOWS: Final = {4: 0}  # follower index → followed index, read access only


def relations(athlete_ids: list[str]) -> dict[str, dict[str, str]]:
    """Owner athlete id → {other athlete id: "WRITE" (coach) or "READ" (follower)}, for the
    profiles that exist."""
    reach: dict[str, dict[str, str]] = {}

    def grant(owner: int, other: int, level: str) -> None:
        if max(owner, other) < len(athlete_ids):
            reach.setdefault(athlete_ids[owner], {})[athlete_ids[other]] = level

    for athlete in COACHED:
        grant(COACH, athlete, "WRITE")
    for follower, followed in FOLLOWS.items():
        grant(follower, followed, "READ")
    return reach


def is_coach(reach: dict[str, dict[str, str]], owner: str, other: str) -> bool:
    return reach.get(owner, {}).get(other) == "WRITE"
