from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from quart import Quart

from icusync.app import create_app
from icusync.runtime import Deps
from icusync.settings import Settings
from tests.harness import running
from tests.web.fake_intervals import CLIENT_ID, CLIENT_SECRET, FakeIntervals

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    app: Quart
    base: str
    fake: FakeIntervals

    @property
    def deps(self) -> Deps:
        deps: Deps = self.app.extensions["icusync"].deps
        return deps

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base, follow_redirects=False, timeout=10)


def web_settings(settings: Settings, **changes: Any) -> Settings:
    base = settings.with_(
        signin_methods=("intervals-oauth", "api-key"),
        intervals_client_id=CLIENT_ID,
        intervals_client_secret=CLIENT_SECRET,
        upstream_base_url="https://intervals.test",
    )
    return base.with_(**changes)


@contextlib.asynccontextmanager
async def serve_site(settings: Settings, port: int, **changes: Any) -> AsyncIterator[Site]:
    fake = FakeIntervals()
    app = create_app(web_settings(settings, **changes), upstream_transport=fake.transport)
    async with running(app, port) as base:
        yield Site(app, base, fake)


@pytest.fixture
async def site(settings: Settings, port: int) -> AsyncIterator[Site]:
    async with serve_site(settings, port) as s:
        yield s


async def csrf_from(http: httpx.AsyncClient, path: str = "/signin") -> str:
    page = await http.get(path)
    match = CSRF.search(page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


async def sign_in_with_key(http: httpx.AsyncClient, athlete_id: str, key: str, **extra: str) -> httpx.Response:
    token = await csrf_from(http)
    form = {"csrf_token": token, "athlete_id": athlete_id, "api_key": key, **extra}
    return await http.post("/signin/api-key", data=form)


async def post_form(http: httpx.AsyncClient, action: str, page: str = "/dashboard", **fields: str) -> httpx.Response:
    """Submit a form the way a browser would: with the CSRF token of the page it sits on."""
    token = await csrf_from(http, page)
    return await http.post(action, data={"csrf_token": token, **fields})
