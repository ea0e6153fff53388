"""Who is calling a tool: the token's user, their Intervals.icu credential, their settings.

The MCP layer authenticates the bearer token; here we turn it into the athlete
a tool acts for, so tools never see tokens or secrets.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

from icusync.connector.toolkit.budget import CallBudget
from icusync.connector.toolkit.failures import EXPLAINED, explain
from icusync.crypto import SealError
from icusync.errors import CredentialRejected, UpstreamForbidden
from icusync.services.athlete import Caller
from icusync.services.runtime import Runtime
from icusync.store import users

log = logging.getLogger(__name__)


async def current_caller(runtime: Runtime, budget: CallBudget | None) -> Caller:
    token = get_access_token()
    if token is None or not (token.subject or "").isdigit():
        raise ToolError("This request carries no icusync sign-in; reconnect the connector.")
    user_id = int(token.subject or 0)
    if budget is not None:  # before any database or crypto work: a refused call costs next to nothing
        budget.spend(user_id)
    deps = runtime.deps
    try:
        account = await users.load_account(deps.db, deps.sealer, user_id)
    except SealError as exc:  # sealed with a key this instance no longer has
        raise ToolError(explain(exc, f"{deps.settings.public_url}/dashboard")) from exc
    if account is None:
        raise ToolError("This icusync account no longer exists; reconnect the connector to sign in again.")
    user, cred = account
    if cred is None:
        raise ToolError(
            "Your Intervals.icu account is not connected to icusync. "
            f"Connect it at {deps.settings.public_url}/dashboard, then try again."
        )
    return Caller(deps=deps, user=user, cred=cred, scopes=tuple(token.scopes), client_id=token.client_id)


@contextlib.asynccontextmanager
async def tool_call(runtime: Runtime, budget: CallBudget) -> AsyncIterator[Caller]:
    """Resolve the caller and turn every expected failure into a ToolError with a next step."""
    caller = await current_caller(runtime, budget)
    try:
        yield caller
    except EXPLAINED as exc:
        log.info("tool call for user %s failed: %s", caller.user.id, type(exc).__name__)
        if isinstance(exc, CredentialRejected) and not isinstance(exc, UpstreamForbidden):
            # A 401: the dashboard shows the connection as needing a reconnect.
            await users.mark_credential(caller.deps.db, caller.user.id, "rejected")
        raise ToolError(explain(exc, caller.dashboard_url)) from exc
