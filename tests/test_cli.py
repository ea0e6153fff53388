"""The command line in-process: backup, init, --version, --help, the demo's start, private files."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import stat
from pathlib import Path

import pytest

from icusync import settings as settings_mod
from icusync.cli import main as cli
from icusync.cli.demo_wiring import CONNECTOR_SECRET_FILE, DEMO_PREFIX, demo_settings, prepare_demo_athlete
from icusync.db import Database
from icusync.store import users
from tests.harness import new_demo


def test_backup_copies_a_live_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"

    async def seed() -> None:
        db = Database(data / "icusync.sqlite3")
        await db.open()
        await users.upsert_user(db, "i42", "Ada", None)
        await db.close()

    asyncio.run(seed())
    copy = tmp_path / "backups" / "copy.sqlite3"
    assert cli.main(["backup", str(copy), "--data", str(data)]) == 0
    rows = sqlite3.connect(copy).execute("SELECT athlete_id, name FROM users").fetchall()
    assert rows == [("i42", "Ada")]
    assert "backup written" in capsys.readouterr().out


def test_backup_without_a_database_says_where_it_looked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backup", str(tmp_path / "x.sqlite3"), "--data", str(tmp_path / "none")]) == 2
    assert "no database at" in capsys.readouterr().err


def test_init_then_keygen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", "--data", str(tmp_path)]) == 0
    assert "created" in capsys.readouterr().out
    assert cli.main(["init", "--data", str(tmp_path)]) == 0
    assert "already has" in capsys.readouterr().out
    assert cli.main(["keygen"]) == 0
    assert len(capsys.readouterr().out.strip()) == 44


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("icusync 0.")


def test_every_command_describes_its_options_and_defaults() -> None:
    sub = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert command.description, name
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"icusync {name}: {action.dest} has no help"
            if action.option_strings and action.default is not None:
                assert "default" in action.help, f"icusync {name}: {action.dest} does not say its default"


def test_the_demo_on_a_busy_port_prints_no_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["demo", "--port", str(port), "--data", str(tmp_path / "demo")]) == 2
    out, err = capsys.readouterr()
    assert "Connector URL" not in out
    assert f"port {port} on 127.0.0.1 is already in use" in err


async def test_the_demo_keeps_its_connector_url_across_restarts(tmp_path: Path) -> None:
    demo = new_demo(seed=1, prefix=DEMO_PREFIX)
    first = await prepare_demo_athlete(demo_settings("http://127.0.0.1:8000", tmp_path / "a"), demo)
    again = await prepare_demo_athlete(demo_settings("http://127.0.0.1:8000", tmp_path / "a"), demo)
    elsewhere = await prepare_demo_athlete(demo_settings("http://127.0.0.1:8000", tmp_path / "b"), demo)
    assert first == again and elsewhere != first
    kept = tmp_path / "a" / CONNECTOR_SECRET_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    kept.write_text("a-secret-that-no-longer-works")  # e.g. rotated from the dashboard since
    renewed = await prepare_demo_athlete(demo_settings("http://127.0.0.1:8000", tmp_path / "a"), demo)
    assert renewed != first and kept.read_text().strip() in renewed


async def test_files_are_private_on_creation_and_looser_ones_are_warned_about(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = Database(data / "icusync.sqlite3")
    await db.open()
    await users.upsert_user(db, "i42", "Ada", None)
    copy = tmp_path / "backups" / "copy.sqlite3"
    await Database.backup_file(data / "icusync.sqlite3", copy)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    made = [data / "icusync.sqlite3", data / "icusync.sqlite3-wal", data / "icusync.sqlite3-shm", copy]
    made += settings_mod.init_secrets(data)
    for path in made:  # the WAL and its index exist while the database is open
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert settings_mod.loose_permissions(data) == []
    await db.close()
    os.chmod(data / "icusync.sqlite3", 0o644)
    os.chmod(data, 0o755)
    warnings = settings_mod.loose_permissions(data)
    assert len(warnings) == 2
    assert f"chmod 600 {data / 'icusync.sqlite3'}" in warnings[1] and f"chmod 700 {data}" in warnings[0]


def test_backup_to_an_unusable_path_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    asyncio.run(_empty_database(data))
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["backup", str(blocker / "copy.sqlite3"), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"could not write the backup to {blocker / 'copy.sqlite3'}" in err and "not a directory" in err


async def _empty_database(data: Path) -> None:
    db = Database(data / "icusync.sqlite3")
    await db.open()
    await db.close()
