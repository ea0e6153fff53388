"""Our discovery documents, served ahead of the SDK's own.

The SDK publishes protected resource metadata with `scopes_supported = required_scopes`
(only "read"), which would make clients such as the SDK's own ask for read access alone;
ours lists read and write. It is served at the path-specific location (RFC 9728 §3.1)
and at the root alias some clients try first. The authorization server metadata adds
`authorization_response_iss_parameter_supported` (RFC 9207): every redirect back to a
client carries `iss` (see guards.py and consent.py).
"""

from __future__ import annotations

from mcp.server.auth.handlers.metadata import MetadataHandler, ProtectedResourceMetadataHandler
from mcp.server.auth.routes import build_metadata, build_resource_metadata_url, cors_middleware
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
from mcp.shared.auth import ProtectedResourceMetadata
from pydantic import AnyHttpUrl
from starlette.routing import Route

from icusync.oauth import scopes

RESOURCE_SCOPES = [scopes.READ, scopes.WRITE]
ROOT_RESOURCE_METADATA = "/.well-known/oauth-protected-resource"


def metadata_routes(auth: AuthSettings) -> list[Route]:
    resource = auth.resource_server_url
    if resource is None:
        raise ValueError("resource_server_url is required")
    server_meta = build_metadata(
        auth.issuer_url,
        auth.service_documentation_url,
        auth.client_registration_options or ClientRegistrationOptions(),
        auth.revocation_options or RevocationOptions(),
    )
    server_meta.authorization_response_iss_parameter_supported = True
    resource_meta = ProtectedResourceMetadata(
        resource=resource,
        authorization_servers=[auth.issuer_url],
        scopes_supported=RESOURCE_SCOPES,
        resource_name="icusync",
    )
    get = ["GET", "OPTIONS"]
    server_endpoint = cors_middleware(MetadataHandler(server_meta).handle, get)
    resource_endpoint = cors_middleware(ProtectedResourceMetadataHandler(resource_meta).handle, get)
    path_specific = AnyHttpUrl(str(build_resource_metadata_url(resource))).path or ROOT_RESOURCE_METADATA
    return [
        Route("/.well-known/oauth-authorization-server", endpoint=server_endpoint, methods=get),
        Route(path_specific, endpoint=resource_endpoint, methods=get),
        Route(ROOT_RESOURCE_METADATA, endpoint=resource_endpoint, methods=get),
    ]
