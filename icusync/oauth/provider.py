"""The SDK's OAuthAuthorizationServerProvider, backed by SQLite (icusync.store.oauth).

The SDK's handlers do the protocol checks (PKCE S256, redirect URI equality, code
expiry, client authentication); this class owns what it leaves to us: the redirect
URI policy, the consent step, the audience (`resource`), single use, rotation and
family revocation.
"""

from __future__ import annotations

import json
import logging
import re
import time

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationParams,
    AuthorizeError,
    IdentityAssertionParams,
    RefreshToken,
    RegistrationError,
    TokenError,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

from icusync.crypto import SealError, new_token, token_hash
from icusync.oauth import policy
from icusync.oauth.guards import AUTHORIZE_ADDRESS
from icusync.oauth.models import GrantCode, GrantRefreshToken, RegisteredClient
from icusync.oauth.verifier import IcusyncTokenVerifier
from icusync.services.runtime import Runtime
from icusync.store import oauth as store
from icusync.store import oauth_pending
from icusync.store.sealing import client_secret_aad, refresh_successor_aad

log = logging.getLogger(__name__)

# An S256 challenge is the unpadded base64url of a SHA-256: exactly 43 characters.
S256_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")
GRANT_TYPES = {"authorization_code", "refresh_token"}


def consent_url(public_url: str, request_id: str) -> str:
    return f"{public_url.rstrip('/')}/oauth/consent?request={request_id}"


def _now() -> int:
    return int(time.time())


