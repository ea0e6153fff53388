"""Running an app under Hypercorn, in production and in the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config
from hypercorn.logging import AccessLogAtoms, Logger
from hypercorn.middleware import ProxyFixMiddleware

from icusync.logs import scrub_path

ACCESS_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(D)sus'

# fly.toml's kill_timeout must stay above this.
GRACEFUL_SECONDS = 10


class ScrubbingLogger(Logger):
    """Hypercorn's access log without query strings or personal connector secrets."""

    def atoms(self, request: Any, response: Any, request_time: float) -> Mapping[str, str]:
        clean = {**request, "path": scrub_path(request.get("path", "")), "query_string": b"", "raw_path": b""}
        return AccessLogAtoms(clean, response, request_time)  # type: ignore[arg-type]


def hypercorn_config(host: str, port: int) -> Config:
    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.accesslog = "-"
    config.errorlog = "-"
    config.access_log_format = ACCESS_FORMAT
    config.logger_class = ScrubbingLogger
    config.graceful_timeout = GRACEFUL_SECONDS
    config.keep_alive_timeout = 75
    return config


def run(app: Any, host: str, port: int, trusted_proxy_hops: int = 0) -> None:
    if trusted_proxy_hops:
        # The client address (rate limits) and scheme come from the proxy's forwarded headers.
        app = ProxyFixMiddleware(app, mode="legacy", trusted_hops=trusted_proxy_hops)
    asyncio.run(serve(app, hypercorn_config(host, port)))
