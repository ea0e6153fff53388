"""Test harness: fresh settings, a real SQLite file, and the app driven in-process or on a socket.

Most tests drive the app through ASGI transports (httpx for pages and JSON, httpx2 for the
MCP SDK client), with its lifespan run as a server would run it: a real socket adds nothing
there. `running()` serves on 127.0.0.1 for the few tests about serving itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
from hypercorn.asyncio import serve
from hypercorn.config import Config

from icusync.demo import DemoUpstream
from icusync.demo.athlete_gen import HistoryCache
from icusync.settings import Settings

# The address in-process requests come from (rate limits and throttles key on it).
CLIENT_ADDRESS = ("127.0.0.1", 50000)


# One per test run: each seeded demo athlete is generated once, then copied for every test.
HISTORIES = HistoryCache()


def new_demo(**kwargs: Any) -> DemoUpstream:
    """A fresh demo Intervals.icu whose seeded athletes come from the run's cache."""
    return DemoUpstream(histories=HISTORIES, **kwargs)


def make_settings(tmp_path: Path, port: int = 8000, **changes: Any) -> Settings:
    base = Settings(
        public_url=f"http://127.0.0.1:{port}",
        data_dir=tmp_path / "data",
        encryption_keys=(secrets.token_bytes(32),),
        session_secret=secrets.token_urlsafe(32),
    )
    return base.with_(**changes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Run an ASGI app's lifespan around the block: startup before, shutdown after, as a server does."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
    task = asyncio.create_task(app(scope, inbox.get, outbox.put))

    async def next_message() -> dict[str, Any]:
        getter = asyncio.ensure_future(outbox.get())
        done, _ = await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            return getter.result()
        getter.cancel()
        task.result()  # the app's own failure
        raise RuntimeError("the app ended its lifespan without answering")

    await inbox.put({"type": "lifespan.startup"})
    started = await next_message()
    if started["type"] != "lifespan.startup.complete":
        with contextlib.suppress(Exception):
            await task
        raise RuntimeError(started.get("message", "the app failed to start"))
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await next_message()
        await asyncio.wait_for(task, 10)


def http_client(app: Any, base: str, **kwargs: Any) -> httpx.AsyncClient:
    """An httpx client whose requests go straight into `app`."""
    transport = httpx.ASGITransport(app=app, client=CLIENT_ADDRESS)
    kwargs.setdefault("timeout", 10)
    return httpx.AsyncClient(transport=transport, base_url=base, **kwargs)


def sdk_http_client(app: Any, **kwargs: Any) -> httpx2.AsyncClient:
    """An httpx2 client (what the MCP SDK client takes) whose requests go straight into `app`."""
    transport = httpx2.ASGITransport(app=app, client=CLIENT_ADDRESS)
    kwargs.setdefault("timeout", 30)
    return httpx2.AsyncClient(transport=transport, **kwargs)


@contextlib.asynccontextmanager
async def running(app: Any, port: int) -> AsyncIterator[str]:
    """Serve `app` with Hypercorn on 127.0.0.1:port until the block ends; yield its base URL."""
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.graceful_timeout = 1
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, config, shutdown_trigger=stop.wait))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if task.done():
                task.result()  # re-raise a start-up failure
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.02)
        yield base
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
