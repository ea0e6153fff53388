"""Command line: serve, demo, backup, and the admin commands."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sqlite3
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from icusync import settings as settings_mod
from icusync.errors import ConfigError
from icusync.logs import configure as configure_logging

log = logging.getLogger("icusync")


def version() -> str:
    try:
        return metadata.version("icusync")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _serve(args: argparse.Namespace) -> int:
    # Start-up makes ~100k objects that live as long as the process: collecting mid-import finds nothing
    # to free, and frozen afterwards they are left out of every later full collection (a pause per call).
    gc.disable()
    from icusync.cli.serving import check_database, listen, run, warn_about_permissions

    configure_logging()
    settings = settings_mod.serving_settings(args.host, args.port)
    warn_about_permissions(settings)
    asyncio.run(check_database(settings))
    config, sockets = listen(args.host, args.port)
    from icusync.app import create_app  # the heavy imports, once nothing stands in the way

    log.info("icusync %s on %s:%s: %s", version(), args.host, args.port, settings.summary())
    app = create_app(settings)
    gc.freeze()
    gc.enable()
    run(app, config, sockets, settings.trusted_proxy_hops)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from icusync.app import create_app
    from icusync.cli.demo_wiring import demo_settings, demo_upstream, prepare_demo_athlete
    from icusync.cli.serving import check_database, data_problem, listen, run, warn_about_permissions

    configure_logging()
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    public_url = args.public_url or f"http://{shown_host}:{args.port}"
    try:
        settings = demo_settings(public_url, Path(args.data))
    except OSError as exc:
        raise data_problem(settings_mod.Settings(data_dir=Path(args.data)), exc, "--data") from None
    warn_about_permissions(settings)
    asyncio.run(check_database(settings, "--data"))
    # Bound before the connector URL is printed: a busy port must not leave a URL that leads nowhere.
    config, sockets = listen(args.host, args.port)
    demo = demo_upstream(seed=args.seed)
    connector_url = asyncio.run(prepare_demo_athlete(settings, demo))
    coach_url = asyncio.run(prepare_demo_athlete(settings, demo, demo.coach_id)) if demo.coach_id else None
    log.info("icusync %s demo on %s:%s: %s", version(), args.host, args.port, settings.summary())
    print(f"icusync demo: pages at {public_url}/", flush=True)
    print(f"Connector URL for the demo athlete (paste into an MCP client): {connector_url}", flush=True)
    if coach_url:
        print(f"Connector URL for the demo coach of two athletes: {coach_url}", flush=True)
    run(create_app(settings, demo=demo), config, sockets)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from icusync.cli.serving import reason_of
    from icusync.db import Database

    data_dir = settings_mod.data_dir_from_env() if args.data is None else Path(args.data)
    source, target = data_dir / settings_mod.DB_FILE_NAME, Path(args.path)
    if not source.exists():
        raise ConfigError(f"no database at {source}; set ICUSYNC_DATA_DIR or pass --data")
    try:
        asyncio.run(Database.backup_file(source, target))
    except (OSError, sqlite3.Error) as exc:
        reason = reason_of(exc)
        raise ConfigError(
            f"could not write the backup to {target}: {reason}; choose a path in a directory this user can write"
        ) from None
    print(f"backup written to {args.path} (mode 0600)")
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
    print("turned off their personal connector URL and signed them out of every browser")
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
        prog="icusync",
        description="Intervals.icu for your AI assistant (a remote MCP server). Configured from ICUSYNC_* "
        "variables (see the README); every command's --help lists its options.",
    )
    p.add_argument("--version", action="version", version=f"icusync {version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text, description=text)

    def data_option(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument("--data", default=None, metavar="DIR", help="data directory (default: $ICUSYNC_DATA_DIR, else "
                         "./icusync-data)")

    serve = command("serve", "run the production server, configured from ICUSYNC_* variables")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s; 0.0.0.0 "
                       "for every interface, which needs ICUSYNC_PUBLIC_URL)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    serve.set_defaults(func=_serve)

    demo = command("demo", "run with the built-in demo Intervals.icu: no account, no network")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    demo.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    demo.add_argument("--data", default="icusync-demo-data", metavar="DIR",
                      help="data directory (default: %(default)s); the connector URL stays the same across "
                      "restarts with the same one")
    demo.add_argument("--public-url", default=None, metavar="URL",
                      help="the URL clients use, e.g. a tunnel's https URL (when not given: http://HOST:PORT)")
    demo.add_argument("--seed", type=int, default=1, help="seed of the synthetic athlete (default: %(default)s)")
    demo.set_defaults(func=_demo)

    backup = command("backup", "write a consistent copy of the database to PATH (mode 0600), safe while serving")
    backup.add_argument("path", metavar="PATH", help="file to write the copy to")
    data_option(backup)
    backup.set_defaults(func=_backup)

    init = command("init", "create the encryption key and session secret files (0600), keeping existing ones")
    data_option(init)
    init.set_defaults(func=_init)

    keygen = command("keygen", "print a new random key (for ICUSYNC_ENCRYPTION_KEY or ICUSYNC_SESSION_SECRET)")
    keygen.set_defaults(func=_keygen)

    users = command("users", "list the athletes with an account")
    users.set_defaults(func=_users)

    invite = command("invite", "print new single-use invite codes (for ICUSYNC_SIGNUP=invite)")
    invite.add_argument("--count", type=int, default=1, help="how many codes to make, 1 to 1000 (default: %(default)s)")
    invite.set_defaults(func=_invite)

    revoke = command("revoke-clients", "disconnect every assistant/app of one athlete and sign them out everywhere")
    revoke.add_argument("athlete_id", metavar="ATHLETE_ID", help="their Intervals.icu athlete id, e.g. i12345")
    revoke.set_defaults(func=_revoke_clients)

    delete = command("delete-user", "delete one athlete's account and all their icusync data")
    delete.add_argument("athlete_id", metavar="ATHLETE_ID", help="their Intervals.icu athlete id, e.g. i12345")
    delete.set_defaults(func=_delete_user)

    rotate = command("rotate-key", "re-seal stored credentials with the new encryption key")
    rotate.set_defaults(func=_rotate_key)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"icusync: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except (OSError, sqlite3.Error) as exc:
        # Whatever the command did not foresee still ends in one line and a non-zero status.
        print(f"icusync {args.command}: {exc}", file=sys.stderr)
        return 1
    return result
