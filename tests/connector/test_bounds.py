"""What a client can make /mcp hold: no event streams, no oversized bodies, no work for a client that left."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from icusync.app import create_app
from icusync.asgi import MCP_BODY_CAP, PAGE_BODY_CAP
from icusync.cli.demo_wiring import DEMO_PREFIX, prepare_demo_athlete
from tests.connector.conftest import Live
from tests.connector.lossy import LossyTransport
from tests.harness import CLIENT_ADDRESS, lifespan, make_settings, new_demo

JSON_HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
CHUNK = 32 * 1024


async def test_get_holds_no_stream(live: Live) -> None:
    async with live.http() as http:
        await http.post(live.connector_url, headers=JSON_HEADERS, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        tasks_before = len(asyncio.all_tasks())
        for _ in range(200):
            answer = await asyncio.wait_for(http.get(live.connector_url, headers={"accept": "text/event-stream"}), 5)
            assert answer.status_code == 405 and answer.headers["allow"] == "POST"
        anonymous = await asyncio.wait_for(http.get("/mcp", headers={"accept": "text/event-stream"}), 5)
        assert anonymous.status_code == 401  # without a token the challenge comes first
        assert len(asyncio.all_tasks()) <= tasks_before


class CountingBody:
    """A request body that counts how much of it the server pulled."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.size:
            self.sent += CHUNK
            yield b"x" * CHUNK


async def test_an_oversized_body_is_refused_before_it_is_read(live: Live) -> None:
    async with live.http() as http:
        form = {"content-type": "application/x-www-form-urlencoded"}
        for url, cap, kind in (
            (live.connector_url, MCP_BODY_CAP, JSON_HEADERS),
            ("/register", 64 * 1024, JSON_HEADERS),
            ("/signin/api-key", PAGE_BODY_CAP, form),
        ):
            declared = CountingBody(4 * cap)
            answer = await http.post(url, headers={**kind, "content-length": str(declared.size)}, content=declared)
            assert answer.status_code == 413, url
            assert declared.sent == 0, url  # refused on the declared length alone
            undeclared = CountingBody(4 * cap)  # chunked: read only until it passes the cap
            answer = await http.post(url, headers=kind, content=undeclared)
            assert answer.status_code == 413, url
            assert undeclared.sent <= cap + 2 * CHUNK, url


@contextlib.asynccontextmanager
async def slow_upstream(tmp_path: Path) -> AsyncIterator[Live]:
    """icusync whose shared upstream pace is one request per 1000 s: every call after the first waits."""
    demo = new_demo(seed=1, prefix=DEMO_PREFIX)
    settings = make_settings(
        tmp_path,
        demo=True,
        signin_methods=("demo",),
        upstream_base_url=f"http://127.0.0.1:8000{DEMO_PREFIX}",
        upstream_rate=0.001,
    )
    url = await prepare_demo_athlete(settings, demo)
    upstream = LossyTransport(demo.asgi)
    app = create_app(settings, upstream_transport=upstream, demo=demo)
    async with lifespan(app):
        yield Live(app=app, base=settings.public_url, connector_url=url, demo=demo, settings=settings,
                   upstream=upstream)


def tool_call(live: Live, n: int) -> tuple[dict[str, Any], bytes]:
    body = {
        "jsonrpc": "2.0",
        "id": n,
        "method": "tools/call",
        "params": {"name": "log_wellness", "arguments": {"comments": f"note {n}"}},
    }
    data = json.dumps(body).encode()
    headers = [(k.encode(), v.encode()) for k, v in JSON_HEADERS.items()]
    headers += [(b"host", b"127.0.0.1:8000"), (b"content-length", str(len(data)).encode())]
    path = urlsplit(live.connector_url).path
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "headers": headers,
        "server": ("127.0.0.1", 8000), "client": CLIENT_ADDRESS,
    }
    return scope, data


async def test_a_call_whose_client_left_is_cancelled_before_reaching_upstream(tmp_path: Path) -> None:
    async with slow_upstream(tmp_path) as live:
        # Calls wait their turn however long it is (by default one that would wait over 5 s is told "busy").
        live.deps.intervals._pacer.max_wait = 1e9
        tasks_before = len(asyncio.all_tasks())
        before = len(live.demo.requests)
        gone = asyncio.Event()
        answered: list[dict[str, Any]] = []

        async def client(n: int) -> None:
            scope, body = tool_call(live, n)
            messages = [{"type": "http.request", "body": body, "more_body": False}]

            async def receive() -> dict[str, Any]:
                if messages:
                    return messages.pop()
                await gone.wait()  # what a server says when the client hangs up
                return {"type": "http.disconnect"}

            async def send(message: dict[str, Any]) -> None:
                answered.append(message)

            await live.app(scope, receive, send)

        calls = [asyncio.create_task(client(n)) for n in range(1, 21)]
        # The burst goes out at once (two requests at most); every other waits its turn at the pace.
        for _ in range(500):
            if len(live.demo.requests) > before:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        assert not any(c.done() for c in calls)
        sent = len(live.demo.requests)
        assert before < sent <= before + 2
        gone.set()
        # Without cancellation each would wait its turn (1000 s apart) and then write upstream.
        await asyncio.wait_for(asyncio.gather(*calls), 10)
        assert answered == []
        assert len(live.demo.requests) == sent
        for _ in range(200):  # the server's own tasks for those requests unwind, then none is left
            if len(asyncio.all_tasks()) <= tasks_before:
                break
            await asyncio.sleep(0.01)
        assert len(asyncio.all_tasks()) <= tasks_before
