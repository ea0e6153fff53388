from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from icusync.db import Database, migration_scripts


async def test_migrations_on_empty_then_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    await db.open()
    names = [name for name, _ in migration_scripts()]
    async with db.read() as conn:
        recorded = [r[0] for r in await conn.execute_fetchall("SELECT name FROM migrations ORDER BY name")]
    assert recorded == names and "0001_users" in names
    assert await db.check()
    await db.close()

    reopened = Database(path)
    await reopened.open()
    assert await reopened.migrate() == []  # nothing applied twice
    await reopened.close()


async def test_pragmas(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    async with db.write() as conn:
        mode = (await conn.execute_fetchall("PRAGMA journal_mode"))[0][0]
        fk = (await conn.execute_fetchall("PRAGMA foreign_keys"))[0][0]
        busy = (await conn.execute_fetchall("PRAGMA busy_timeout"))[0][0]
    assert (mode, fk) == ("wal", 1) and busy > 0
    await db.close()


async def test_many_concurrent_writers_never_interleave(tmp_path: Path) -> None:
    """Each transaction reads a counter and writes it back +1 after yielding to the loop.

    Interleaved transactions would lose updates; a lock error would raise.
    """
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    async with db.write() as conn:
        await conn.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        await conn.execute("CREATE TABLE log (writer INTEGER, step INTEGER)")
        await conn.execute("INSERT INTO counter VALUES (0)")

    async def writer(i: int) -> None:
        for step in range(10):
            async with db.write() as conn:
                n = (await conn.execute_fetchall("SELECT n FROM counter"))[0][0]
                await conn.execute("INSERT INTO log VALUES (?, ?)", (i, step))
                await asyncio.sleep(0)  # let every other writer try to get in
                await conn.execute("UPDATE counter SET n = ?", (n + 1,))

    async def reader() -> None:
        for _ in range(20):
            async with db.read() as conn:
                await conn.execute_fetchall("SELECT n FROM counter")
            await asyncio.sleep(0)

    await asyncio.gather(*(writer(i) for i in range(40)), *(reader() for _ in range(8)))
    async with db.read() as conn:
        assert (await conn.execute_fetchall("SELECT n FROM counter"))[0][0] == 400
        assert (await conn.execute_fetchall("SELECT count(*) FROM log"))[0][0] == 400
    await db.close()


async def test_a_second_process_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    """Another connection (another process in production) holding the write lock briefly."""
    path = tmp_path / "db.sqlite3"
    db = Database(path)
    await db.open()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, other.execute, "COMMIT")
    async with db.write() as conn:
        await conn.execute("CREATE TABLE t (x)")
    other.close()
    await db.close()


async def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    async with db.write() as conn:
        await conn.execute("CREATE TABLE t (x INTEGER)")
    try:
        async with db.write() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with db.read() as conn:
        assert (await conn.execute_fetchall("SELECT count(*) FROM t"))[0][0] == 0
    await db.close()


async def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    async with db.write() as conn:
        await conn.execute("CREATE TABLE t (x INTEGER)")
        await conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(100)])
    await Database.backup_file(db.path, tmp_path / "copy.sqlite3")  # while the server holds it open
    await db.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT count(*), sum(x) FROM t").fetchone() == (100, 4950)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
