"""Helpers for the OAuth tests: the app in-process, a signed-in person, and the steps of the flow by hand."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import re
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import httpx2
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken
from quart import Quart

from icusync.app import create_app
from icusync.crypto import new_token
from icusync.db import Database
from icusync.oauth.policy import ACCESS_PREFIX, REFRESH_PREFIX
from icusync.settings import Settings
from icusync.store import oauth as oauth_store
from icusync.store import sessions, users
from icusync.store.users import User
from tests.harness import http_client, lifespan, make_settings, sdk_http_client

REDIRECT = "http://127.0.0.1:9/callback"
CLAUDE = "https://claude.ai/api/mcp/auth_callback"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


@dataclass
class Live:
    app: Quart
    base: str
    settings: Settings

    @property
    def db(self) -> Database:
        db: Database = self.app.extensions["icusync"].deps.db
        return db

    @property
    def mcp_url(self) -> str:
        return self.settings.mcp_url

    def http(self, **kwargs: Any) -> httpx.AsyncClient:
        return http_client(self.app, self.base, **kwargs)

    def sdk_http(self, **kwargs: Any) -> httpx2.AsyncClient:
        """An httpx2 client into the app, for the MCP SDK's own client and OAuth provider."""
        return sdk_http_client(self.app, **kwargs)


@contextlib.asynccontextmanager
async def serve(tmp_path: Path, port: int, **changes: Any) -> AsyncIterator[Live]:
    settings = make_settings(tmp_path, port, **changes)
    app = create_app(settings)
    async with lifespan(app):
        yield Live(app=app, base=settings.public_url, settings=settings)


@dataclass
class Person:
    user: User
    cookies: dict[str, str]
    csrf: str


def session_cookie(app: Quart, data: dict[str, Any]) -> str:
    """Sign a session the way Quart's SecureCookieSessionInterface does (tests only)."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert serializer is not None
    cookie: str = serializer.dumps(data)
    return cookie


async def sign_in(live: Live, athlete_id: str = "i100", name: str = "Ada") -> Person:
    """A person with a live browser session, recorded the way signing in records it."""
    user = await users.upsert_user(live.db, athlete_id, name, "Europe/London")
    csrf = secrets.token_urlsafe(32)
    sid = await sessions.start_session(live.db, user.id, 3600)
    cookie = session_cookie(live.app, {"sid": sid, "csrf": csrf})
    return Person(user=user, cookies={"icusync_session": cookie}, csrf=csrf)


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


async def register(http: httpx.AsyncClient, **meta: Any) -> httpx.Response:
    body = {"client_name": "Test client", "redirect_uris": [REDIRECT], **meta}
    return await http.post("/register", json=body)


async def new_client(http: httpx.AsyncClient, **meta: Any) -> dict[str, Any]:
    response = await register(http, **meta)
    assert response.status_code == 201, response.text
    client: dict[str, Any] = response.json()
    return client


def authorize_params(client: dict[str, Any], challenge: str, **changes: Any) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": client["client_id"],
        "redirect_uri": client["redirect_uris"][0],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "st-" + secrets.token_hex(4),
        "scope": "read write",
    }
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}


def hidden_fields(page: str) -> dict[str, str]:
    return {m[0]: html.unescape(m[1]) for m in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)}


async def consent_page(http: httpx.AsyncClient, person: Person, location: str) -> httpx.Response:
    return await http.get(location, cookies=person.cookies)


async def decide(
    http: httpx.AsyncClient, person: Person, fields: dict[str, str], decision: str = "approve", write: bool = True
) -> httpx.Response:
    form = {**fields, "decision": decision}
    if write:
        form["scope"] = "write"
    return await http.post("/oauth/consent", data=form, cookies=person.cookies)


async def authorize(http: httpx.AsyncClient, params: dict[str, str]) -> httpx.Response:
    return await http.get("/authorize", params=params)


async def code_for(
    http: httpx.AsyncClient, person: Person, client: dict[str, Any], challenge: str, write: bool = True, **changes: Any
) -> dict[str, str]:
    """Run /authorize and the consent page; return the query of the redirect back to the client."""
    started = await authorize(http, authorize_params(client, challenge, **changes))
    assert started.status_code == 302, started.text
    page = await consent_page(http, person, started.headers["location"])
    assert page.status_code == 200, page.text
    done = await decide(http, person, hidden_fields(page.text), write=write)
    assert done.status_code == 303, done.text
    return query_of(done.headers["location"])


async def exchange(
    http: httpx.AsyncClient, client: dict[str, Any], code: str, verifier: str | None, **changes: Any
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": client["redirect_uris"][0],
        "client_id": client["client_id"],
        "client_secret": client.get("client_secret"),
        "code_verifier": verifier,
    }
    form.update(changes)
    return await http.post("/token", data={k: v for k, v in form.items() if v is not None})


async def refresh(http: httpx.AsyncClient, client: dict[str, Any], token: str, **changes: Any) -> httpx.Response:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": client["client_id"],
        "client_secret": client.get("client_secret"),
    }
    form.update(changes)
    return await http.post("/token", data={k: v for k, v in form.items() if v is not None})


async def revoke(http: httpx.AsyncClient, client: dict[str, Any], token: str) -> httpx.Response:
    form = {"token": token, "client_id": client["client_id"], "client_secret": client.get("client_secret")}
    return await http.post("/revoke", data={k: v for k, v in form.items() if v is not None})


async def connect(
    http: httpx.AsyncClient, person: Person, client: dict[str, Any] | None = None, write: bool = True
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A registered client and the token response it gets after consent."""
    client = client or await new_client(http)
    verifier, challenge = pkce()
    back = await code_for(http, person, client, challenge, write=write)
    response = await exchange(http, client, back["code"], verifier)
    assert response.status_code == 200, response.text
    return client, response.json()


async def call_mcp(
    http: httpx.AsyncClient, access: str | None, extra_headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    headers = {**MCP_HEADERS, **(extra_headers or {})}
    if access is not None:
        headers["Authorization"] = f"Bearer {access}"
    kwargs.setdefault("json", LIST_TOOLS)
    return await http.post("/mcp", headers=headers, **kwargs)


async def tokens_in_store(
    live: Live,
    person: Person,
    client_id: str,
    *,
    scopes: tuple[str, ...] = ("read", "write"),
    access_ttl: int = 3600,
    refresh_ttl: int = 3600,
    resource: str | None = None,
) -> tuple[str, str]:
    """A grant and a token pair written straight through the store (for expiry and audience cases)."""
    now = int(time.time())
    pending = oauth_store.Pending(
        client_id=client_id,
        redirect_uri=REDIRECT,
        redirect_uri_explicit=True,
        code_challenge="x" * 43,
        scopes=scopes,
        resource=resource or live.mcp_url,
        state=None,
        expires_at=now + 60,
    )
    code = new_token("icusync_ac_")
    await oauth_store.create_grant(
        live.db, user_id=person.user.id, p=pending, scopes=scopes, code=code, code_expires_at=now + 60, now=now
    )
    access, refresh_token = new_token(ACCESS_PREFIX), new_token(REFRESH_PREFIX)
    new = oauth_store.NewTokens(access, now + access_ttl, scopes, refresh_token, now + refresh_ttl)
    assert await oauth_store.redeem_code(live.db, code, new, now)
    return access, refresh_token


class MemoryStorage:
    """Token storage for the SDK's OAuthClientProvider, in memory."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info
