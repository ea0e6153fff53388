"""What the process-level benchmarks share: the code under test, servers as subprocesses, /proc counters.

The code under test is a source tree (`--source`, default this checkout), so the same script measures
an older commit unpacked elsewhere: its directory goes first on the path of this process and of every
server started here.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def use_source(source: Path) -> dict[str, str]:
    """Import icusync from `source` here; return the environment that does the same for subprocesses."""
    sys.path.insert(0, str(source))
    return {**os.environ, "PYTHONPATH": str(source)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(url: str, proc: subprocess.Popen[Any], timeout: float = 60.0) -> float:
    """Poll `url` until it answers 200; return the seconds waited. Fails if the process exits."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} not healthy after {timeout} s")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_kb(pid: int) -> dict[str, int]:
    """Resident set now (VmRSS) and its peak so far (VmHWM), in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def load_machine() -> str:
    """The load average when a measure starts: the machine is shared, so say how busy it was."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def save(name: str, label: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}-{label}.json"
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    return path


def options() -> argparse.ArgumentParser:
    """The options of every benchmark measured before and after a change; each adds its own."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="after", help="its column in BENCHMARKS.md (before, after)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the icusync tree to measure")
    parser.add_argument("--no-report", action="store_true",
                        help="print only: keep the result out of bench/results and BENCHMARKS.md")
    return parser


def finish(name: str, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Print the results; unless --no-report, keep them under their label and refresh BENCHMARKS.md
    (every label kept is a column there, so a trial run must not be kept)."""
    print(json.dumps(results, indent=1))
    if args.no_report:
        return
    path = save(name, args.label, results)
    print(f"saved {path}", file=sys.stderr)
    import goals

    goals.refresh()


def saved(name: str) -> dict[str, dict[str, Any]]:
    """Every stored result of one benchmark, by label, 'before' first."""
    found = {p.stem.removeprefix(name + "-"): json.loads(p.read_text()) for p in RESULTS.glob(f"{name}-*.json")}
    return dict(sorted(found.items(), key=lambda kv: (kv[0] != "before", kv[0])))
