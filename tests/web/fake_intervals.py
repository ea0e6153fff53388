"""A tiny stand-in for Intervals.icu, for HTTP-level page tests that need exact control.

It answers only what the pages use: the athlete record (API key or bearer token),
the OAuth token exchange, and disconnect-app; and it records the disconnects.
The browser tests use the full demo Intervals.icu instead.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx

CLIENT_ID = "test-client"
CLIENT_SECRET = "test-secret"


@dataclass
class FakeIntervals:
    athletes: dict[str, dict[str, str]] = field(
        default_factory=lambda: {
            "i1001": {"key": "key-one", "name": "Ada Athlete", "timezone": "Europe/London"},
            "i2002": {"key": "key-two", "name": "Bo Bikes", "timezone": "America/Denver"},
            "i3003": {"key": "key-three", "name": "Cy Runner", "timezone": "Asia/Tokyo"},
        }
    )
    tokens: dict[str, str] = field(default_factory=dict)  # bearer token -> athlete id
    disconnected: list[str] = field(default_factory=list)
    exchanges: list[str] = field(default_factory=list)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def _who(self, request: httpx.Request) -> str | None:
        auth = request.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            return self.tokens.get(auth[7:])
        if auth.startswith("Basic "):
            user, _, key = base64.b64decode(auth[6:]).decode().partition(":")
            for athlete_id, a in self.athletes.items():
                if user == "API_KEY" and key == a["key"]:
                    return athlete_id
        return None

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/oauth/token" and request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                return httpx.Response(404, json={"error": "unknown client"})
            code = form.get("code", "")
            self.exchanges.append(code)
            athlete_id = code.removeprefix("code-")
            if not code.startswith("code-") or athlete_id not in self.athletes:
                return httpx.Response(401, json={"error": "invalid code"})
            token = f"tok-{athlete_id}-{len(self.tokens)}"
            self.tokens[token] = athlete_id
            body = {
                "access_token": token,
                "token_type": "Bearer",
                "scope": "ACTIVITY:READ",
                "athlete": {"id": athlete_id, "name": self.athletes[athlete_id]["name"]},
            }
            return httpx.Response(200, content=json.dumps(body), headers={"content-type": "application/json"})
        who = self._who(request)
        if who is None:
            return httpx.Response(401, json={"error": "Unauthorized"})
        if path == "/api/v1/disconnect-app" and request.method == "DELETE":
            self.disconnected.append(who)
            self.tokens = {t: a for t, a in self.tokens.items() if a != who}
            return httpx.Response(200)
        if path.startswith("/api/v1/athlete/") and request.method == "GET":
            athlete_id = path.rsplit("/", 1)[1]
            if athlete_id != who:
                return httpx.Response(403, json={"error": "Access denied"})
            a = self.athletes[who]
            return httpx.Response(200, json={"id": who, "name": a["name"], "timezone": a["timezone"]})
        return httpx.Response(404, json={"error": "not found"})
