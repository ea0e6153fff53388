"""The pages in a real browser: Debian's chromium driven by Playwright, the demo Intervals.icu upstream.

Skips when /usr/bin/chromium is absent, unless ICUSYNC_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from icusync.app import create_app
from icusync.settings import Settings
from icusync.store import accounts, users
from tests.harness import make_settings, running
from tests.web.clients import connect_client, token_is_live

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


def require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("ICUSYNC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ICUSYNC_REQUIRE_BROWSER=1 but {reason}")
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


async def test_sign_in_through_demo_oauth_then_manage_everything(tmp_path: Path, port: int) -> None:
    require_browser()
    from icusync.demo_mode import demo_upstream

    settings = demo_site_settings(tmp_path, port)
    demo = demo_upstream()
    app = create_app(settings, demo=demo)
    async with running(app, port) as base, browser_page(base) as page:
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

        # Revoke a connected client.
        user = await users.get_user_by_athlete(deps.db, athlete_id)
        assert user is not None
        token = await connect_client(deps.db, user.id, "claude-web", "Claude", settings.mcp_url)
        await page.reload()
        await page.get_by_role("button", name="Revoke Claude").click()
        await page.get_by_text("Access revoked").wait_for()
        assert not await token_is_live(deps.db, token)

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
    from icusync.demo_mode import demo_upstream

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
