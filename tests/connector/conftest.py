"""A running icusync with the demo Intervals.icu, and an MCP SDK client over real HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from icusync.app import create_app
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX, prepare_demo_athlete
from icusync.crypto import Sealer
from icusync.demo import DemoUpstream
from icusync.settings import Settings
from tests.harness import make_settings, running

MODES = ("legacy", "auto")  # the 2025-11-25 initialize handshake, and the newest protocol the SDK negotiates


@dataclass
class Live:
    base: str
    connector_url: str
    demo: DemoUpstream
    settings: Settings

    def deps_sealer(self) -> Sealer:
        return Sealer(self.settings.encryption_keys)

    @contextlib.asynccontextmanager
    async def client(self, mode: str = "legacy", url: str | None = None) -> AsyncIterator[Client]:
        async with (
            httpx2.AsyncClient(timeout=30) as http,
            Client(streamable_http_client(url or self.connector_url, http_client=http), mode=mode) as client,  # type: ignore[arg-type]
        ):
            yield client


@pytest.fixture
def demo() -> DemoUpstream:
    return DemoUpstream(seed=1, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})


@pytest.fixture
async def live(tmp_path: Path, port: int, demo: DemoUpstream) -> AsyncIterator[Live]:
    settings = make_settings(
        tmp_path,
        port,
        demo=True,
        signin_methods=("demo",),
        upstream_base_url=f"http://127.0.0.1:{port}{DEMO_PREFIX}",
        upstream_rate=1000.0,
        upstream_timeout=2.0,
    )
    url = await prepare_demo_athlete(settings, demo)
    async with running(create_app(settings, demo=demo), port) as base:
        yield Live(base=base, connector_url=url, demo=demo, settings=settings)


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


Call = Callable[..., Any]
