"""SQLite connection discipline.

One writer connection behind an asyncio lock, every write transaction opened
with BEGIN IMMEDIATE so SQLite never has to upgrade a read lock (the usual
source of "database is locked"); a small pool of reader connections; WAL so
readers never block the writer. Named migrations are applied at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

import aiosqlite

from icusync.errors import ConfigError
from icusync.settings import private_dir

BUSY_TIMEOUT_MS = 5000
READERS = 4


async def _connect(path: Path, *, readonly: bool = False) -> aiosqlite.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    # isolation_level=None: we issue BEGIN ourselves, so Python's sqlite3 never opens
    # an implicit deferred transaction behind our back.
    conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        await conn.close()
        raise
    return conn


def migration_scripts() -> list[tuple[str, str]]:
    """(name, sql) for every packaged migration, in name order."""
    folder = resources.files("icusync") / "migrations"
    found = []
    for f in folder.iterdir():
        if not f.name.endswith(".sql"):
            continue
        try:
            found.append((f.name.removesuffix(".sql"), f.read_text()))
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ConfigError(
                f"cannot read the migration {f.name} ({reason}): this icusync installation is damaged; reinstall it"
            ) from None
    return sorted(found)


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []

    async def open(self) -> None:
        """Open the writer (migrating) and the readers; on any failure close what was opened.

        A connection left open keeps its thread, and so the process, alive.
        """
        private_dir(self.path.parent)
        private_file(self.path)
        try:
            self._writer = await _connect(self.path)
            await self._writer.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; only a power
            # loss can drop the last commits, which is the usual WAL trade-off.
            await self._writer.execute("PRAGMA synchronous = NORMAL")
            await self.migrate()
            for _ in range(READERS):
                conn = await _connect(self.path, readonly=True)
                self._all_readers.append(conn)
                self._readers.put_nowait(conn)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        for conn in self._all_readers:
            await conn.close()
        self._all_readers.clear()
        if self._writer is not None:
            await self._writer.close()
            self._writer = None

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; commits on success, rolls back on error."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        conn = await self._readers.get()
        try:
            yield conn
        finally:
            self._readers.put_nowait(conn)

    async def migrate(self) -> list[str]:
        """Apply the packaged migrations not yet recorded; return the names applied."""
        async with self.write() as conn:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)"
            )
            done = {row[0] for row in await conn.execute_fetchall("SELECT name FROM migrations")}
            applied = []
            for name, sql in migration_scripts():
                if name in done:
                    continue
                # executescript would COMMIT our transaction; run statement by statement instead.
                for statement in _statements(sql):
                    await conn.execute(statement)
                await conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, int(time.time())))
                applied.append(name)
        return applied

    async def check(self) -> bool:
        """A real round trip through a reader, for /healthz."""
        async with self.read() as conn:
            rows = list(await conn.execute_fetchall("SELECT count(*) FROM migrations"))
        return bool(rows and rows[0][0] > 0)

    @staticmethod
    async def backup_file(source: Path, target: Path) -> None:
        """Copy a database file that another process may be serving, without writing to it.

        A read-only connection: no migration runs and no write lock is taken, so a newer
        icusync never changes the file under an older server.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        private_file(target)
        os.chmod(target, 0o600)  # an older copy being overwritten may have been looser
        src = await _connect(source, readonly=True)
        try:
            dest = await aiosqlite.connect(target)
            try:
                await src.backup(dest)
            finally:
                await dest.close()
        finally:
            await src.close()


def private_file(path: Path) -> None:
    """Make sure `path` exists readable by its owner only (0600) before SQLite opens it.

    SQLite gives the -wal and -shm files the mode of the database file, so they follow.
    """
    if not path.exists():
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))

def _statements(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about quotes and triggers)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
