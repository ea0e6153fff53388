"""Disconnecting Intervals.icu and deleting an account: one way, for the pages and the admin commands."""

from __future__ import annotations

from dataclasses import dataclass

from icusync.crypto import SealError
from icusync.errors import CredentialRejected, UpstreamError
from icusync.services.runtime import Deps
from icusync.store import oauth as oauth_store
from icusync.store import users
from icusync.store.users import User


@dataclass(frozen=True)
class Disconnected:
    withdrawn: bool  # icusync's OAuth grant was withdrawn at Intervals.icu just now
    message: str  # for the person: what happened, and what is left for them to do


async def disconnect_intervals(deps: Deps, user: User) -> Disconnected:
    """Withdraw icusync's OAuth grant upstream (when there is one), then forget the credential."""
    try:
        cred = await users.load_credential(deps.db, deps.sealer, user)
    except SealError:
        cred = None  # unreadable with our keys: nothing to withdraw upstream, only to delete
    message = "Intervals.icu is disconnected and your credential is deleted from icusync."
    withdrawn = False
    if cred is not None and cred.kind == "oauth":
        try:
            await deps.intervals.disconnect_app(cred)
            withdrawn = True
        except CredentialRejected:
            pass  # already withdrawn at Intervals.icu
        except UpstreamError:
            message += (
                " Intervals.icu could not be reached to withdraw access there: remove icusync under "
                "Intervals.icu → Settings → Connected apps."
            )
    elif cred is not None:
        message += " To retire the API key itself, regenerate it in Intervals.icu → Settings → Developer Settings."
    await users.delete_credential(deps.db, user.id)
    return Disconnected(withdrawn, message)


async def delete_account(deps: Deps, user: User) -> Disconnected:
    """Withdraw upstream access, revoke every MCP client, then delete the user and all their rows."""
    disconnected = await disconnect_intervals(deps, user)
    await oauth_store.revoke_all_for_user(deps.db, user.id)
    await users.delete_user(deps.db, user.id)  # cascades to every row of theirs
    deps.rosters.pop((user.id, user.athlete_id), None)
    return disconnected
