"""The pages in a real browser: Debian's chromium driven by Playwright, the demo Intervals.icu upstream.

Skips when /usr/bin/chromium is absent, unless CI_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest

from icusync.app import create_app
from icusync.settings import Settings
from icusync.store import accounts, users
from tests.harness import make_settings, running

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: Any = {"width": 375, "height": 812}
CALLBACK = "http://127.0.0.1:9/callback"  # nothing listens there: the browser's request is caught by page.route
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


def require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("CI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CI_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def demo_site_settings(tmp_path: Path, port: int) -> Settings:
    return make_settings(
        tmp_path,
        port,
        demo=True,
        signin_methods=("demo", "intervals-oauth", "api-key"),
        intervals_client_id="icusync-demo",
        intervals_client_secret="demo-secret",
        upstream_base_url=f"http://127.0.0.1:{port}/demo-intervals",
    )


@contextlib.asynccontextmanager
async def browser_page(base: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport=PHONE, base_url=base)
            await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
            page = await context.new_page()
            page.set_default_timeout(10_000)
            yield page
        finally:
            await browser.close()


async def assert_phone_friendly(page: Any) -> None:
    """No sideways scrolling at 375 px, and every visible form field has a label."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    unlabeled = await page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
             .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.name || e.id)"""
    )
    assert unlabeled == [], page.url
    assert await page.locator("main").count() == 1


async def copied(page: Any, field_id: str) -> str:
    await page.locator(f'button[data-copy="{field_id}"]').click()
    await page.locator(f'[data-copy-status="{field_id}"]').get_by_text("Copied.").wait_for()
    text: str = await page.evaluate("navigator.clipboard.readText()")
    return text


async def list_tools(http: httpx.AsyncClient, access: str) -> httpx.Response:
    return await http.post("/mcp", json=LIST_TOOLS, headers={**MCP_HEADERS, "Authorization": f"Bearer {access}"})


async def connect_claude(page: Any, http: httpx.AsyncClient, settings: Settings) -> str:
    """Connect a client the way Claude does: register, /authorize with PKCE in the signed-in browser, Approve
    on the consent page, catch the redirect back, redeem the code at /token. Return the access token."""
    registered = await http.post(
        "/register",
        json={"client_name": "Claude", "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "none"},
    )
    assert registered.status_code == 201, registered.text
    client_id = registered.json()["client_id"]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    state = secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
        "scope": "read write",
        "resource": settings.mcp_url,
    }

    callbacks: list[str] = []

    async def catch_callback(route: Any) -> None:
        callbacks.append(route.request.url)
        await route.fulfill(status=200, content_type="text/plain", body="back at the client")

    await page.route("http://127.0.0.1:9/**", catch_callback)
    await page.goto(f"/authorize?{urlencode(query)}")
    await page.wait_for_url("**/oauth/consent?request=**")
    await page.get_by_role("heading", name="Allow Claude to use your training data?").wait_for()
    consent = await page.locator("main").inner_text()
    assert "Claude wants to connect to icusync" in consent
    assert "your browser goes back to 127.0.0.1:9" in consent
    await assert_phone_friendly(page)
    await page.get_by_role("button", name="Approve").click()
    await page.wait_for_url(f"{CALLBACK}?**")
    await page.unroute("http://127.0.0.1:9/**", catch_callback)
    assert len(callbacks) == 1 and callbacks[0] == page.url
    back = dict(parse_qsl(urlsplit(page.url).query))
    assert back["state"] == state and back["iss"].rstrip("/") == settings.public_url.rstrip("/") and "error" not in back

    token = await http.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": back["code"],
            "redirect_uri": CALLBACK,
            "client_id": client_id,
            "code_verifier": verifier,
            "resource": settings.mcp_url,
        },
    )
    assert token.status_code == 200, token.text
    tokens = token.json()
    assert tokens["token_type"].lower() == "bearer" and set(tokens["scope"].split()) == {"read", "write"}
    access: str = tokens["access_token"]
    return access


async def test_sign_in_through_demo_oauth_then_manage_everything(tmp_path: Path, port: int) -> None:
    require_browser()
    from icusync.cli.demo_wiring import demo_upstream

    settings = demo_site_settings(tmp_path, port)
    demo = demo_upstream()
    app = create_app(settings, demo=demo)
    async with (
        running(app, port) as base,
        browser_page(base) as page,
        httpx.AsyncClient(base_url=base, timeout=10) as http,
    ):
        deps = app.extensions["icusync"].deps
        await page.goto("/")
        await assert_phone_friendly(page)
        await page.get_by_role("link", name="Sign in").first.click()
        await page.wait_for_url("**/signin")
        await assert_phone_friendly(page)

        # Hosted sign-in: through the demo Intervals.icu's own consent page.
        await page.get_by_role("button", name="Continue with Intervals.icu").click()
        await page.wait_for_url("**/demo-intervals/oauth/authorize**")
        await page.locator('button[name="decision"][value="approve"]').click()
        await page.wait_for_url("**/dashboard")
        await page.get_by_role("heading", name="Your icusync").wait_for()
        athlete_id = demo.athlete_ids[0]
        assert athlete_id in await page.locator("main").inner_text()
        assert "Connected with Intervals.icu sign-in" in await page.locator("main").inner_text()
        await assert_phone_friendly(page)

        # Copy the connector URL.
        assert await copied(page, "connector-url") == settings.mcp_url

        # Create a personal connector URL: shown once, copyable.
        await page.get_by_role("button", name="Create a personal connector URL").click()
        await page.get_by_role("heading", name="Your new personal connector URL").wait_for()
        personal = await copied(page, "personal-url")
        secret = personal.split("/")[-2]
        assert personal == settings.personal_url(secret)
        assert await users.user_for_personal_secret(deps.db, secret) is not None
        await page.reload()  # a reload is a fresh GET: the secret is gone from the page
        assert personal not in await page.content()

        # Connect Claude through /authorize and the consent page, in this signed-in browser.
        access = await connect_claude(page, http, settings)
        listed = await list_tools(http, access)
        assert listed.status_code == 200, listed.text

        # It shows under Connected apps; revoke it, and its token stops working.
        await page.goto("/dashboard")
        apps = page.get_by_role("region", name="Connected apps")
        await apps.get_by_text("Claude", exact=True).wait_for()
        assert "127.0.0.1:9" in await apps.inner_text()
        await apps.get_by_role("button", name="Revoke Claude").click()
        await page.get_by_text("Access revoked").wait_for()
        assert (await list_tools(http, access)).status_code == 401
        user = await users.get_user_by_athlete(deps.db, athlete_id)
        assert user is not None

        # Disconnect Intervals.icu (the OAuth grant is withdrawn upstream, then forgotten).
        await page.get_by_role("button", name="Disconnect Intervals.icu").click()
        await page.get_by_text("Intervals.icu is disconnected").wait_for()
        assert await accounts.credential_summary(deps.db, user.id) is None
        await page.get_by_role("button", name="Reconnect with Intervals.icu").wait_for()

        # Delete the account, with the typed confirmation.
        await page.get_by_role("link", name="Delete my account and data").click()
        await page.wait_for_url("**/account/delete")
        await assert_phone_friendly(page)
        await page.get_by_label("Type DELETE to confirm").fill("DELETE")
        await page.get_by_role("button", name="Delete my account").click()
        await page.get_by_role("heading", name="Your account is deleted").wait_for()
        assert await users.get_user_by_athlete(deps.db, athlete_id) is None
        await page.goto("/dashboard")
        await page.wait_for_url("**/signin?next=%2Fdashboard")


async def test_one_click_demo_sign_in_and_error_page(tmp_path: Path, port: int) -> None:
    require_browser()
    from icusync.cli.demo_wiring import demo_upstream

    settings = demo_site_settings(tmp_path, port)
    demo = demo_upstream()
    async with running(create_app(settings, demo=demo), port) as base, browser_page(base) as page:
        await page.goto("/signin")
        await page.get_by_role("button", name="Continue as the demo athlete").click()
        await page.wait_for_url("**/dashboard")
        assert demo.athlete_ids[0] in await page.locator("main").inner_text()
        response = await page.goto("/nowhere")
        assert response is not None and response.status == 404
        await page.get_by_role("heading", name="Page not found").wait_for()
        await page.get_by_role("link", name="Your dashboard").click()
        await page.wait_for_url("**/dashboard")
