"""Every command exits on failure: one line naming what failed, a non-zero status, no thread left running.

Real processes, each under a timeout: a database connection left open keeps its thread, and so the
process, alive, which only a subprocess shows. The four run at once to keep the suite quick.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from pathlib import Path

import icusync
from icusync.db import Database
from icusync.settings import new_key_text

TIMEOUT = 60


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICUSYNC_")}
    return {**env, "ICUSYNC_ENCRYPTION_KEY": new_key_text(), "ICUSYNC_SESSION_SECRET": "s" * 40, **extra}


async def run(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, list[str]]:
    # In a directory of its own: `-m` looks in the working directory first, before PYTHONPATH.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "icusync", *args, env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"`icusync {' '.join(args)}` did not exit") from None
    assert proc.returncode is not None
    return proc.returncode, [line for line in err.decode().splitlines() if line.strip()]


def package_with_an_unreadable_migration(tmp_path: Path) -> Path:
    """A copy of the installed package whose migrations folder holds a file that cannot be read."""
    root = tmp_path / "installed"
    shutil.copytree(Path(icusync.__file__).parent, root / "icusync", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "icusync" / "migrations" / "0999_unreadable.sql").symlink_to(tmp_path / "gone.sql")
    return root


async def test_failing_commands_say_what_failed_in_one_line_and_exit(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "a-file"
    not_a_dir.write_text("")
    data = tmp_path / "data"
    db = Database(data / "icusync.sqlite3")
    await db.open()
    await db.close()
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = str(busy.getsockname()[1])
    broken = package_with_an_unreadable_migration(tmp_path)
    try:
        results = await asyncio.gather(
            run("backup", str(not_a_dir / "copy.sqlite3"), "--data", str(data), env=environment(), cwd=tmp_path),
            run("serve", "--port", port, env=environment(ICUSYNC_DATA_DIR=str(not_a_dir / "data")), cwd=tmp_path),
            run("serve", "--port", port, env=environment(ICUSYNC_DATA_DIR=str(tmp_path / "fresh")), cwd=tmp_path),
            run(
                "serve", "--port", port,
                env=environment(ICUSYNC_DATA_DIR=str(tmp_path / "other"), PYTHONPATH=str(broken)),
                cwd=tmp_path,
            ),
        )
    finally:
        busy.close()
    expected = [
        str(not_a_dir / "copy.sqlite3"),  # backup: the path it could not write
        "ICUSYNC_DATA_DIR",  # serve: the variable naming the unusable directory
        f"port {port} on 127.0.0.1 is already in use",  # serve: the busy port
        "0999_unreadable.sql",  # serve: the migration it could not read
    ]
    for (status, lines), fragment in zip(results, expected, strict=True):
        assert status != 0 and len(lines) == 1, lines
        assert lines[0].startswith("icusync: ") and fragment in lines[0], lines
        assert "Traceback" not in lines[0]
