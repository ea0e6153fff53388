"""Bearer token checks for /mcp: who is calling, with which scopes, for which resource.

Two kinds of bearer secret reach /mcp: our OAuth access tokens (looked up by SHA-256,
refused once expired or revoked, audience = our MCP URL) and personal connector
secrets. A secret from the /u/<secret>/mcp path arrives marked (see asgi.py) and is
only ever looked up as a personal secret: an access token in a URL ends up in proxy
logs, so it is refused there. Anything else, an Intervals.icu token included, is
unknown: the SDK then answers 401 invalid_token.
"""

from __future__ import annotations

import time

from mcp.server.auth.provider import AccessToken

from icusync.crypto import token_hash
from icusync.oauth import scopes
from icusync.oauth.models import GrantAccessToken
from icusync.oauth.policy import ACCESS_PREFIX
from icusync.services.runtime import Runtime
from icusync.store import oauth as oauth_store
from icusync.store import users

PERSONAL_CLIENT_ID = "personal-url"
# Put before a secret taken from the /u/<secret>/mcp path; no token we issue contains a colon.
PERSONAL_URL_MARK = "personal-url:"
# How stale a grant's "last used" may get before a request writes it again.
TOUCH_EVERY_SECONDS = 600


class IcusyncTokenVerifier:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def verify_token(self, token: str) -> AccessToken | None:
        if token.startswith(PERSONAL_URL_MARK):
            return await self._personal_secret(token.removeprefix(PERSONAL_URL_MARK))
        if token.startswith(ACCESS_PREFIX):
            return await self._oauth_token(token)
        return await self._personal_secret(token)

    async def _oauth_token(self, token: str) -> AccessToken | None:
        deps = self._runtime.deps
        stored = await oauth_store.find_token(deps.db, token, "access")
        now = int(time.time())
        if stored is None or stored.revoked or stored.expires_at <= now:
            return None
        if stored.resource.rstrip("/") != deps.settings.mcp_url:
            return None
        if stored.grant_last_used_at is None or stored.grant_last_used_at < now - TOUCH_EVERY_SECONDS:
            await oauth_store.touch_grant(deps.db, stored.grant_id, now)
        return GrantAccessToken(
            token=token_hash(token),  # an identifier, not the secret: request state never holds the token
            client_id=stored.client_id,
            scopes=list(stored.scopes),
            expires_at=stored.expires_at,
            resource=stored.resource,
            subject=str(stored.user_id),
            grant_id=stored.grant_id,
        )

    async def _personal_secret(self, token: str) -> AccessToken | None:
        deps = self._runtime.deps
        found = await users.user_for_personal_secret(deps.db, token)
        if found is None:
            return None
        user, granted = found
        return GrantAccessToken(
            token="personal-url",  # the secret itself is not kept in request state
            client_id=PERSONAL_CLIENT_ID,
            scopes=[s for s in granted if s in (scopes.READ, scopes.WRITE)],
            resource=deps.settings.mcp_url,
            subject=str(user.id),
        )
