from __future__ import annotations

import httpx

from icusync.app import create_app
from icusync.settings import Settings
from tests.harness import running


async def test_healthz_and_landing_over_real_http(settings: Settings, port: int) -> None:
    async with running(create_app(settings), port) as base, httpx.AsyncClient(base_url=base) as http:
        health = await http.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok"}
        landing = await http.get("/")
        assert landing.status_code == 200
        assert "Talk to your training data" in landing.text
        assert settings.mcp_url in landing.text
        css = await http.get("/static/icusync.css")
        assert css.status_code == 200 and "--accent" in css.text
    assert settings.db_path.exists()


async def test_healthz_reports_a_broken_database(settings: Settings, port: int) -> None:
    app = create_app(settings)
    async with running(app, port) as base, httpx.AsyncClient(base_url=base) as http:
        await app.extensions["icusync"].deps.db.close()
        health = await http.get("/healthz")
        assert health.status_code == 503 and health.json()["database"] == "unavailable"


async def test_mcp_without_token_points_at_resource_metadata(settings: Settings, port: int) -> None:
    async with running(create_app(settings), port) as base, httpx.AsyncClient(base_url=base) as http:
        response = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        assert response.status_code == 401
        header = response.headers["www-authenticate"]
        assert f'resource_metadata="{base}/.well-known/oauth-protected-resource/mcp"' in header
        meta = await http.get("/.well-known/oauth-protected-resource/mcp")
        assert meta.status_code == 200 and meta.json()["resource"] == f"{base}/mcp"
