"""Who may create an account: the instance's sign-up policy, applied to new athletes only."""

from __future__ import annotations

from typing import Any

from icusync.errors import Forbidden
from icusync.services.runtime import Deps
from icusync.store import accounts, users
from icusync.store.users import User


class SignupRefused(Forbidden):
    code = "signup_refused"


def normalize_athlete_id(raw: str) -> str:
    """Intervals.icu shows ids as `i12345`; people often paste just the number."""
    value = raw.strip()
    return "i" + value if value.isdigit() else value


def profile(athlete: dict[str, Any]) -> tuple[str, str | None]:
    """The name and timezone we keep from an Intervals.icu athlete record."""
    name = athlete.get("name") or " ".join(str(athlete[k]) for k in ("firstname", "lastname") if athlete.get(k))
    timezone = athlete.get("timezone")
    return str(name or ""), str(timezone) if timezone else None


async def find_or_admit(deps: Deps, athlete_id: str, athlete: dict[str, Any], invite_code_hash: str | None) -> User:
    """Return the athlete's account, creating it if the sign-up policy admits them.

    Existing users always get in (and their name and timezone are refreshed);
    an invite is consumed only when it creates an account.
    """
    name, timezone = profile(athlete)
    existing = await users.get_user_by_athlete(deps.db, athlete_id)
    if existing is None:
        await _check_policy(deps, athlete_id, invite_code_hash)
    return await users.upsert_user(deps.db, athlete_id, name, timezone)


async def _check_policy(deps: Deps, athlete_id: str, invite_code_hash: str | None) -> None:
    policy = deps.settings.signup_policy
    if policy == "athletes" and athlete_id not in deps.settings.signup_athletes:
        raise SignupRefused(
            f"This icusync instance is limited to its members, and athlete {athlete_id} is not on its list. "
            "Ask the person who runs it to add you."
        )
    if policy == "invite":
        if not invite_code_hash:
            raise SignupRefused("This icusync instance is invite-only: enter your invite code to create an account.")
        if not await accounts.consume_invite_hash(deps.db, invite_code_hash, athlete_id):
            raise SignupRefused(
                "That invite code is not valid or has already been used. Check it, or ask for a new one."
            )
