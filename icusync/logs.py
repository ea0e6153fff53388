"""Logging that never records a secret: no query strings, no personal connector URLs."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from hypercorn.logging import AccessLogAtoms, Logger

ACCESS_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(D)sus'
_PERSONAL = re.compile(r"^/u/[^/]+")


def scrub_path(path: str) -> str:
    return _PERSONAL.sub("/u/<redacted>", path)


class ScrubbingLogger(Logger):
    def atoms(self, request: Any, response: Any, request_time: float) -> Mapping[str, str]:
        clean = {**request, "path": scrub_path(request.get("path", "")), "query_string": b"", "raw_path": b""}
        return AccessLogAtoms(clean, response, request_time)  # type: ignore[arg-type]


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs full request URLs at INFO; upstream URLs carry no secrets, but keep the log quiet.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The MCP SDK logs every stateless request's session start and end at INFO.
    logging.getLogger("mcp.server.streamable_http").setLevel(logging.WARNING)
