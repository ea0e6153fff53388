"""The outer ASGI callable: routes each request to Quart, the MCP app or the demo.

Quart has no mount(), so the Quart app stays the app and this dispatcher wraps
its `asgi_app`. On the lifespan scope it opens our resources, the MCP session
manager and the sweeper around Quart's own lifespan, so all of them live exactly
as long as the process serves.

Around every HTTP request it keeps what no single app can:
- bodies over their cap are refused before they are read (413);
- an answer sent before the request body was read says `Connection: close`, so a
  client does not reuse a connection the server is about to drop;
- a POST to /mcp is cancelled when its client disconnects: the tool stops, and an
  upstream request not yet sent is never sent;
- GET /mcp answers 405: the endpoint is stateless and JSON-only, so a held event
  stream would be memory spent for nothing;
- HSTS when the public URL is https.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from icusync.oauth import policy
from icusync.oauth.verifier import PERSONAL_URL_MARK
from icusync.services.housekeeping import Lifetimes, run_sweeper, sweep_logged
from icusync.services.runtime import Runtime

# Loose ASGI types: Quart, Starlette and the demo each spell these differently.
Scope = Any
Receive = Any
Send = Any
Message = dict[str, Any]
ASGIApp = Callable[..., Awaitable[None]]

log = logging.getLogger(__name__)

# Paths answered by the MCP SDK's Starlette app (the endpoint and the OAuth routes).
MCP_PATHS = re.compile(
    r"^/(mcp|authorize|token|register|revoke|\.well-known/oauth-(protected-resource|authorization-server)(/.*)?)$"
)
PERSONAL_URL = re.compile(r"^/u/([A-Za-z0-9_\-]{20,})/mcp/?$")

# Tool arguments are small: a megabyte is far above any real call. OAuth forms and registrations are smaller still.
MCP_BODY_CAP = 1024 * 1024
OAUTH_BODY_CAP = 64 * 1024
PAGE_BODY_CAP = 1024 * 1024
HSTS = b"max-age=31536000"


def personal_url_scope(scope: Scope, secret: str) -> Scope:
    """Turn /u/<secret>/mcp into /mcp with the secret as a bearer token, marked as coming from the path.

    The verifier accepts a marked token only as a personal connector secret, so an OAuth access
    token pasted into the path (and so into proxy logs) is refused.
    """
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
    headers.append((b"authorization", b"Bearer " + PERSONAL_URL_MARK.encode() + secret.encode()))
    return {**scope, "path": "/mcp", "raw_path": b"/mcp", "headers": headers}


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for k, v in scope.get("headers", []) if k.lower() == name), None)


def _declared_length(scope: Scope) -> int | None:
    raw = _header(scope, b"content-length")
    return int(raw) if raw is not None and raw.strip().isdigit() else None


def _may_have_body(scope: Scope) -> bool:
    """HTTP/1.x announces a body in its headers (RFC 9112 §6.3); HTTP/2 may send one unannounced."""
    if scope.get("http_version") not in ("1.0", "1.1"):
        return True
    return bool(_declared_length(scope)) or _header(scope, b"transfer-encoding") is not None


async def _answer(
    send: Send, status: int, body: dict[str, Any], headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    data = json.dumps(body).encode()
    start = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()), *headers]
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": data})


async def _too_large(send: Send, cap: int) -> None:
    message = f"The request body is larger than {cap // 1024} KB, the most this endpoint accepts; send less at once."
    await _answer(send, 413, {"error": "request_too_large", "error_description": message})


class _Exchange:
    """One HTTP request's receive and send, watched: how much body was read, and whether all of it."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, hsts: bool) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self._hsts = hsts
        self.body_done = not _may_have_body(scope)
        self.started = False
        self.cap: int | None = None  # when set, a body growing past it reads as the client leaving
        self.over_cap = False
        self._size = 0

    async def receive(self) -> Message:
        message: Message = await self._receive()
        if message["type"] == "http.request":
            self._size += len(message.get("body", b""))
            if self.cap is not None and self._size > self.cap:
                self.over_cap = True  # the app stops as if the client left; the caller answers 413
                return {"type": "http.disconnect"}
            if not message.get("more_body", False):
                self.body_done = True
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and not self.started:
            self.started = True
            headers = list(message.get("headers", []))
            if self._hsts:
                headers.append((b"strict-transport-security", HSTS))
            # Answered before the body arrived: the server will drop the connection, so say so.
            if not self.body_done and self.scope.get("http_version") in ("1.0", "1.1"):
                headers.append((b"connection", b"close"))
            message = {**message, "headers": headers}
        await self._send(message)

    async def read_body(self, cap: int) -> bytes | None:
        """The whole body, or None when it passed `cap` or the client went away (an answer was sent if it could be)."""
        chunks, size = [], 0
        while not self.body_done:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                await _too_large(self.send, cap)
                return None
            chunks.append(chunk)
        return b"".join(chunks)


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
        self._hsts = runtime.settings.public_url.startswith("https://")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        if kind != "http":
            await self._quart(scope, receive, send)
            return
        exchange = _Exchange(scope, receive, send, self._hsts)
        path = scope.get("path", "")
        if self._demo is not None and (path == self._demo_prefix or path.startswith(self._demo_prefix + "/")):
            await self._streamed(self._demo, exchange, PAGE_BODY_CAP)
            return
        if self._mcp is not None:
            match = PERSONAL_URL.match(path)
            if match:
                exchange.scope = personal_url_scope(scope, match.group(1))
                await self._mcp_endpoint(exchange)
                return
            if path == "/mcp":
                await self._mcp_endpoint(exchange)
                return
            if MCP_PATHS.match(path):
                await self._buffered(self._mcp, exchange, OAUTH_BODY_CAP)
                return
        await self._streamed(self._quart, exchange, PAGE_BODY_CAP)

    async def _streamed(self, app: ASGIApp, exchange: _Exchange, cap: int) -> None:
        """An app that reads its own body (Quart drains it as it comes); a declared size over the cap is refused."""
        declared = _declared_length(exchange.scope)
        if declared is not None and declared > cap:
            await _too_large(exchange.send, cap)
            return
        exchange.cap = cap
        await app(exchange.scope, exchange.receive, exchange.send)
        if exchange.over_cap and not exchange.started:
            await _too_large(exchange.send, cap)

    async def _buffered(self, app: ASGIApp, exchange: _Exchange, cap: int) -> None:
        """Read the whole body first (refusing past the cap), so any early answer leaves the connection reusable."""
        declared = _declared_length(exchange.scope)
        if declared is not None and declared > cap:
            await _too_large(exchange.send, cap)
            return
        body = await exchange.read_body(cap)
        if body is not None:
            await _until_disconnect(app, exchange, body)

    async def _mcp_endpoint(self, exchange: _Exchange) -> None:
        assert self._mcp is not None
        method = exchange.scope.get("method")
        if method != "POST" and _header(exchange.scope, b"authorization") is not None:
            # Stateless JSON mode: no event stream to hold open. Without a token the SDK answers 401 first.
            await _answer(
                exchange.send,
                405,
                {"jsonrpc": "2.0", "id": None, "error": {"code": -32000, "message": "Method not allowed: this "
                 "server is stateless; send each JSON-RPC request as a POST to this URL"}},
                ((b"allow", b"POST"),),
            )
            return
        await self._buffered(self._mcp, exchange, MCP_BODY_CAP)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        stack = contextlib.AsyncExitStack()
        try:
            deps = await self._runtime.open()
            stack.push_async_callback(self._runtime.close)
            if self._mcp_lifespan is not None:
                await stack.enter_async_context(self._mcp_lifespan())
            lifetimes = Lifetimes(policy.UNUSED_CLIENT_TTL, policy.REFRESH_REUSE_GRACE)
            await sweep_logged(deps, lifetimes)  # what expired while the server was down goes now
            sweeper = asyncio.create_task(run_sweeper(deps, lifetimes))
            stack.push_async_callback(_stop, sweeper)
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


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _until_disconnect(app: ASGIApp, exchange: _Exchange, body: bytes) -> None:
    """Run `app` on an already-read body; cancel it if the client disconnects before it answers.

    Nobody waits for the answer any more: the work stops, and so does its use of the shared upstream budget.
    """
    gone = asyncio.Event()
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        await gone.wait()
        return {"type": "http.disconnect"}

    async def watch() -> None:
        while (await exchange.receive())["type"] != "http.disconnect":
            pass
        gone.set()

    served = asyncio.ensure_future(app(exchange.scope, replay, exchange.send))
    watcher = asyncio.ensure_future(watch())
    try:
        await asyncio.wait({served, watcher}, return_when=asyncio.FIRST_COMPLETED)
        if not served.done():
            log.info("client went away before the answer to %s: its work is cancelled", exchange.scope.get("path"))
            served.cancel()
            await asyncio.wait({served})
            return
        served.result()  # the app's own failure, if any
    finally:
        for task in (served, watcher):
            task.cancel()
        await asyncio.gather(served, watcher, return_exceptions=True)
