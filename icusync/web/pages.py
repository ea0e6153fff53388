"""Public pages: the landing page, the favicon and the health check."""

from __future__ import annotations

from quart import Blueprint, redirect, render_template
from quart.typing import ResponseReturnValue

from icusync.web.session import runtime

pages = Blueprint("pages", __name__)


@pages.get("/")
async def landing() -> str:
    settings = runtime().settings
    return await render_template("landing.html", settings=settings, mcp_url=settings.mcp_url)


@pages.get("/favicon.ico")
async def favicon() -> ResponseReturnValue:
    # Browsers and feed readers ask here before reading the page's <link rel="icon">.
    return redirect("/static/favicon.svg", 301)


@pages.get("/healthz")
async def healthz() -> tuple[dict[str, str], int]:
    try:
        ok = await runtime().deps.db.check()
    except Exception:  # a health check reports failure, it does not raise
        ok = False
    return ({"status": "ok", "database": "ok"}, 200) if ok else ({"status": "error", "database": "unavailable"}, 503)
