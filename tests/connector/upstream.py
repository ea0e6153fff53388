"""Reading the demo athlete's data straight from the demo API, to check tool answers against it."""

from __future__ import annotations

from typing import Any

import httpx

from icusync.cli.demo_wiring import DEMO_PREFIX
from icusync.demo import DemoUpstream


async def upstream_get(demo: DemoUpstream, path: str, as_athlete: str | None = None, **params: Any) -> Any:
    """GET with a demo athlete's own API key (the first athlete's unless another is named)."""
    athlete = as_athlete or demo.athlete_ids[0]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=demo.asgi),
        base_url=f"http://demo.test{DEMO_PREFIX}/api/v1",
        auth=("API_KEY", demo.api_key(athlete)),
    ) as http:
        response = await http.get(path.replace("{athlete}", athlete), params=params)
        response.raise_for_status()
        return response.json()
