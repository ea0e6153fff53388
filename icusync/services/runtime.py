"""Long-lived resources, opened in the lifespan and handed down explicitly.

`Runtime` is built by the app factory with the settings; `open()` (run by the
lifespan) creates the database, the shared HTTP client and the Intervals.icu
client; request handlers and tools reach them through `runtime.deps`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from icusync.crypto import Sealer
from icusync.db import Database
from icusync.intervals.cache import ReadCache
from icusync.intervals.client import CONNECTIONS, IntervalsClient
from icusync.settings import Settings


@dataclass
class Unsettled:
    """Which users this process knows to have no write of unknown outcome, so their calls need not ask
    the database before settling. A change sent, or one whose answer was lost, makes them unknown again;
    a check counts only if no such change began while it ran."""

    quiet: set[int] = field(default_factory=set)
    changes: dict[int, int] = field(default_factory=dict)

    def changing(self, user_id: int) -> None:
        self.changes[user_id] = self.changes.get(user_id, 0) + 1
        self.quiet.discard(user_id)

    def stamp(self, user_id: int) -> int:
        return self.changes.get(user_id, 0)

    def found_none(self, user_id: int, stamp: int) -> None:
        if self.changes.get(user_id, 0) == stamp:
            self.quiet.add(user_id)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    http: httpx.AsyncClient
    intervals: IntervalsClient
    sealer: Sealer
    # Each user's roster as last stored, (user id, their athlete id) → (fetched at, athletes): every tool
    # call of a coach's connection names its athlete from it, so it is not read from the database each time.
    rosters: dict[tuple[int, str], tuple[float, list[dict[str, Any]]]] = field(default_factory=dict)
    unsettled: Unsettled = field(default_factory=Unsettled)


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
