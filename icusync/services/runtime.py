"""Long-lived resources, opened in the lifespan and handed down explicitly.

`Runtime` is built by the app factory with the settings; `open()` (run by the
lifespan) creates the database, the shared HTTP client and the Intervals.icu
client; request handlers and tools reach them through `runtime.deps`.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from icusync.crypto import Sealer
from icusync.db import Database
from icusync.intervals.cache import ReadCache
from icusync.intervals.client import CONNECTIONS, IntervalsClient
from icusync.settings import Settings


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    http: httpx.AsyncClient
    intervals: IntervalsClient
    sealer: Sealer


class Runtime:
    def __init__(self, settings: Settings, upstream_transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._transport = upstream_transport
        self._deps: Deps | None = None

    @property
    def deps(self) -> Deps:
        if self._deps is None:
            raise RuntimeError("icusync is not started: resources open in the ASGI lifespan")
        return self._deps

    async def open(self) -> Deps:
        settings = self.settings
        sealer = Sealer(settings.encryption_keys)
        db = Database(settings.db_path)
        await db.open()
        try:
            http = self._http_client()
        except BaseException:
            await db.close()
            raise
        intervals = IntervalsClient(
            http,
            settings.upstream_base_url,
            rate=settings.upstream_rate,
            timeout=settings.upstream_timeout,
            cache=ReadCache(),
        )
        self._deps = Deps(settings=settings, db=db, http=http, intervals=intervals, sealer=sealer)
        return self._deps

    def _http_client(self) -> httpx.AsyncClient:
        settings = self.settings
        return httpx.AsyncClient(
            transport=self._transport,
            timeout=settings.upstream_timeout,
            headers={"User-Agent": "icusync/0.1"},
            limits=httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS),
        )

    async def close(self) -> None:
        if self._deps is not None:
            await self._deps.http.aclose()
            await self._deps.db.close()
            self._deps = None
