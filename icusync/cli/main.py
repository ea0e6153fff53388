"""Command line: serve, demo, backup, and the admin commands."""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from icusync import settings as settings_mod
from icusync.errors import ConfigError
from icusync.logs import configure as configure_logging


def _serve(args: argparse.Namespace) -> int:
    # Start-up makes ~100k objects that live as long as the process: collecting mid-import finds nothing
    # to free, and frozen afterwards they are left out of every later full collection (a pause per call).
    gc.disable()
    from icusync.app import create_app
    from icusync.cli.serving import run

    settings = settings_mod.from_env()
    configure_logging()
    app = create_app(settings)
    gc.freeze()
    gc.enable()
    run(app, args.host, args.port, settings.trusted_proxy_hops)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from icusync.app import create_app
    from icusync.cli.demo_wiring import demo_settings, demo_upstream, prepare_demo_athlete
    from icusync.cli.serving import run

    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    public_url = args.public_url or f"http://{shown_host}:{args.port}"
    settings = demo_settings(public_url, Path(args.data))
    configure_logging()
    demo = demo_upstream(seed=args.seed)
    connector_url = asyncio.run(prepare_demo_athlete(settings, demo))
    print(f"icusync demo: pages at {public_url}/", flush=True)
    print(f"Connector URL for the demo athlete (paste into an MCP client): {connector_url}", flush=True)
    run(create_app(settings, demo=demo), args.host, args.port)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from icusync.db import Database

    async def go() -> None:
        data_dir = settings_mod.data_dir_from_env() if args.data is None else Path(args.data)
        source = data_dir / settings_mod.DB_FILE_NAME
        if not source.exists():
            raise ConfigError(f"no database at {source}; set ICUSYNC_DATA_DIR or pass --data")
        await Database.backup_file(source, Path(args.path))

    asyncio.run(go())
    print(f"backup written to {args.path}")
    return 0


def _init(args: argparse.Namespace) -> int:
    data_dir = Path(args.data) if args.data else settings_mod.data_dir_from_env()
    made = settings_mod.init_secrets(data_dir)
    for path in made:
        print(f"created {path} (mode 0600)")
    if not made:
        print(f"{data_dir} already has its key and session secret")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    print(settings_mod.new_key_text())
    return 0


def _users(args: argparse.Namespace) -> int:
    from icusync.cli import admin

    rows = asyncio.run(admin.list_users(settings_mod.from_env()))
    if not rows:
        print("no users yet")
    for r in rows:
        created = time.strftime("%Y-%m-%d", time.gmtime(r.created_at))
        url = " personal-url" if r.personal_url else ""
        print(f"{r.athlete_id}\t{r.name or '-'}\tsince {created}\tintervals: {r.credential}\tclients: {r.clients}{url}")
    return 0


def _invite(args: argparse.Namespace) -> int:
    from icusync.cli import admin

    settings = settings_mod.from_env()
    codes = asyncio.run(admin.create_invites(settings, args.count))
    for code in codes:
        print(code)
    if settings.signup_policy != "invite":
        print("note: sign-up is not invite-only (set ICUSYNC_SIGNUP=invite to require codes)", file=sys.stderr)
    return 0


def _revoke_clients(args: argparse.Namespace) -> int:
    from icusync.cli import admin

    count = asyncio.run(admin.revoke_clients(settings_mod.from_env(), args.athlete_id))
    print(f"revoked every connected app of {args.athlete_id} ({count} tokens: access and refresh)")
    print("and turned off their personal connector URL")
    print("they must connect again from their assistant")
    return 0


def _delete_user(args: argparse.Namespace) -> int:
    from icusync.cli import admin

    withdrawn = asyncio.run(admin.delete_user(settings_mod.from_env(), args.athlete_id))
    print(f"deleted {args.athlete_id} and all their icusync data (their Intervals.icu data is untouched)")
    if withdrawn:
        print("icusync's access at Intervals.icu was withdrawn too")
    return 0


def _rotate_key(args: argparse.Namespace) -> int:
    from icusync.cli import admin

    settings = settings_mod.from_env()
    if len(settings.encryption_keys) < 2:
        print(
            "icusync: to rotate, put a new key (from `icusync keygen`) in ICUSYNC_ENCRYPTION_KEY and the "
            "current one in ICUSYNC_OLD_ENCRYPTION_KEYS, then run this again",
            file=sys.stderr,
        )
        return 2
    count = asyncio.run(admin.rotate_key(settings))
    print(f"re-sealed {count} credentials and client secrets with the new key.")
    print("next: remove ICUSYNC_OLD_ENCRYPTION_KEYS from the environment and restart icusync.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="icusync", description="Intervals.icu for your AI assistant (a remote MCP server)."
    )
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the production server (configured from ICUSYNC_* variables)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=_serve)

    demo = sub.add_parser("demo", help="run with the built-in demo Intervals.icu: no account, no network")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data", default="icusync-demo-data", help="data directory (default: ./icusync-demo-data)")
    demo.add_argument("--public-url", default=None, help="the URL clients use, if not http://HOST:PORT")
    demo.add_argument("--seed", type=int, default=1, help="seed of the synthetic athlete")
    demo.set_defaults(func=_demo)

    backup = sub.add_parser("backup", help="write a consistent copy of the database to PATH")
    backup.add_argument("path")
    backup.add_argument("--data", default=None, help="data directory (default: $ICUSYNC_DATA_DIR)")
    backup.set_defaults(func=_backup)

    init = sub.add_parser("init", help="create the encryption key and session secret files (0600)")
    init.add_argument("--data", default=None, help="data directory (default: $ICUSYNC_DATA_DIR)")
    init.set_defaults(func=_init)

    keygen = sub.add_parser("keygen", help="print a new random key (for ICUSYNC_ENCRYPTION_KEY)")
    keygen.set_defaults(func=_keygen)

    users = sub.add_parser("users", help="list the athletes with an account")
    users.set_defaults(func=_users)

    invite = sub.add_parser("invite", help="print new single-use invite codes (for ICUSYNC_SIGNUP=invite)")
    invite.add_argument("--count", type=int, default=1)
    invite.set_defaults(func=_invite)

    revoke = sub.add_parser("revoke-clients", help="disconnect every assistant/app of one athlete")
    revoke.add_argument("athlete_id")
    revoke.set_defaults(func=_revoke_clients)

    delete = sub.add_parser("delete-user", help="delete one athlete's account and all their icusync data")
    delete.add_argument("athlete_id")
    delete.set_defaults(func=_delete_user)

    rotate = sub.add_parser("rotate-key", help="re-seal stored credentials with the new encryption key")
    rotate.set_defaults(func=_rotate_key)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"icusync: {exc.message}", file=sys.stderr)
        return 2
    return result
