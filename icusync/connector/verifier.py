"""Bearer token checks for /mcp: who is calling, with which scopes, for which resource."""

from __future__ import annotations

from mcp.server.auth.provider import AccessToken

from icusync import scopes
from icusync.runtime import Runtime
from icusync.store import users

PERSONAL_CLIENT_ID = "personal-url"


class IcusyncTokenVerifier:
    """Accepts personal connector secrets (rewritten from /mcp/u/<secret>) and, once issued, OAuth tokens."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def verify_token(self, token: str) -> AccessToken | None:
        deps = self._runtime.deps
        user = await users.user_for_personal_secret(deps.db, token)
        if user is None:
            return None
        return AccessToken(
            token="personal-url",  # the secret itself is not kept in request state
            client_id=PERSONAL_CLIENT_ID,
            scopes=[scopes.READ, scopes.WRITE],
            resource=deps.settings.mcp_url,
            subject=str(user.id),
        )
