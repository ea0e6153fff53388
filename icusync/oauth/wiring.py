"""How the authorization server plugs into the MCP SDK's app (used by connector/server.py)."""

from __future__ import annotations

from typing import Any

from mcp.server.auth.routes import build_resource_metadata_url
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions

from icusync.oauth import policy, scopes
from icusync.oauth.guards import OAuthGuards
from icusync.oauth.metadata import metadata_routes
from icusync.ratelimit import RateLimiter
from icusync.settings import Settings


def auth_settings(settings: Settings) -> AuthSettings:
    return AuthSettings(
        issuer_url=settings.public_url.rstrip("/"),  # type: ignore[arg-type]
        resource_server_url=settings.mcp_url,  # type: ignore[arg-type]
        client_registration_options=ClientRegistrationOptions(
            enabled=True, valid_scopes=policy.ACCEPTED_SCOPES, default_scopes=policy.ACCEPTED_SCOPES
        ),
        revocation_options=RevocationOptions(enabled=True),
        # /mcp needs at least read; write tools check "write" themselves (connector/writing.require_write).
        required_scopes=[scopes.READ],
        validate_token_resource=True,
    )


def issuer(auth: AuthSettings) -> str:
    """The issuer exactly as the metadata spells it, for `iss` (RFC 9207 compares strings)."""
    return str(auth.issuer_url)


def harden(starlette_app: Any, auth: AuthSettings, limiter: RateLimiter | None = None) -> Any:
    """Put our discovery documents ahead of the SDK's and wrap the app in our guards."""
    starlette_app.router.routes[:0] = metadata_routes(auth)
    assert auth.resource_server_url is not None
    return OAuthGuards(
        starlette_app,
        issuer=issuer(auth),
        resource_metadata_url=str(build_resource_metadata_url(auth.resource_server_url)),
        limiter=limiter or RateLimiter(),
    )
