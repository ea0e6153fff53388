"""Start-up: the zipapp from `python icusync.pyz serve` to a healthy /healthz, and what the serving path imports.

Run: .venv/bin/python bench/startup.py [--label after] [--source DIR] [--runs N] [--no-report]

Builds the zipapp with the source tree's own build.sh into a temporary directory, then starts it:
first start (an empty SHIV_ROOT: shiv unpacks) and warm start (unpacked already), each where
bytecode may be written and where it cannot (PYTHONDONTWRITEBYTECODE=1 from the unpacking on, as with
a read-only SHIV_ROOT; root ignores file modes, so the variable stands in for them). Each is timed by
wall clock and by the process's own CPU time; the runs of the two kinds alternate. Then
`python -X importtime` of the same `serve`, summed by top-level package.
Results go to bench/results/startup-<label>.json and BENCHMARKS.md (bench/goals.py).
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402


def build(source: Path, out: Path) -> Path:
    subprocess.run(["bash", str(source / "build.sh"), str(out)], check=True, cwd=source, capture_output=True,
                   env={**os.environ, "PYTHON": sys.executable})
    return out / "icusync.pyz"


def environment(tmp: Path, shiv_root: Path, write_bytecode: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env.update({"ICUSYNC_DATA_DIR": str(tmp / "data"), "SHIV_ROOT": str(shiv_root), "ICUSYNC_SESSION_SECRET": "s" * 40,
                "ICUSYNC_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()})
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def start(pyz: Path, env: dict[str, str], *flags: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds) from exec to a healthy /healthz, and the process's stderr."""
    port = procs.free_port()
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *flags, str(pyz), "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        try:
            procs.wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
            wall, cpu = time.perf_counter() - t0, procs.cpu_seconds(proc.pid)
        finally:
            proc.terminate()
            proc.wait(20)
        err.seek(0)
        return wall, cpu, err.read().decode(errors="replace")


def importtime(stderr: str) -> dict[str, Any]:
    """Sum `-X importtime` self times by top-level package."""
    by_package: Counter[str] = Counter()
    modules = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        by_package[name.strip().split(".")[0]] += int(own)
        modules += 1
    total = sum(by_package.values())
    return {"total_ms": total / 1000, "modules": modules,
            "top": [(name, us / 1000) for name, us in by_package.most_common(10)]}


def median_of(runs: list[tuple[float, float, str]]) -> dict[str, float]:
    return {"wall_s": statistics.median(r[0] for r in runs), "cpu_s": statistics.median(r[1] for r in runs),
            "wall_min_s": min(r[0] for r in runs)}


def main(argv: list[str] | None = None) -> None:
    parser = procs.options()
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine_load_at_start": procs.load_machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="icusync-startup-") as d:
        tmp = Path(d)
        pyz = build(args.source.resolve(), tmp / "dist")
        results["size_mb"] = pyz.stat().st_size / 1e6
        # First starts alternate between the two kinds, so neither gets the quieter moments.
        first: dict[bool, list[tuple[float, float, str]]] = {True: [], False: []}
        for i in range(max(1, args.runs // 2)):
            for write_bytecode in (True, False):
                root = tmp / f"first-{i}-{write_bytecode}"
                first[write_bytecode].append(start(pyz, environment(tmp, root, write_bytecode)))
                shutil.rmtree(root)
        results["first_start"] = median_of(first[True])
        results["first_start_no_bytecode"] = median_of(first[False])
        writable = environment(tmp, tmp / "writable", True)
        readonly = environment(tmp, tmp / "no-bytecode", False)
        start(pyz, writable)
        start(pyz, readonly)
        warm: dict[bool, list[tuple[float, float, str]]] = {True: [], False: []}
        for _ in range(args.runs):
            warm[True].append(start(pyz, writable))
            warm[False].append(start(pyz, readonly))
        results["warm_start"] = median_of(warm[True])
        results["warm_start_no_bytecode"] = median_of(warm[False])
        results["importtime"] = importtime(start(pyz, writable, "-X", "importtime")[2])
    procs.finish("startup", args, results)


if __name__ == "__main__":
    main()
