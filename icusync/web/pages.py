"""Public pages: the landing page and the health check."""

from __future__ import annotations

from quart import Blueprint, render_template

from icusync.web.session import runtime

pages = Blueprint("pages", __name__)


@pages.get("/")
async def landing() -> str:
    settings = runtime().settings
    return await render_template("landing.html", settings=settings, mcp_url=settings.mcp_url)


@pages.get("/healthz")
async def healthz() -> tuple[dict[str, str], int]:
    try:
        ok = await runtime().deps.db.check()
    except Exception:  # a health check reports failure, it does not raise
        ok = False
    return ({"status": "ok", "database": "ok"}, 200) if ok else ({"status": "error", "database": "unavailable"}, 503)
