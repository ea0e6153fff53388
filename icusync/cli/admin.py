"""Admin commands for whoever runs an instance: list users, invite, revoke, delete, rotate the key.

Each function opens the same resources the server does (from the same Settings),
does one job and returns plain data for the CLI to print.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from icusync.errors import ConfigError
from icusync.services.account_removal import delete_account
from icusync.services.runtime import Deps, Runtime
from icusync.settings import Settings
from icusync.store import accounts, sealing, sessions, users
from icusync.store import oauth as oauth_store


@contextlib.asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[Deps]:
    runtime = Runtime(settings)
    deps = await runtime.open()
    try:
        yield deps
    finally:
        await runtime.close()


@dataclass(frozen=True)
class UserRow:
    athlete_id: str
    name: str
    created_at: int
    credential: str  # "oauth ok", "api_key rejected", "none"
    clients: int
    personal_url: bool


async def list_users(settings: Settings) -> list[UserRow]:
    async with opened(settings) as deps:
        creds = await accounts.credential_summaries(deps.db)
        rows = []
        for user in await users.list_users(deps.db):
            cred = creds.get(user.id)
            rows.append(
                UserRow(
                    athlete_id=user.athlete_id,
                    name=user.name,
                    created_at=user.created_at,
                    credential=f"{cred.kind} {cred.status}" if cred else "none",
                    clients=len(await oauth_store.list_user_clients(deps.db, user.id)),
                    personal_url=await users.has_personal_url(deps.db, user.id),
                )
            )
    return rows


async def create_invites(settings: Settings, count: int) -> list[str]:
    if not 1 <= count <= 1000:
        raise ConfigError("--count must be between 1 and 1000")
    async with opened(settings) as deps:
        return await accounts.create_invites(deps.db, count)


async def _user(deps: Deps, athlete_id: str) -> users.User:
    user = await users.get_user_by_athlete(deps.db, athlete_id)
    if user is None:
        raise ConfigError(f"no user with athlete id {athlete_id}; `icusync users` lists them")
    return user


async def revoke_clients(settings: Settings, athlete_id: str) -> int:
    """Disconnect every MCP client of one athlete, the personal connector URL included, and end
    their signed-in browser sessions; return how many OAuth tokens stopped working."""
    async with opened(settings) as deps:
        user = await _user(deps, athlete_id)
        await users.clear_personal_url(deps.db, user.id)
        await sessions.end_all_sessions(deps.db, user.id)
        return await oauth_store.revoke_all_for_user(deps.db, user.id)


async def delete_user(settings: Settings, athlete_id: str) -> bool:
    """Delete an athlete's account and every row of theirs (their Intervals.icu data is untouched).

    Returns True when icusync's OAuth grant was also withdrawn at Intervals.icu.
    """
    async with opened(settings) as deps:
        user = await _user(deps, athlete_id)
        return (await delete_account(deps, user)).withdrawn


async def rotate_key(settings: Settings) -> int:
    """Re-seal every credential with the current (first) key; return how many changed."""
    async with opened(settings) as deps:
        return await sealing.reseal_all(deps.db, deps.sealer)