class IcusyncOAuthProvider:
    def __init__(self, runtime: Runtime, verifier: IcusyncTokenVerifier) -> None:
        self._runtime = runtime
        self._verifier = verifier

    # -- clients ------------------------------------------------------------------------

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        deps = self._runtime.deps
        stored = await store.get_client(deps.db, client_id)
        if stored is None:
            return None
        record = json.loads(stored.metadata)
        if stored.secret_sealed is not None:
            try:
                record["client_secret"] = deps.sealer.open(stored.secret_sealed, client_secret_aad(client_id))
            except SealError:
                # The key that sealed it is gone: to the client this is an unknown id, so it re-registers.
                log.warning("client %s has a secret this instance cannot open; treating it as unknown", client_id)
                return None
        return RegisteredClient.model_validate(record)

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        deps = self._runtime.deps
        if not set(client_info.grant_types) <= GRANT_TYPES:
            raise RegistrationError(
                "invalid_client_metadata", "grant_types may only be authorization_code and refresh_token"
            )
        if set(client_info.response_types) != {"code"}:
            raise RegistrationError("invalid_client_metadata", 'response_types must be ["code"]')
        for uri in client_info.redirect_uris or []:
            problem = policy.redirect_uri_problem(str(uri), deps.settings.redirect_allowlist)
            if problem:
                raise RegistrationError("invalid_redirect_uri", problem)
        # Generous and equal to what /authorize accepts: the person narrows it on the consent page.
        client_info.scope = " ".join(policy.ACCEPTED_SCOPES)
        now = _now()
        await store.prune(deps.db, now, policy.UNUSED_CLIENT_TTL, policy.REFRESH_REUSE_GRACE)
        secret = client_info.client_secret
        sealed = deps.sealer.seal(secret, client_secret_aad(client_info.client_id)) if secret else None
        await store.save_client(
            deps.db,
            client_info.client_id,
            client_info.client_name or "",
            client_info.model_dump_json(exclude={"client_secret"}, exclude_none=True),
            sealed,
            now,
        )

    # -- authorization ------------------------------------------------------------------

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        settings = self._runtime.settings
        if not S256_CHALLENGE.match(params.code_challenge):
            raise AuthorizeError(
                "invalid_request", "code_challenge must be an S256 challenge (43 base64url characters)"
            )
        resource = params.resource or settings.mcp_url
        if resource.rstrip("/") != settings.mcp_url:
            raise AuthorizeError("invalid_target", f"this server only issues tokens for {settings.mcp_url}")
        registered = (client.scope or "").split()
        wanted = params.scopes if params.scopes else [s for s in policy.DEFAULT_SCOPES if s in registered]
        request_id = new_token()
        pending = oauth_pending.Pending(
            client_id=client.client_id,
            redirect_uri=str(params.redirect_uri),
            redirect_uri_explicit=params.redirect_uri_provided_explicitly,
            code_challenge=params.code_challenge,
            scopes=tuple(dict.fromkeys(wanted)),
            resource=settings.mcp_url,
            state=params.state,
            expires_at=_now() + policy.CONSENT_TTL,
        )
        stored = await oauth_pending.save_pending(
            self._runtime.deps.db,
            request_id,
            pending,
            AUTHORIZE_ADDRESS.get(),
            now=_now(),
            per_address=policy.PENDING_PER_ADDRESS,
            total=policy.PENDING_TOTAL,
        )
        if not stored:
            raise AuthorizeError(
                "temporarily_unavailable", "too many sign-in requests are waiting for an answer; try again in minutes"
            )
        return consent_url(settings.public_url, request_id)

    async def load_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: str
    ) -> GrantCode | None:
        db = self._runtime.deps.db
        stored = await store.find_code(db, authorization_code)
        if stored is None or stored.client_id != client.client_id:
            return None
        if stored.used:
            # A replayed code: the tokens bought with it may be in the wrong hands (RFC 6749 §4.1.2).
            await store.revoke_grant(db, stored.grant_id, _now())
            return None
        return GrantCode(
            code=authorization_code,
            scopes=list(stored.scopes),
            expires_at=stored.expires_at,
            client_id=stored.client_id,
            code_challenge=stored.code_challenge,
            redirect_uri=stored.redirect_uri,  # type: ignore[arg-type]
            redirect_uri_provided_explicitly=stored.redirect_uri_explicit,
            resource=stored.resource,
            subject=str(stored.user_id),
            grant_id=stored.grant_id,
        )

    async def exchange_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: GrantCode
    ) -> OAuthToken:
        db = self._runtime.deps.db
        new, now = self._new_tokens(tuple(authorization_code.scopes)), _now()
        if not await store.redeem_code(db, authorization_code.code, new, now):
            # Lost a race with another use of the same code: treat it as a replay.
            await store.revoke_grant(db, authorization_code.grant_id, now)
            raise TokenError("invalid_grant", "authorization code was already used")
        return self._response(new)

    # -- refresh ------------------------------------------------------------------------

    async def load_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: str
    ) -> GrantRefreshToken | None:
        db = self._runtime.deps.db
        stored = await store.find_token(db, refresh_token, "refresh")
        if stored is None or stored.client_id != client.client_id or stored.revoked:
            return None
        now = _now()
        if stored.used and (stored.used_at or 0) < now - policy.REFRESH_REUSE_GRACE:
            # A rotated refresh token came back: one of the two holders is not the client.
            await store.revoke_grant(db, stored.grant_id, now)
            return None
        # Spent moments ago by this same client (parallel refreshes): the exchange answers with that pair.
        return GrantRefreshToken(
            token=refresh_token,
            client_id=stored.client_id,
            scopes=list(stored.scopes),
            expires_at=stored.expires_at,
            resource=stored.resource,
            subject=str(stored.user_id),
            grant_id=stored.grant_id,
        )

    async def exchange_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: GrantRefreshToken, scopes: list[str]
    ) -> OAuthToken:
        deps = self._runtime.deps
        new = self._new_tokens(tuple(scopes))
        response = self._response(new)
        aad = refresh_successor_aad(token_hash(refresh_token.token))
        sealed = deps.sealer.seal(response.model_dump_json(), aad)
        # Two refreshes racing with one token: the conditional UPDATE lets exactly one through, and
        # the other (same client, within the grace window) gets the same new pair rather than a
        # revoked family: a client refreshing from parallel requests stays connected (RFC 9700 §4.14.2).
        rotation = await store.rotate_refresh(
            deps.db, refresh_token.token, client.client_id, new, sealed, _now(), policy.REFRESH_REUSE_GRACE
        )
        if rotation.rotated:
            return response
        if rotation.earlier is not None:
            try:
                return OAuthToken.model_validate_json(deps.sealer.open(rotation.earlier, aad))
            except SealError:
                pass
        raise TokenError("invalid_grant", "refresh token was already used or revoked")

    # -- access tokens and revocation ---------------------------------------------------

    async def load_access_token(self, token: str) -> AccessToken | None:
        return await self._verifier.verify_token(token)

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        grant_id = getattr(token, "grant_id", None)
        if isinstance(grant_id, int):
            await store.revoke_grant(self._runtime.deps.db, grant_id, _now())

    async def exchange_identity_assertion(
        self, client: OAuthClientInformationFull, params: IdentityAssertionParams
    ) -> OAuthToken:
        raise TokenError("unsupported_grant_type", "this server does not accept identity assertions")

    # -- helpers ------------------------------------------------------------------------

    def _new_tokens(self, scopes: tuple[str, ...]) -> store.NewTokens:
        now = _now()
        return store.NewTokens(
            access=new_token(policy.ACCESS_PREFIX),
            access_expires_at=now + policy.ACCESS_TTL,
            access_scopes=scopes,
            refresh=new_token(policy.REFRESH_PREFIX),
            refresh_expires_at=now + policy.REFRESH_TTL,
        )

    @staticmethod
    def _response(new: store.NewTokens) -> OAuthToken:
        return OAuthToken(
            access_token=new.access,
            expires_in=policy.ACCESS_TTL,
            scope=" ".join(new.access_scopes),
            refresh_token=new.refresh,
        )
