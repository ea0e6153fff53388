"""Whether a person's Intervals.icu connection works, as of the latest call rather than a sticky flag.

A tool call that meets a 401 marks the credential rejected. A 401 can pass (an upstream
blip, a token refreshed at Intervals.icu), so before the dashboard asks someone to
reconnect it tries once more with a short deadline, and clears the mark if that works.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from icusync.crypto import SealError
from icusync.errors import CredentialRejected, UpstreamError
from icusync.services.runtime import Deps
from icusync.store import accounts, users
from icusync.store.accounts import CredentialSummary
from icusync.store.users import User

# A page waits for this at most; then it shows what it knew.
PROBE_SECONDS = 5.0


async def connection_status(deps: Deps, user: User) -> CredentialSummary | None:
    summary = await accounts.credential_summary(deps.db, user.id)
    if summary is None or summary.status == "ok":
        return summary
    try:
        cred = await users.load_credential(deps.db, deps.sealer, user)
        if cred is None:
            return None
        async with asyncio.timeout(PROBE_SECONDS):
            await deps.intervals.get_athlete(cred)
    except CredentialRejected:
        return summary  # still refused: reconnecting is the way out
    except (UpstreamError, SealError, TimeoutError):
        return summary  # cannot tell right now; keep what the last call said
    await users.mark_credential(deps.db, user.id, "ok")
    return replace(summary, status="ok")


async def mark_working(deps: Deps, user: User) -> None:
    """A call with the stored credential just went through: it works."""
    summary = await accounts.credential_summary(deps.db, user.id)
    if summary is not None and summary.status != "ok":
        await users.mark_credential(deps.db, user.id, "ok")
