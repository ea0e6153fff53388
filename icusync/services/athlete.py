"""The athlete a use case acts for: their account, credential, grant and settings.

A face (an MCP tool call, a page) resolves who is calling and builds a `Caller`;
everything below works from it and never sees tokens or sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from icusync.coach.dates import today_in
from icusync.coach.sport_settings import SportSettings
from icusync.errors import InputError
from icusync.intervals.credential import UpstreamCredential
from icusync.services.roster import Reachable
from icusync.services.runtime import Deps
from icusync.store import users
from icusync.store.users import User


@dataclass(frozen=True)
class AthleteSettings:
    """The slice of `GET /athlete/{id}` the tools need, plus the sport settings."""

    athlete: dict[str, Any]
    raw_sports: tuple[dict[str, Any], ...]
    sports: tuple[SportSettings, ...]

    @classmethod
    def from_athlete(cls, athlete: dict[str, Any]) -> AthleteSettings:
        raw_sports = tuple(s for s in athlete.get("sportSettings") or [] if isinstance(s, dict))
        return cls(
            athlete={k: v for k, v in athlete.items() if k != "sportSettings"},
            raw_sports=raw_sports,
            sports=tuple(SportSettings.from_api(s) for s in raw_sports),
        )

    @property
    def timezone(self) -> str | None:
        tz = self.athlete.get("timezone")
        return tz if isinstance(tz, str) else None

    @property
    def form_as_percent(self) -> bool:
        return bool(self.athlete.get("icu_form_as_percent"))


@dataclass(frozen=True)
class Caller:
    """Who calls (`user`, their grant) and whose data the call is about (`subject`, reached with
    `cred`): the user themselves, or an athlete they coach or follow."""

    deps: Deps
    user: User
    cred: UpstreamCredential
    scopes: tuple[str, ...]
    client_id: str
    subject: Reachable | None = None  # None: the user's own data

    @property
    def dashboard_url(self) -> str:
        return self.deps.settings.public_url + "/dashboard"

    @property
    def for_other(self) -> bool:
        """The call is about another athlete than the user (a coach's athlete)."""
        return self.cred.athlete_id != self.user.athlete_id

    def about(self, subject: Reachable) -> Caller:
        """The same caller, acting on `subject`'s data with the user's own credential."""
        return replace(self, cred=self.cred.for_athlete(subject.athlete_id), subject=subject)

    def require_theirs(self, item: Mapping[str, Any], what: str) -> None:
        """An activity fetched by id belongs to the athlete the call is about: a coach's account can read
        another athlete's activity by id, but their zones, and any change, go with that athlete named."""
        owner = str(item.get("icu_athlete_id") or "")
        if owner and owner != self.cred.athlete_id:
            raise InputError(f"{what} is athlete {owner}'s, not this call's athlete: call again with "
                             f"athlete='{owner}'.")

    async def settings(self, *, fresh: bool = False) -> AthleteSettings:
        """The athlete and sport settings: a minute old at most (the Intervals.icu port keeps them that long,
        built once and shared: not to be changed), or asked afresh (`fresh`: writes use today's FTP)."""
        intervals = self.deps.intervals
        if fresh:
            return await intervals.get_athlete_as(self.cred, AthleteSettings.from_athlete, max_age=0.0)
        return await intervals.get_athlete_as(self.cred, AthleteSettings.from_athlete)

    async def today(self) -> date:
        """Today in the athlete's current timezone, from their Intervals.icu settings (an athlete who moves
        gets the new "today"); the one stored at sign-in when the settings have none. A changed timezone
        is stored too, so pages show local times in it."""
        tz = (await self.settings()).timezone
        if self.for_other:  # a coached athlete's today is theirs
            return today_in(tz or self.user.timezone)
        if tz and tz != self.user.timezone:
            await users.set_timezone(self.deps.db, self.user.id, tz)
        return today_in(tz or self.user.timezone)
