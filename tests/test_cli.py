"""`icusync backup` and `icusync init` from the command line."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from icusync.cli import main as cli
from icusync.db import Database
from icusync.store import users


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
