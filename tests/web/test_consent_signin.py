"""An MCP client's authorization sends a signed-out person through our sign-in and back to consent."""

from __future__ import annotations

import base64
import hashlib
import secrets

import httpx

from tests.web.conftest import Site, answer_upstream_consent, post_form


async def start_authorization(http: httpx.AsyncClient, base: str) -> str:
    """Register a client and open /authorize as Claude would; return where we are sent."""
    registered = await http.post(
        "/register",
        json={
            "client_name": "Claude",
            "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "none",
        },
    )
    assert registered.status_code == 201, registered.text
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = await http.get(
        "/authorize",
        params={
            "response_type": "code",
            "client_id": registered.json()["client_id"],
            "redirect_uri": "https://claude.ai/api/mcp/auth_callback",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": "s",
            "resource": base + "/mcp",
        },
    )
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def test_sign_in_with_intervals_returns_to_consent(site: Site) -> None:
    async with site.client() as http:
        consent = httpx.URL(await start_authorization(http, site.base))
        assert consent.path == "/oauth/consent"
        to_signin = await http.get(consent.raw_path.decode())
        assert to_signin.status_code == 302
        signin_path = to_signin.headers["location"]
        assert signin_path.startswith("/signin?next=")
        page = await http.get(signin_path)
        assert 'name="next" value="/oauth/consent?request=' in page.text
        assert "Claude wants to connect to icusync" in page.text and "<strong>claude.ai</strong>" in page.text
        forged = await http.get("/signin?next=" + httpx.QueryParams({"x": "/oauth/consent?request=made-up"})["x"])
        assert forged.status_code == 200 and "wants to connect" not in forged.text
        next_value = httpx.URL(signin_path).params["next"]
        started = await post_form(http, "/signin/intervals", page=signin_path, next=next_value)
        params = await answer_upstream_consent(site, started.headers["location"], site.athletes[0])
        back = await http.get("/oauth/intervals/callback", params=params)
        assert back.status_code == 303 and back.headers["location"] == next_value
        shown = await http.get(next_value)
        assert shown.status_code == 200 and "Claude" in shown.text and "claude.ai" in shown.text
