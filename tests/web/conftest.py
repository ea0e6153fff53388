"""icusync for HTTP-level page tests, driven in-process, with the demo Intervals.icu as its upstream.

The instance is configured as a hosted one (`settings.demo` is off, no demo one-click):
our app reaches the demo's API in memory, and a test plays the athlete on the demo's own
OAuth consent page with plain HTTP against the same demo app.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from quart import Quart

from icusync.app import create_app
from icusync.demo import DemoUpstream
from icusync.demo.profiles import Profile
from icusync.services.runtime import Deps
from icusync.settings import Settings
from tests.harness import http_client, lifespan, new_demo

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
SCOPE_BOX = re.compile(r'name="scope" value="([^"]+)"')

CLIENT_ID = "icusync-demo"
CLIENT_SECRET = "demo-secret"
PREFIX = "/demo-intervals"
UPSTREAM = "http://intervals.demo" + PREFIX  # reached only through the in-memory transport
DISCONNECT = ("DELETE", PREFIX + "/api/v1/disconnect-app")
TOKEN_EXCHANGE = ("POST", PREFIX + "/api/oauth/token")


@dataclass
class Site:
    app: Quart
    base: str
    demo: DemoUpstream

    @property
    def deps(self) -> Deps:
        deps: Deps = self.app.extensions["icusync"].deps
        return deps

    @property
    def athletes(self) -> list[str]:
        return list(self.demo.athlete_ids)

    def key(self, athlete_id: str) -> str:
        return self.demo.api_key(athlete_id)

    def profile(self, athlete_id: str) -> Profile:
        return next(p for p in self.demo.profiles if p.athlete_id == athlete_id)

    def client(self) -> httpx.AsyncClient:
        return http_client(self.app, self.base, follow_redirects=False)

    def upstream(self) -> httpx.AsyncClient:
        """A plain HTTP client for the demo Intervals.icu itself (its consent page, its API)."""
        transport = httpx.ASGITransport(app=self.demo.asgi)
        return httpx.AsyncClient(transport=transport, base_url=UPSTREAM, follow_redirects=False, timeout=10)

    def disconnects(self) -> int:
        """How many disconnect-app calls reached the demo Intervals.icu."""
        return self.demo.requests.count(DISCONNECT)

    async def token_works(self, token: str) -> bool:
        """Does the demo Intervals.icu still accept this OAuth token?"""
        async with self.upstream() as up:
            response = await up.get("/api/v1/athlete/0", headers={"authorization": f"Bearer {token}"})
        assert response.status_code in (200, 401), response.text
        return response.status_code == 200


def web_settings(settings: Settings, **changes: Any) -> Settings:
    base = settings.with_(
        signin_methods=("intervals-oauth", "api-key"),
        intervals_client_id=CLIENT_ID,
        intervals_client_secret=CLIENT_SECRET,
        upstream_base_url=UPSTREAM,
        demo=False,
        upstream_rate=1000.0,  # in memory: the dashboard's reads need no pacing here
    )
    return base.with_(**changes)


@contextlib.asynccontextmanager
async def serve_site(settings: Settings, port: int, **changes: Any) -> AsyncIterator[Site]:
    demo = new_demo(seed=1, prefix=PREFIX, oauth_clients={CLIENT_ID: CLIENT_SECRET}, athletes=3)
    transport = httpx.ASGITransport(app=demo.asgi)
    app = create_app(web_settings(settings, **changes), upstream_transport=transport)
    async with lifespan(app):
        yield Site(app, f"http://127.0.0.1:{port}", demo)


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


async def answer_upstream_consent(
    site: Site, authorize_url: str, athlete_id: str, decision: str = "approve"
) -> dict[str, str]:
    """Be the athlete on the demo Intervals.icu's consent page; return the query it sends to our callback."""
    async with site.upstream() as up:
        page = await up.get(authorize_url)
        assert page.status_code == 200, page.text
        assert f'value="{athlete_id}"' in page.text
        form: dict[str, Any] = {name: html.unescape(value) for name, value in HIDDEN.findall(page.text)}
        form.update(athlete_id=athlete_id, scope=SCOPE_BOX.findall(page.text), decision=decision)
        answer = await up.post(authorize_url, data=form)
    assert answer.status_code == 302, answer.text
    back = httpx.URL(answer.headers["location"])
    assert str(back.copy_with(query=None)) == site.base + "/oauth/intervals/callback"
    return dict(back.params)


async def sign_in_with_intervals(
    site: Site, http: httpx.AsyncClient, athlete_id: str, page: str = "/signin", **fields: str
) -> httpx.Response:
    """Continue with Intervals.icu, approve on its consent page, and land on our callback."""
    started = await post_form(http, "/signin/intervals", page=page, **fields)
    assert started.status_code == 303, started.text
    params = await answer_upstream_consent(site, started.headers["location"], athlete_id)
    return await http.get("/oauth/intervals/callback", params=params)
