"""Running an app under Hypercorn, in production and in the demo.

Everything that can fail before the first request is checked first, each failure a
one-line ConfigError naming what to fix: the data directory and database (opened once
and closed again), then the listening socket. The socket is bound before the app's
lifespan opens anything, so a busy port leaves no connection (and no thread) behind.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sqlite3
from collections.abc import Mapping
from typing import Any

from hypercorn.asyncio.run import worker_serve
from hypercorn.config import Config, Sockets
from hypercorn.logging import AccessLogAtoms, Logger
from hypercorn.middleware import ProxyFixMiddleware
from hypercorn.utils import LifespanFailureError, wrap_app

from icusync.db import Database
from icusync.errors import ConfigError
from icusync.logs import scrub_path
from icusync.settings import Settings, loose_permissions

ACCESS_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(D)sus'

# fly.toml's kill_timeout must stay above this.
GRACEFUL_SECONDS = 10

log = logging.getLogger("icusync")


class ScrubbingLogger(Logger):
    """Hypercorn's access log without query strings or personal connector secrets."""

    def atoms(self, request: Any, response: Any, request_time: float) -> Mapping[str, str]:
        clean = {**request, "path": scrub_path(request.get("path", "")), "query_string": b"", "raw_path": b""}
        return AccessLogAtoms(clean, response, request_time)  # type: ignore[arg-type]


def hypercorn_config(host: str, port: int) -> Config:
    config = Config()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    # Hypercorn's own loggers, handed over as loggers: they then log through ours, in our one format.
    config.accesslog = logging.getLogger("hypercorn.access")
    config.errorlog = logging.getLogger("hypercorn.error")
    config.access_log_format = ACCESS_FORMAT
    config.logger_class = ScrubbingLogger
    config.graceful_timeout = GRACEFUL_SECONDS
    config.keep_alive_timeout = 75
    return config


def listen(host: str, port: int) -> tuple[Config, Sockets]:
    """Bind the listening socket now, so a busy port stops the start before anything opens."""
    config = hypercorn_config(host, port)
    try:
        return config, config.create_sockets()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            problem = "is already in use (another icusync?): stop that process or pass another --port"
        elif exc.errno == errno.EACCES:
            problem = "needs privileges this user lacks (ports below 1024): pass --port 8000 behind a proxy"
        elif exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            problem = "cannot be used: --host is not an address of this machine (try 127.0.0.1 or 0.0.0.0)"
        else:
            problem = f"cannot be used: {exc.strerror or exc}"
        raise ConfigError(f"port {port} on {host} {problem}") from None


def reason_of(exc: BaseException) -> str:
    """What went wrong with a path, in words (no errno, no traceback)."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "part of that path is a file, not a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def data_problem(settings: Settings, exc: BaseException, named_by: str) -> ConfigError:
    reason = reason_of(exc)
    return ConfigError(
        f"cannot use the data directory {settings.data_dir} ({named_by}): {reason}; make it a directory this "
        f"user can write, or choose another with {named_by}"
    )


async def check_database(settings: Settings, named_by: str = "ICUSYNC_DATA_DIR") -> None:
    """Open the database (applying migrations) and close it again, turning failures into one line."""
    db = Database(settings.db_path)
    try:
        await db.open()
    except (OSError, sqlite3.Error) as exc:
        raise data_problem(settings, exc, named_by) from None
    await db.close()


def warn_about_permissions(settings: Settings) -> None:
    for warning in loose_permissions(settings.data_dir):
        log.warning("%s", warning)


def run(app: Any, config: Config, sockets: Sockets, trusted_proxy_hops: int = 0) -> None:
    """Serve on already-bound sockets until SIGINT/SIGTERM; a failed start becomes a ConfigError."""
    if trusted_proxy_hops:
        # The client address (rate limits) and scheme come from the proxy's forwarded headers.
        app = ProxyFixMiddleware(app, mode="legacy", trusted_hops=trusted_proxy_hops)
    try:
        asyncio.run(worker_serve(wrap_app(app, config.wsgi_max_body_size, None), config, sockets=sockets))
    except LifespanFailureError as exc:
        raise ConfigError(str(exc).removeprefix("Lifespan failure in startup. ").strip("'")) from None
    finally:
        for sock in (*sockets.secure_sockets, *sockets.insecure_sockets, *sockets.quic_sockets):
            sock.close()
