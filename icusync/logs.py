"""Logging that never records a secret: no query strings, no personal connector URLs."""

from __future__ import annotations

import logging
import re

_PERSONAL = re.compile(r"^/u/[^/]+")


def scrub_path(path: str) -> str:
    return _PERSONAL.sub("/u/<redacted>", path)


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs full request URLs at INFO; upstream URLs carry no secrets, but keep the log quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The MCP SDK logs every stateless request's session start and end at INFO.
    logging.getLogger("mcp.server.streamable_http").setLevel(logging.WARNING)
    # A call cancelled because its client left makes the SDK warn that no one took the answer:
    # the dispatcher (asgi.py) logs the departure once, at INFO.
    logging.getLogger("mcp.shared.jsonrpc_dispatcher").setLevel(logging.ERROR)
