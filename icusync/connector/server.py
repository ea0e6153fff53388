"""The MCP server: built per app, mounted by the dispatcher at /mcp (stateless, JSON)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mcp.server.transport_security import TransportSecuritySettings

from icusync.connector.apps import build_apps
from icusync.connector.catalog import register_all
from icusync.connector.instructions import INSTRUCTIONS
from icusync.connector.surface import IcusyncServer
from icusync.oauth.provider import IcusyncOAuthProvider
from icusync.oauth.verifier import IcusyncTokenVerifier
from icusync.oauth.wiring import auth_settings, harden
from icusync.services.runtime import Runtime
from icusync.settings import Settings

# Tool arguments are small; a megabyte is far above any real call.
MAX_MCP_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Connector:
    mcp: IcusyncServer
    asgi: Any

    @contextlib.asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        async with self.mcp.session_manager.run():
            yield


def transport_security(settings: Settings) -> TransportSecuritySettings:
    """Only our own public host (and loopback when served locally) may reach /mcp."""
    public = urlsplit(settings.public_url)
    origin = f"{public.scheme}://{public.netloc}"
    hosts, origins = [public.netloc], [origin]
    if settings.is_loopback:
        hosts += ["127.0.0.1:*", "localhost:*", "[::1]:*"]
        origins += ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def build_connector(runtime: Runtime) -> Connector:
    settings = runtime.settings
    # Our own authorization server: the provider answers /authorize, /token, /register and
    # /revoke; its load_access_token is the verifier, so /mcp accepts OAuth tokens and
    # personal connector secrets alike (the SDK takes a provider or a verifier, not both).
    auth = auth_settings(settings)
    provider = IcusyncOAuthProvider(runtime, IcusyncTokenVerifier(runtime))
    mcp = IcusyncServer(
        name="icusync",
        title="icusync: Intervals.icu for your assistant",
        instructions=INSTRUCTIONS,
        version="0.1.0",
        auth_server_provider=provider,
        auth=auth,
        extensions=[build_apps()],  # MCP Apps: the charts some tools link in their _meta
    )
    register_all(mcp, runtime)
    asgi = mcp.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        transport_security=transport_security(settings),
        max_request_body_size=MAX_MCP_BODY_BYTES,
    )
    return Connector(mcp=mcp, asgi=harden(asgi, auth))
