"""A minimal MCP Apps host for tests: the host's side of the postMessage protocol (2026-01-26) around one chart.

`HOST_PAGE` loads a chart's HTML into a sandboxed iframe under the CSP its empty domain lists call for,
answers `ui/initialize`, and once the chart says `ui/notifications/initialized` sends the tool's arguments
(`ui/notifications/tool-input`) and its result (`ui/notifications/tool-result`); it records every message
the chart sends, in order, in `window.seen`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx2
from mcp import Client
from mcp.client import advertise
from mcp.client.streamable_http import streamable_http_client
from mcp.server.apps import APP_MIME_TYPE, EXTENSION_ID

from tests.connector.conftest import Live
from tests.harness import sdk_http_client

APPS = advertise(EXTENSION_ID, {"mimeTypes": [APP_MIME_TYPE]})

# What a host builds from empty domain lists (the ext-apps specification's restrictive policy).
CHART_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'"
)

HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>test host</title></head>
<body>
<script>
window.seen = [];
window.show = (html, args, result) => {
  const frame = document.createElement("iframe");
  frame.sandbox = "allow-scripts";
  frame.style.width = "390px";
  frame.style.border = "0";
  const csp = `<meta http-equiv="Content-Security-Policy" content="__CSP__">`;
  frame.srcdoc = html.replace("<head>", "<head>" + csp);
  const send = (message) => frame.contentWindow.postMessage({ jsonrpc: "2.0", ...message }, "*");
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow) return;
    const m = event.data;
    window.seen.push({ method: m.method, params: m.params });
    if (m.method === "ui/initialize") {
      send({ id: m.id, result: { protocolVersion: "2026-01-26", hostInfo: { name: "test host", version: "1" },
        hostCapabilities: {}, hostContext: { theme: "light", displayMode: "inline", platform: "web" } } });
    } else if (m.method === "ui/notifications/initialized") {
      send({ method: "ui/notifications/tool-input", params: { arguments: args } });
      send({ method: "ui/notifications/tool-result", params: result });
    } else if (m.method === "ui/notifications/size-changed") {
      frame.style.height = `${m.params.height}px`;
    }
  });
  document.body.append(frame);
};
</script>
</body></html>""".replace("__CSP__", CHART_CSP)


@contextlib.asynccontextmanager
async def apps_client(live: Live, with_apps: bool = True, mode: str = "auto") -> AsyncIterator[Client]:
    """The MCP SDK client, advertising MCP Apps support or not."""
    http: httpx2.AsyncClient
    async with (
        sdk_http_client(live.app) as http,
        Client(
            streamable_http_client(live.connector_url, http_client=http),  # type: ignore[arg-type]
            mode=mode,
            extensions=[APPS] if with_apps else None,
        ) as client,
    ):
        yield client


def wire(result: Any) -> dict[str, Any]:
    """A CallToolResult as the host receives it on the wire (camelCase)."""
    out: dict[str, Any] = result.model_dump(by_alias=True, exclude_none=True, mode="json")
    return out
