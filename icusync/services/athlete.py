"""The athlete a use case acts for: their account, credential, grant and settings.

A face (an MCP tool call, a page) resolves who is calling and builds a `Caller`;
everything below works from it and never sees tokens or sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.dates import today_in
from icusync.coach.sport_settings import SportSettings
from icusync.intervals.credential import UpstreamCredential
from icusync.services.runtime import Deps
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
    deps: Deps
    user: User
    cred: UpstreamCredential
    scopes: tuple[str, ...]
    client_id: str

    @property
    def dashboard_url(self) -> str:
        return self.deps.settings.public_url + "/dashboard"

    async def settings(self, *, fresh: bool = False) -> AthleteSettings:
        """The athlete and sport settings: a minute old at most (the Intervals.icu port keeps them that long,
        built once and shared: not to be changed), or asked afresh (`fresh`: writes use today's FTP)."""
        intervals = self.deps.intervals
        if fresh:
            return await intervals.get_athlete_as(self.cred, AthleteSettings.from_athlete, max_age=0.0)
        return await intervals.get_athlete_as(self.cred, AthleteSettings.from_athlete)

    async def today(self) -> date:
        """Today in the athlete's timezone: the one stored at sign-in, else the athlete's settings."""
        tz = self.user.timezone
        if tz is None:
            tz = (await self.settings()).timezone
        return today_in(tz)
