from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from icusync.demo import DemoUpstream
from tests.harness import new_demo

TODAY = dt.date(2026, 3, 11)  # a Wednesday
BASE = "http://demo.test/demo-intervals"


@pytest.fixture
def demo() -> DemoUpstream:
    return new_demo(seed=1, today=TODAY)


ClientFactory = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def make_client(demo: DemoUpstream) -> AsyncIterator[ClientFactory]:
    """Clients of the demo: `make_client(key=...)`, `make_client(token=...)`, or anonymous."""
    clients: list[httpx.AsyncClient] = []

    def make(*, athlete: int | None = 0, token: str | None = None) -> httpx.AsyncClient:
        auth = ("API_KEY", demo.api_key(demo.athlete_ids[athlete])) if athlete is not None and not token else None
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi), base_url=BASE, auth=auth,
                                   headers=headers)
        clients.append(client)
        return client

    yield make
    for c in clients:
        await c.aclose()


@pytest.fixture
def api(make_client: ClientFactory) -> httpx.AsyncClient:
    """Athlete 0 with their personal API key."""
    return make_client()
