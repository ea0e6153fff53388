"""The sweeper: expired rows go away on a schedule, not only when a similar row is written.

Consent requests, authorization codes, tokens, sign-in states and browser sessions all
expire; without a sweep a quiet instance would keep every one of them (and sealed
successor token pairs past their grace window) for ever.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from icusync.services.runtime import Deps
from icusync.store import accounts, sessions
from icusync.store import oauth as oauth_store

log = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 600


@dataclass(frozen=True)
class Lifetimes:
    """How long the authorization server keeps what it alone decides on (see oauth/policy.py)."""

    unused_client: int
    refresh_reuse_grace: int


async def sweep(deps: Deps, lifetimes: Lifetimes, now: int | None = None) -> None:
    moment = int(time.time()) if now is None else now
    await oauth_store.prune(deps.db, moment, lifetimes.unused_client, lifetimes.refresh_reuse_grace)
    await accounts.prune_signin_states(deps.db, moment)
    await sessions.prune_sessions(deps.db, moment)


async def sweep_logged(deps: Deps, lifetimes: Lifetimes) -> None:
    """A sweep whose failure is logged, not raised: serving goes on, and the next sweep tries again."""
    try:
        await sweep(deps, lifetimes)
    except Exception:
        log.exception("sweeping expired rows failed; the next sweep tries again")


async def run_sweeper(deps: Deps, lifetimes: Lifetimes, every: float = SWEEP_EVERY_SECONDS) -> None:
    """Sweep every `every` seconds until cancelled (the lifespan sweeps once at start itself)."""
    while True:
        await asyncio.sleep(every)
        await sweep_logged(deps, lifetimes)
