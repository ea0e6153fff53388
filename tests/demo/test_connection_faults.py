"""Faults only a real connection shows: a hang past the client's patience, a connection dropped mid-answer.

The demo served by Hypercorn on loopback, as `bench/soak.py` serves it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from icusync.demo import DemoUpstream
from tests.harness import new_demo, running

EVENT = {"category": "NOTE", "start_date_local": "2026-03-20T00:00:00", "name": "note"}


Served = tuple[DemoUpstream, httpx.AsyncClient]


@pytest.fixture
async def served(port: int) -> AsyncIterator[Served]:
    demo = new_demo(seed=1)
    auth = ("API_KEY", demo.api_key(demo.athlete_ids[0]))
    async with running(demo.asgi, port) as base, httpx.AsyncClient(base_url=base + demo.prefix, auth=auth) as http:
        yield demo, http


async def notes(http: httpx.AsyncClient, name: str) -> int:
    events = (await http.get("/api/v1/athlete/0/events", params={"oldest": "2026-03-20", "newest": "2026-03-20"}))
    return sum(e["name"] == name for e in events.json())


async def test_a_dropped_connection_loses_the_answer(served: Served) -> None:
    demo, http = served
    for handled in (False, True):
        name = f"dropped {'after' if handled else 'before'}"
        demo.faults.drop(count=1, handled=handled, path="/events")
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post("/api/v1/athlete/0/events", json={**EVENT, "name": name})
        # Handled first, the write is there though its answer never arrived; dropped before, it is not.
        assert await notes(http, name) == (1 if handled else 0)


async def test_a_hang_outlasts_the_client_and_the_write_still_lands(served: Served) -> None:
    demo, http = served
    demo.faults.hang(count=1, seconds=0.3, path="/events")
    with pytest.raises(httpx.ReadTimeout):
        await http.post("/api/v1/athlete/0/events", json={**EVENT, "name": "late"}, timeout=0.05)
    for _ in range(300):
        if await notes(http, "late"):
            break
        await asyncio.sleep(0.01)
    assert await notes(http, "late") == 1


async def test_chaos_mixes_every_fault(served: Served) -> None:
    demo, http = served
    demo.faults.chaos(probability=1.0, hang_seconds=0.0, seed=3)
    seen: set[str] = set()
    for _ in range(40):
        try:
            answer = await http.get("/api/v1/athlete/0")
            seen.add(str(answer.status_code))
        except httpx.RemoteProtocolError:
            seen.add("dropped")
    assert {"429", "dropped"} <= seen and seen & {"500", "502", "503"} and "200" in seen  # 200: hangs of 0 s
    demo.faults.chaos(probability=0)
    assert (await http.get("/api/v1/athlete/0")).status_code == 200
