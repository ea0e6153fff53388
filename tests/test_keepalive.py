"""Early refusals over a real HTTP/1.1 connection: the connection stays usable, or the answer says it closes.

Refusals that read the body first (401, 405, 413 past the cap, 429) keep the connection; an answer
sent before the body arrived carries `Connection: close`. Either way a client's next request on the
connection never meets a silently closed socket.
"""

from __future__ import annotations

import asyncio
import json

from icusync.app import create_app
from icusync.settings import Settings
from tests.harness import running

PING = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()


def request(method: str, path: str, body: bytes = b"", **headers: str) -> tuple[bytes, bytes]:
    """The head and the body of a request, to send apart (the body arriving after the head, as on a real network)."""
    length = headers.pop("length", str(len(body)))
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    if method == "POST":
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode(), body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    assert status_line, "the server closed the connection without an answer"
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    await reader.readexactly(int(headers.get("content-length", "0")))
    return int(status_line.split()[1]), headers


CASES = [
    # (what, request, expected status, keeps the connection)
    ("no token", request("POST", "/mcp", PING, Content_Type="application/json"), 401, True),
    ("bad token", request("POST", "/mcp", PING, Authorization="Bearer nope"), 401, True),
    ("a GET stream", request("GET", "/mcp", Authorization="Bearer nope"), 405, True),
    ("a page", request("GET", "/"), 200, True),
    ("a form before its body", request("POST", "/dashboard/undo", b"csrf_token=x" * 100), 302, False),
    ("a declared giant", request("POST", "/mcp", Content_Type="application/json", length=str(50 << 20)), 413, False),
]


async def test_early_refusals_never_leave_a_dead_connection(settings: Settings, port: int) -> None:
    async with running(create_app(settings), port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for _ in range(3):
                for what, (head, body), status, keeps in CASES:
                    writer.write(head)
                    await writer.drain()
                    await asyncio.sleep(0.02)  # the body arrives later, in its own packet
                    if body and what != "a form before its body":
                        writer.write(body)
                        await writer.drain()
                    got, headers = await read_response(reader)
                    assert got == status, what
                    closes = headers.get("connection", "").lower() == "close"
                    assert closes == (not keeps), what
                    if closes:
                        assert await reader.read() == b"", what  # it did close, as announced
                        writer.close()
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        finally:
            writer.close()
