"""The shiv zipapp, built by build.sh, serves /healthz when started from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.harness import free_port

ROOT = Path(__file__).resolve().parents[1]


def build(out: Path) -> Path:
    subprocess.run(
        ["bash", str(ROOT / "build.sh"), str(out)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
    )
    return out / "icusync.pyz"


def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> httpx.Response:
    for _ in range(300):
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not come up")


def answers_healthz(zipapp: Path, tmp_path: Path, mode: str) -> None:
    port = free_port()
    env = {**os.environ, "ICUSYNC_DATA_DIR": str(tmp_path / "data"), "SHIV_ROOT": str(tmp_path / "shiv")}
    if mode == "serve":
        subprocess.run([sys.executable, str(zipapp), "init"], check=True, cwd=tmp_path, env=env, capture_output=True)
        args = ["serve", "--port", str(port)]
    else:
        args = ["demo", "--port", str(port), "--data", str(tmp_path / "demo")]
    proc = subprocess.Popen(
        [sys.executable, str(zipapp), *args], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        health = _wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
        assert health.status_code == 200 and health.json()["database"] == "ok"
        landing = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert landing.status_code == 200 and "icusync" in landing.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/icusync.css", timeout=5).status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    if mode == "demo":
        assert b"/u/" in out and b"/mcp" in out  # the printed connector URL


def refuses_to_start_without_a_key(zipapp: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ICUSYNC_DATA_DIR": str(tmp_path / "empty"), "SHIV_ROOT": str(tmp_path / "shiv")}
    env.pop("ICUSYNC_ENCRYPTION_KEY", None)
    done = subprocess.run(
        [sys.executable, str(zipapp), "serve"], cwd=tmp_path, env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 2
    assert b"icusync keygen" in done.stderr and b"icusync init" in done.stderr


def test_the_zipapp_serves_runs_the_demo_and_refuses_without_a_key(tmp_path: Path) -> None:
    """One build for every check (building takes most of the time), into a temporary directory."""
    zipapp = build(tmp_path / "dist")
    for mode in ("serve", "demo"):
        (tmp_path / mode).mkdir()
        answers_healthz(zipapp, tmp_path / mode, mode)
    (tmp_path / "refuse").mkdir()
    refuses_to_start_without_a_key(zipapp, tmp_path / "refuse")
