"""Running an app under Hypercorn, in production and in the demo."""

from __future__ import annotations

import asyncio
from typing import Any

from hypercorn.asyncio import serve
from hypercorn.config import Config
from hypercorn.middleware import ProxyFixMiddleware

from icusync.logs import ACCESS_FORMAT, ScrubbingLogger

# fly.toml's kill_timeout must stay above this.
GRACEFUL_SECONDS = 10


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
