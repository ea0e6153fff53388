"""`icusync demo`: the real app wired to the built-in demo Intervals.icu.

No account and no network: the demo upstream runs in-process, its API reached
through an in-memory transport and its sign-in pages served under
/demo-intervals for the browser.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from icusync.crypto import Sealer, new_token
from icusync.db import Database
from icusync.demo import DemoUpstream
from icusync.intervals.client import IntervalsClient
from icusync.intervals.credential import UpstreamCredential
from icusync.settings import (
    KEY_FILE_NAME,
    SESSION_SECRET_FILE_NAME,
    Settings,
    decode_key,
    init_secrets,
    write_secret_file,
)
from icusync.store import users

DEMO_CLIENT_ID = "icusync-demo"
DEMO_CLIENT_SECRET = "demo-secret"
DEMO_PREFIX = "/demo-intervals"
# The demo athlete's personal connector secret, kept beside the database (0600) so the URL survives restarts.
CONNECTOR_SECRET_FILE = "demo-connector.secret"


def demo_settings(public_url: str, data_dir: Path) -> Settings:
    init_secrets(data_dir)
    key = decode_key((data_dir / KEY_FILE_NAME).read_text(), str(data_dir / KEY_FILE_NAME))
    return Settings(
        public_url=public_url.rstrip("/"),
        data_dir=data_dir,
        encryption_keys=(key,),
        session_secret=(data_dir / SESSION_SECRET_FILE_NAME).read_text().strip(),
        intervals_client_id=DEMO_CLIENT_ID,
        intervals_client_secret=DEMO_CLIENT_SECRET,
        upstream_base_url=public_url.rstrip("/") + DEMO_PREFIX,
        signin_methods=("demo", "intervals-oauth", "api-key"),
        demo=True,
    )


def demo_upstream(seed: int = 1) -> DemoUpstream:
    # No fault switch over HTTP: anyone reaching a shared demo could otherwise break it for everyone.
    return DemoUpstream(
        seed=seed, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET}, fault_endpoint=False
    )


async def prepare_demo_athlete(settings: Settings, demo: DemoUpstream, athlete_id: str | None = None) -> str:
    """Create a demo athlete's account (the first, unless another is named) and its personal
    connector URL; return that URL.

    Only `icusync demo` calls this: a URL that works with no sign-in exists for
    the synthetic athletes and never for a real one.
    """
    athlete_id = athlete_id or demo.athlete_ids[0]
    cred = UpstreamCredential(athlete_id=athlete_id, kind="api_key", secret=demo.api_key(athlete_id))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi)) as http:
        athlete = await IntervalsClient(http, settings.upstream_base_url).get_athlete(cred)
    db = Database(settings.db_path)
    await db.open()
    try:
        user = await users.upsert_user(
            db, athlete_id, str(athlete.get("name") or "Demo athlete"), athlete.get("timezone")
        )
        await users.save_credential(db, Sealer(settings.encryption_keys), user.id, "api_key", cred.secret)
        # One kept secret per demo account: the athlete's file keeps its old name.
        kept = CONNECTOR_SECRET_FILE if athlete_id == demo.athlete_ids[0] else f"{athlete_id}.{CONNECTOR_SECRET_FILE}"
        secret = await _kept_secret(db, settings.data_dir / kept, user.id)
    finally:
        await db.close()
    return settings.personal_url(secret)


async def _kept_secret(db: Database, path: Path, user_id: int) -> str:
    """The demo athlete's personal connector secret from the last start of this data directory, if it
    still works: a URL pasted into a client keeps working across restarts. Otherwise a new one."""
    kept = _read_kept(path)
    owner = await users.user_for_personal_secret(db, kept) if kept else None
    if owner is not None and owner[0].id == user_id:
        return kept
    secret = new_token()
    await users.set_personal_url(db, user_id, secret)
    _keep(path, secret)
    return secret


def _read_kept(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def _keep(path: Path, secret: str) -> None:
    path.unlink(missing_ok=True)
    write_secret_file(path, secret)
