"""Who is calling a tool: the token's user, their Intervals.icu credential, their settings.

The MCP layer authenticates the bearer token; here we turn it into the athlete
a tool acts for, so tools never see tokens or secrets.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

from icusync.coach.dates import today_in
from icusync.coach.sport_settings import SportSettings
from icusync.connector.toolkit.failures import EXPLAINED, explain
from icusync.crypto import SealError
from icusync.errors import CredentialRejected, UpstreamForbidden
from icusync.intervals.credential import UpstreamCredential
from icusync.services.runtime import Deps, Runtime
from icusync.store import users
from icusync.store.users import User

SETTINGS_TTL_SECONDS = 300.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AthleteSettings:
    """The slice of `GET /athlete/{id}` the tools need, plus the sport settings."""

    athlete: dict[str, Any]
    raw_sports: tuple[dict[str, Any], ...]
    sports: tuple[SportSettings, ...]

    @property
    def timezone(self) -> str | None:
        tz = self.athlete.get("timezone")
        return tz if isinstance(tz, str) else None

    @property
    def form_as_percent(self) -> bool:
        return bool(self.athlete.get("icu_form_as_percent"))


@dataclass
class SettingsCache:
    """Athlete settings per user for a few minutes: most tool calls need the timezone or zones."""

    ttl: float = SETTINGS_TTL_SECONDS
    _entries: dict[int, tuple[float, AthleteSettings]] = field(default_factory=dict)

    def get(self, user_id: int) -> AthleteSettings | None:
        hit = self._entries.get(user_id)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, user_id: int, value: AthleteSettings) -> None:
        self._entries[user_id] = (time.monotonic() + self.ttl, value)

    def drop(self, user_id: int) -> None:
        self._entries.pop(user_id, None)


@dataclass(frozen=True)
class Caller:
    deps: Deps
    user: User
    cred: UpstreamCredential
    scopes: tuple[str, ...]
    client_id: str
    cache: SettingsCache

    @property
    def dashboard_url(self) -> str:
        return self.deps.settings.public_url + "/dashboard"

    async def settings(self, *, fresh: bool = False) -> AthleteSettings:
        """The athlete and sport settings; `fresh` skips the cache (writes use today's FTP)."""
        cached = None if fresh else self.cache.get(self.user.id)
        if cached is not None:
            return cached
        athlete = await self.deps.intervals.get_athlete(self.cred)
        raw_sports = tuple(s for s in athlete.get("sportSettings") or [] if isinstance(s, dict))
        value = AthleteSettings(
            athlete={k: v for k, v in athlete.items() if k != "sportSettings"},
            raw_sports=raw_sports,
            sports=tuple(SportSettings.from_api(s) for s in raw_sports),
        )
        self.cache.put(self.user.id, value)
        return value

    async def today(self) -> date:
        """Today in the athlete's timezone: the one stored at sign-in, else the athlete's settings."""
        tz = self.user.timezone
        if tz is None:
            tz = (await self.settings()).timezone
        return today_in(tz)


async def current_caller(runtime: Runtime, cache: SettingsCache) -> Caller:
    token = get_access_token()
    if token is None or not (token.subject or "").isdigit():
        raise ToolError("This request carries no icusync sign-in; reconnect the connector.")
    deps = runtime.deps
    user = await users.get_user(deps.db, int(token.subject or 0))
    if user is None:
        raise ToolError("This icusync account no longer exists; reconnect the connector to sign in again.")
    try:
        cred = await users.load_credential(deps.db, deps.sealer, user)
    except SealError as exc:  # sealed with a key this instance no longer has
        raise ToolError(explain(exc, f"{deps.settings.public_url}/dashboard")) from exc
    if cred is None:
        raise ToolError(
            "Your Intervals.icu account is not connected to icusync. "
            f"Connect it at {deps.settings.public_url}/dashboard, then try again."
        )
    return Caller(deps=deps, user=user, cred=cred, scopes=tuple(token.scopes), client_id=token.client_id, cache=cache)


@contextlib.asynccontextmanager
async def tool_call(runtime: Runtime, cache: SettingsCache) -> AsyncIterator[Caller]:
    """Resolve the caller and turn every expected failure into a ToolError with a next step."""
    caller = await current_caller(runtime, cache)
    try:
        yield caller
    except EXPLAINED as exc:
        log.info("tool call for user %s failed: %s", caller.user.id, type(exc).__name__)
        if isinstance(exc, CredentialRejected) and not isinstance(exc, UpstreamForbidden):
            # A 401: the dashboard shows the connection as needing a reconnect.
            await users.mark_credential(caller.deps.db, caller.user.id, "rejected")
            cache.drop(caller.user.id)
        raise ToolError(explain(exc, caller.dashboard_url)) from exc
