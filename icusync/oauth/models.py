"""Our flavours of the SDK's OAuth models: each remembers the grant (token family) it belongs to."""

from __future__ import annotations

from mcp.server.auth.provider import AccessToken, AuthorizationCode, RefreshToken
from mcp.shared.auth import InvalidRedirectUriError, OAuthClientInformationFull
from pydantic import AnyUrl

from icusync.oauth.policy import same_redirect


class RegisteredClient(OAuthClientInformationFull):
    """A registered client whose loopback redirect URIs match on any port (RFC 8252 §7.3)."""

    def validate_redirect_uri(self, redirect_uri: AnyUrl | None) -> AnyUrl:
        if redirect_uri is None:
            return super().validate_redirect_uri(None)
        if any(same_redirect(str(redirect_uri), str(r)) for r in self.redirect_uris or []):
            return redirect_uri
        raise InvalidRedirectUriError(f"Redirect URI '{redirect_uri}' is not registered for this client")


class GrantCode(AuthorizationCode):
    grant_id: int


class GrantRefreshToken(RefreshToken):
    grant_id: int


class GrantAccessToken(AccessToken):
    grant_id: int | None = None  # None for a personal connector URL
