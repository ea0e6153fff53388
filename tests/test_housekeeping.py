"""The sweeper: every kind of row that expires is gone once it has, at start-up and on schedule."""

from __future__ import annotations

import time
from pathlib import Path

from icusync.app import create_app
from icusync.db import Database
from icusync.oauth import policy
from icusync.services.housekeeping import Lifetimes, sweep
from icusync.settings import Settings
from icusync.store import accounts, sessions, users
from tests.harness import lifespan
from tests.oauth.kit import authorize, authorize_params, connect, pkce, refresh, serve, sign_in

TABLES = ("oauth_pending", "oauth_codes", "oauth_tokens", "oauth_grants", "oauth_clients", "signin_states",
          "web_sessions")
DAY = 24 * 3600


async def counts(db: Database) -> dict[str, int]:
    async with db.read() as conn:
        found = {t: list(await conn.execute_fetchall(f"SELECT count(*) FROM {t}"))[0][0] for t in TABLES}  # noqa: S608
        sealed = await conn.execute_fetchall("SELECT count(*) FROM oauth_tokens WHERE successor_sealed IS NOT NULL")
    return {**found, "successors": list(sealed)[0][0]}


async def test_a_sweep_leaves_nothing_that_expired(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        client, tokens = await connect(http, person)
        assert (await refresh(http, client, tokens["refresh_token"])).status_code == 200
        assert (await authorize(http, authorize_params(client, pkce()[1]))).status_code == 302
        await accounts.save_signin_state(live.db, "state", "binding", None, None)
        deps = live.app.extensions["icusync"].deps
        lifetimes = Lifetimes(policy.UNUSED_CLIENT_TTL, policy.REFRESH_REUSE_GRACE)
        before = await counts(live.db)
        assert all(before.values()), before  # one of each, so the sweep has something to remove

        await sweep(deps, lifetimes)
        assert await counts(live.db) == before  # nothing has expired yet
        await sweep(deps, lifetimes, now=int(time.time()) + 60)  # past the sealed pair's grace window only
        assert await counts(live.db) == {**before, "successors": 0}

        await sweep(deps, lifetimes, now=int(time.time()) + 100 * DAY)  # past every lifetime
        assert await counts(live.db) == dict.fromkeys(before, 0)
        assert await users.get_user(live.db, person.user.id) is not None  # people are not swept


async def test_what_expired_while_down_is_swept_at_start(settings: Settings) -> None:
    db = Database(settings.db_path)
    await db.open()
    user = await users.upsert_user(db, "i1", "Ada", None)
    await sessions.start_session(db, user.id, lifetime=-10)
    await sessions.start_session(db, user.id, lifetime=3600)
    await db.close()
    app = create_app(settings)
    async with lifespan(app):
        deps = app.extensions["icusync"].deps
        assert await sessions.count_sessions(deps.db, user.id) == 1
