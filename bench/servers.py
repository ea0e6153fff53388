"""The three processes of the load benchmarks, all on 127.0.0.1: the demo Intervals.icu (bench/demo_server.py,
counting requests), `icusync serve` (its own process, so its CPU time and memory are its own) and small
clients speaking HTTP/1.1 with keep-alive, posting JSON-RPC `tools/call` to each athlete's personal
connector URL (the stateless MCP endpoint needs no handshake).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402

DEMO_ATHLETES = 12


class Conn:
    """One keep-alive HTTP/1.1 connection: small and cheap, so the clients do not eat the server's CPU."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: str = "") -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Length: {len(body)}\r\n"
                f"{headers}\r\n").encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, chunked = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if not chunked:
            return status, await self.reader.readexactly(length)
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        await self.reader.readline()
        return status, b"".join(parts)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


MCP_HEADERS = ("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
               "MCP-Protocol-Version: 2025-11-25\r\n")


async def call_tool(conn: Conn, path: str, name: str, args: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One tools/call; returns (outcome, result) where outcome is ok or the kind of failure."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": name, "arguments": args}}).encode()
    status, raw = await conn.request("POST", path, body, MCP_HEADERS)
    if status != 200:
        return f"http {status}", {}
    reply = json.loads(raw)
    result = reply.get("result") or {}
    if "error" in reply or result.get("isError"):
        text = json.dumps(reply.get("error") or result.get("content"))
        kinds = (("busy", "is busy"), ("rate limited", "rate limiting"), ("budget", "Too many icusync"),
                 ("upstream timeout", "did not answer in time"))
        return next((k for k, marker in kinds if marker in text), "other error"), result
    return "ok", result


@dataclass
class Athlete:
    athlete_id: str
    api_key: str
    path: str  # the personal connector URL's path


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    demo_port: int
    athletes: list[Athlete] = field(default_factory=list)
    demo: subprocess.Popen[bytes] | None = None

    def upstream_count(self) -> int:
        return int(httpx.get(f"http://127.0.0.1:{self.demo_port}/_bench/count", timeout=5).json()["requests"])

    def upstream_paths(self) -> list[str]:
        """The last 200 requests the demo upstream served, oldest first."""
        return list(httpx.get(f"http://127.0.0.1:{self.demo_port}/_bench/paths", timeout=5).json()["paths"])

    @contextlib.contextmanager
    def icusync(self, rate: float, wrap: tuple[str, ...] = (), start_timeout: float = 60) -> Iterator[tuple[int, int]]:
        """`icusync serve` at this upstream rate (under `wrap`, e.g. valgrind); yields (port, pid)."""
        port = procs.free_port()
        env = {**self.env, "ICUSYNC_UPSTREAM_RATE": str(rate), "ICUSYNC_CALLS_PER_MINUTE": "1000000"}
        proc = subprocess.Popen([*wrap, sys.executable, "-m", "icusync", "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.tmp)
        try:
            procs.wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, start_timeout)
            yield port, proc.pid
        finally:
            proc.terminate()
            proc.wait(20)


async def seed_accounts(stack: Stack, keys: dict[str, str], settings: Any) -> None:
    """Each demo athlete gets an account, their API key sealed, and a personal connector URL (read and write)."""
    from icusync.crypto import Sealer, new_token
    from icusync.db import Database
    from icusync.store import users

    db = Database(settings.db_path)
    await db.open()
    sealer = Sealer(settings.encryption_keys)
    base = f"http://127.0.0.1:{stack.demo_port}/demo-intervals/api/v1"
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            for athlete_id, key in keys.items():
                profile = (await http.get(f"/athlete/{athlete_id}", auth=("API_KEY", key))).json()
                name, tz = profile.get("name") or athlete_id, profile.get("timezone")
                user = await users.upsert_user(db, athlete_id, name, tz)
                await users.save_credential(db, sealer, user.id, "api_key", key)
                secret = new_token()
                await users.set_personal_url(db, user.id, secret, ("read", "write"))
                stack.athletes.append(Athlete(athlete_id, key, f"/u/{secret}/mcp"))
    finally:
        await db.close()


@contextlib.contextmanager
def stack(source: Path) -> Iterator[Stack]:
    env = procs.use_source(source)
    from icusync.settings import Settings

    with tempfile.TemporaryDirectory(prefix="icusync-load-") as d:
        tmp = Path(d)
        demo_port = procs.free_port()
        info = tmp / "demo.json"
        demo = subprocess.Popen([sys.executable, str(procs.BENCH / "demo_server.py"), str(demo_port),
                                 str(DEMO_ATHLETES), "1", str(info)], env=env, stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                if info.exists():
                    break
                if demo.poll() is not None:
                    raise RuntimeError("the demo upstream did not start")
                time.sleep(0.05)
            key = secrets.token_bytes(32)
            settings = Settings(data_dir=tmp / "data", encryption_keys=(key,), session_secret="s" * 40)
            env = {**env, "ICUSYNC_DATA_DIR": str(tmp / "data"), "ICUSYNC_SESSION_SECRET": "s" * 40,
                   "ICUSYNC_ENCRYPTION_KEY": base64.urlsafe_b64encode(key).decode(),
                   "ICUSYNC_UPSTREAM_URL": f"http://127.0.0.1:{demo_port}/demo-intervals"}
            st = Stack(tmp, env, demo_port, demo=demo)
            asyncio.run(seed_accounts(st, json.loads(info.read_text())["athletes"], settings))
            yield st
        finally:
            demo.terminate()
            demo.wait(20)
