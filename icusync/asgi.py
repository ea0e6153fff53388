"""The outer ASGI callable: routes each request to Quart, the MCP app or the demo.

Quart has no mount(), so the Quart app stays the app and this dispatcher wraps
its `asgi_app`. On the lifespan scope it opens our resources and the MCP session
manager around Quart's own lifespan, so all of them live exactly as long as
the process serves.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

from icusync.services.runtime import Runtime

# Loose ASGI types: Quart, Starlette and the demo each spell these differently.
Scope = Any
Receive = Any
Send = Any
ASGIApp = Callable[..., Awaitable[None]]

# Paths answered by the MCP SDK's Starlette app (the endpoint and the OAuth routes).
MCP_PATHS = re.compile(
    r"^/(mcp|authorize|token|register|revoke|\.well-known/oauth-(protected-resource|authorization-server)(/.*)?)$"
)
PERSONAL_URL = re.compile(r"^/u/([A-Za-z0-9_\-]{20,})/mcp/?$")


def personal_url_scope(scope: Scope, secret: str) -> Scope:
    """Turn /u/<secret>/mcp into /mcp with the secret as a bearer token.

    The token verifier then treats it like any other token; the secret never
    travels further than this rewrite.
    """
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
    headers.append((b"authorization", b"Bearer " + secret.encode()))
    return {**scope, "path": "/mcp", "raw_path": b"/mcp", "headers": headers}


class Dispatcher:
    def __init__(
        self,
        quart_app: ASGIApp,
        runtime: Runtime,
        *,
        mcp_app: ASGIApp | None = None,
        mcp_lifespan: Callable[[], contextlib.AbstractAsyncContextManager[Any]] | None = None,
        demo_app: ASGIApp | None = None,
        demo_prefix: str = "/demo-intervals",
    ) -> None:
        self._quart = quart_app
        self._runtime = runtime
        self._mcp = mcp_app
        self._mcp_lifespan = mcp_lifespan
        self._demo = demo_app
        self._demo_prefix = demo_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        path = scope.get("path", "")
        if self._demo is not None and (path == self._demo_prefix or path.startswith(self._demo_prefix + "/")):
            await self._demo(scope, receive, send)
            return
        if self._mcp is not None and kind == "http":
            match = PERSONAL_URL.match(path)
            if match:
                await self._mcp(personal_url_scope(scope, match.group(1)), receive, send)
                return
            if MCP_PATHS.match(path):
                await self._mcp(scope, receive, send)
                return
        await self._quart(scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        stack = contextlib.AsyncExitStack()
        try:
            await self._runtime.open()
            stack.push_async_callback(self._runtime.close)
            if self._mcp_lifespan is not None:
                await stack.enter_async_context(self._mcp_lifespan())
        except Exception as exc:
            await stack.aclose()
            # Hypercorn hides a failed lifespan; say what failed before refusing to start.
            await receive()
            await send({"type": "lifespan.startup.failed", "message": f"icusync could not start: {exc}"})
            raise

        async def send_after_cleanup(message: dict[str, Any]) -> None:
            # Close our resources before reporting shutdown complete: the server may
            # cancel this task as soon as it hears that.
            if message["type"] == "lifespan.shutdown.complete":
                await stack.aclose()
            await send(message)

        try:
            await self._quart(scope, receive, send_after_cleanup)
        finally:
            await stack.aclose()
