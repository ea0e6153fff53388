"""Test harness: fresh settings, a real SQLite file, and a real HTTP server per test."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config

from icusync.settings import Settings


def make_settings(tmp_path: Path, port: int = 0, **changes: Any) -> Settings:
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
async def running(app: Any, port: int) -> AsyncIterator[str]:
    """Serve `app` with Hypercorn on 127.0.0.1:port until the block ends; yield its base URL."""
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.graceful_timeout = 1
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, config, shutdown_trigger=stop.wait))  # type: ignore[arg-type]
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
