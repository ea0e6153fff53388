"""icusync with the demo Intervals.icu, driven in-process: the MCP SDK client over an ASGI transport."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from quart import Quart

from icusync.app import create_app
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX, prepare_demo_athlete
from icusync.crypto import Sealer, new_token
from icusync.demo import DemoUpstream
from icusync.services.runtime import Deps
from icusync.settings import Settings
from icusync.store import users, writes
from icusync.store.writes import Write
from tests.connector.lossy import LossyTransport
from tests.harness import http_client, lifespan, make_settings, new_demo, sdk_http_client

MODES = ("legacy", "auto")  # the 2025-11-25 initialize handshake, and the newest protocol the SDK negotiates


@dataclass
class Live:
    app: Quart
    base: str
    connector_url: str
    demo: DemoUpstream
    settings: Settings
    upstream: LossyTransport  # icusync's way to the demo: can lose or rewrite an answer

    def deps_sealer(self) -> Sealer:
        return Sealer(self.settings.encryption_keys)

    @contextlib.asynccontextmanager
    async def client(self, mode: str = "legacy", url: str | None = None) -> AsyncIterator[Client]:
        async with (
            sdk_http_client(self.app) as http,
            Client(streamable_http_client(url or self.connector_url, http_client=http), mode=mode) as client,  # type: ignore[arg-type]
        ):
            yield client

    async def personal_url(self, scopes: tuple[str, ...]) -> str:
        """A new personal connector URL for the demo athlete with these scopes; the fixture's stops working."""
        user = await users.get_user_by_athlete(self.deps.db, self.demo.athlete_ids[0])
        assert user is not None
        secret = new_token()
        await users.set_personal_url(self.deps.db, user.id, secret, scopes)
        return self.settings.personal_url(secret)

    async def history(self, athlete_id: str | None = None) -> list[Write]:
        """A demo athlete's write history (the first athlete's by default), newest first."""
        user = await users.get_user_by_athlete(self.deps.db, athlete_id or self.demo.athlete_ids[0])
        assert user is not None
        return await writes.recent(self.deps.db, user.id, 50)

    async def connect(self, athlete_id: str) -> str:
        """Sign another demo athlete (the coach, the stranger, ...) up; their personal connector URL."""
        return await prepare_demo_athlete(self.settings, self.demo, athlete_id)

    @property
    def deps(self) -> Deps:
        deps: Deps = self.app.extensions["icusync"].deps
        return deps

    def http(self, **kwargs: Any) -> httpx.AsyncClient:
        """Plain HTTP into the app (pages, raw /mcp requests)."""
        return http_client(self.app, self.base, **kwargs)


@pytest.fixture
def demo() -> DemoUpstream:
    return new_demo(seed=1, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})


@pytest.fixture
async def live(tmp_path: Path, demo: DemoUpstream, request: pytest.FixtureRequest) -> AsyncIterator[Live]:
    timeout = request.node.get_closest_marker("upstream_timeout")
    changes = request.node.get_closest_marker("settings")
    settings = make_settings(
        tmp_path,
        **{
            "demo": True,
            "signin_methods": ("demo",),
            "upstream_base_url": f"http://127.0.0.1:8000{DEMO_PREFIX}",
            "upstream_rate": 1000.0,
            "upstream_timeout": timeout.args[0] if timeout else 2.0,
            **(changes.kwargs if changes else {}),
        },
    )
    url = await prepare_demo_athlete(settings, demo)
    upstream = LossyTransport(demo.asgi)
    app = create_app(settings, upstream_transport=upstream, demo=demo)
    async with lifespan(app):
        yield Live(app=app, base=settings.public_url, connector_url=url, demo=demo, settings=settings,
                   upstream=upstream)


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


Call = Callable[..., Any]
