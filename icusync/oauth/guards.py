"""Checks around the SDK's OAuth and MCP routes that the SDK does not make itself.

- POST /register is rate limited per client address (a burst, then a steady trickle): 429
  with Retry-After. Behind a proxy the address is whatever the server layer puts in the
  ASGI scope (Hypercorn's ProxyFixMiddleware, if configured).
- /mcp refuses a token in the query string (RFC 6750 §2.3; MCP forbids it): 401.
- /mcp without any bearer token gets a challenge without an error code (RFC 6750 §3.1: the
  SDK's says invalid_token, which is for a token that was sent and failed).
- Error redirects from /authorize get `iss` (RFC 9207), which the SDK leaves out.
"""

from __future__ import annotations

import contextvars
import json
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from icusync.ratelimit import RateLimiter

Scope = Any
Receive = Any
Send = Any
ASGIApp = Callable[..., Any]

# The address an /authorize request came from (after any trusted proxy), for the provider.
AUTHORIZE_ADDRESS: contextvars.ContextVar[str] = contextvars.ContextVar("authorize_address", default="unknown")


async def _send_json(send: Send, status: int, body: dict[str, str], headers: list[tuple[bytes, bytes]]) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def _sent_bearer(scope: Scope) -> bool:
    auth = next((v for k, v in scope.get("headers", []) if k.lower() == b"authorization"), b"")
    return auth[:7].lower() == b"bearer " and bool(auth[7:].strip())


def with_issuer(location: str, issuer: str) -> str:
    """Add `iss` to an error redirect that lacks it."""
    parts = urlsplit(location)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = {k for k, _ in query}
    if "error" not in names or "iss" in names:
        return location
    return urlunsplit(parts._replace(query=urlencode([*query, ("iss", issuer)])))


class OAuthGuards:
    def __init__(self, app: ASGIApp, *, issuer: str, resource_metadata_url: str, limiter: RateLimiter) -> None:
        self._app = app
        self._issuer = issuer
        self._metadata_url = resource_metadata_url
        self._limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path == "/register" and scope.get("method") == "POST":
            client = scope.get("client") or ("unknown", 0)
            wait = self._limiter.wait_for(str(client[0]))
            if wait > 0:
                retry = str(math.ceil(wait)).encode()
                body = {"error": "too_many_requests", "error_description": "Too many registrations; retry later."}
                await _send_json(send, 429, body, [(b"retry-after", retry)])
                return
        elif path == "/mcp" and await self._refused_at_mcp(scope, send):
            return
        elif path == "/authorize":
            # The provider caps pending consent requests per address; it sees no request, so hand it over.
            client = scope.get("client") or ("unknown", 0)
            reset = AUTHORIZE_ADDRESS.set(str(client[0]))
            try:
                await self._app(scope, receive, self._issuer_on_redirects(send))
            finally:
                AUTHORIZE_ADDRESS.reset(reset)
            return
        await self._app(scope, receive, send)

    async def _refused_at_mcp(self, scope: Scope, send: Send) -> bool:
        """Answer the /mcp requests refused before the SDK sees them; True if one was."""
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "access_token" in query:
            challenge = (
                'Bearer error="invalid_request", error_description="Send the token in the Authorization '
                f'header, never in the URL", resource_metadata="{self._metadata_url}"'
            )
            body = {"error": "invalid_request", "error_description": "token in the query string"}
            await _send_json(send, 401, body, [(b"www-authenticate", challenge.encode())])
            return True
        if not _sent_bearer(scope) and scope.get("method") != "OPTIONS":
            body = {
                "error_description": "This endpoint needs an icusync access token: connect through OAuth "
                "(see WWW-Authenticate) or use a personal connector URL from the dashboard."
            }
            challenge = f'Bearer resource_metadata="{self._metadata_url}"'
            await _send_json(send, 401, body, [(b"www-authenticate", challenge.encode())])
            return True
        return False

    def _issuer_on_redirects(self, send: Send) -> Send:
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message.get("status") in (302, 303):
                headers = [(k, self._location(v) if k.lower() == b"location" else v) for k, v in message["headers"]]
                message = {**message, "headers": headers}
            await send(message)

        return wrapped

    def _location(self, value: bytes) -> bytes:
        return with_issuer(value.decode("latin-1"), self._issuer).encode("latin-1")
