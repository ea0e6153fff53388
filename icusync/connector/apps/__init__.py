"""MCP Apps (the `io.modelcontextprotocol/ui` extension): the charts a host that supports Apps draws beside
a tool's answer, from the answer's structured content.

One HTML file per chart, with the shared bridge (the host handshake) and style inlined when the resource is
built, so what a host loads is one self-contained document that makes no request of its own (the declared
CSP domain lists are empty). A tool links its chart through `_meta.ui.resourceUri` (see `ui`); the text
answer is the same with or without a chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from mcp.server.apps import Apps, ResourceCsp

FITNESS = "ui://icusync/fitness.html"
WORKOUT = "ui://icusync/workout.html"
BEST_EFFORTS = "ui://icusync/best-efforts.html"
SHARED_MARK = "<!-- icusync:shared -->"


@dataclass(frozen=True)
class Chart:
    uri: str
    file: str
    title: str
    description: str


CHARTS = (
    Chart(FITNESS, "fitness.html", "Fitness, fatigue and form",
          "get_fitness drawn: fitness and fatigue, form over its bands, projected days dashed."),
    Chart(WORKOUT, "workout.html", "Workout profile",
          "create_workouts drawn: each workout as bars of its steps in the athlete's resolved targets."),
    Chart(BEST_EFFORTS, "best-efforts.html", "Best efforts",
          "get_best_efforts drawn: the power, pace or heart-rate curve against the compared window."),
)

# No network at all: the charts draw only what the tool result carries.
NO_DOMAINS = ResourceCsp(connect_domains=[], resource_domains=[], frame_domains=[], base_uri_domains=[])


def ui(uri: str) -> dict[str, Any]:
    """A tool's `_meta` linking it to its chart."""
    return {"ui": {"resourceUri": uri}}


def chart_html(file: str) -> str:
    """The chart's HTML with the shared style and bridge inlined in place of its mark."""
    here = resources.files(__name__)
    page = (here / file).read_text(encoding="utf-8")
    shared = (
        f"<style>\n{(here / 'chart.css').read_text(encoding='utf-8')}</style>\n"
        f"<script>\n{(here / 'bridge.js').read_text(encoding='utf-8')}</script>"
    )
    if SHARED_MARK not in page:
        raise ValueError(f"{file} has no {SHARED_MARK} mark for the shared style and bridge")
    return page.replace(SHARED_MARK, shared)


def build_apps() -> Apps:
    apps = Apps()
    for chart in CHARTS:
        apps.add_html_resource(
            chart.uri,
            chart_html(chart.file),
            name=chart.file.removesuffix(".html"),
            title=chart.title,
            description=chart.description,
            csp=NO_DOMAINS,
            prefers_border=True,
        )
    return apps
