"""Behind a proxy: forwarded client addresses are trusted only when configured."""

from __future__ import annotations

import httpx
from hypercorn.middleware import ProxyFixMiddleware

from icusync.app import create_app
from icusync.logs import scrub_path
from icusync.settings import Settings
from tests.harness import running

CLIENT = {"client_name": "x", "redirect_uris": ["http://127.0.0.1:9/cb"], "token_endpoint_auth_method": "none"}


async def _burst(http: httpx.AsyncClient, address: str, n: int) -> list[int]:
    headers = {"X-Forwarded-For": address}
    return [(await http.post("/register", json=CLIENT, headers=headers)).status_code for _ in range(n)]


async def test_register_limit_is_per_forwarded_client(settings: Settings, port: int) -> None:
    app = ProxyFixMiddleware(create_app(settings), mode="legacy", trusted_hops=1)
    async with running(app, port) as base, httpx.AsyncClient(base_url=base) as http:
        first = await _burst(http, "203.0.113.7", 30)
        assert 429 in first and first[0] == 201
        assert await _burst(http, "198.51.100.9", 1) == [201]  # another client has its own budget


async def test_without_trusted_proxy_forwarded_headers_are_ignored(settings: Settings, port: int) -> None:
    async with running(create_app(settings), port) as base, httpx.AsyncClient(base_url=base) as http:
        first = await _burst(http, "203.0.113.7", 30)
        assert 429 in first
        assert await _burst(http, "198.51.100.9", 1) == [429]  # a spoofed header buys nothing


def test_access_log_never_shows_a_personal_secret() -> None:
    assert scrub_path("/u/abcdefghijklmnopqrstuvwxyz0123456789/mcp") == "/u/<redacted>/mcp"
    assert scrub_path("/mcp") == "/mcp"
