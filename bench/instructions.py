"""Instructions per tool call: `icusync serve` under valgrind's callgrind, counted only while calls are made.

Run: .venv/bin/python bench/instructions.py [--label after] [--source DIR] [--calls N] [--no-report]

Wall clock on a shared machine measures the neighbours too; an instruction count does not. The server
starts uninstrumented (callgrind --instr-atstart=no); for each case a few calls warm it up, then the
counters are zeroed, N sequential calls are made with instrumentation on, and the dump's total (Ir,
every thread of the process) is divided by N. Results go to bench/results/instructions-<label>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402
import procs  # noqa: E402
import servers  # noqa: E402

TODAY = dt.date.today()


def six_weeks_ending(days_ago: int) -> dict[str, Any]:
    end = TODAY - dt.timedelta(days=days_ago)
    return {"oldest": (end - dt.timedelta(days=41)).isoformat(), "newest": end.isoformat()}


CASES: list[tuple[str, str, list[dict[str, Any]]]] = [
    # (label, tool, arguments per call: cycled, so a list of distinct ranges makes every call reach upstream)
    ("get_athlete_profile, repeated", "get_athlete_profile", [{}]),
    ("get_fitness, repeated", "get_fitness", [{}]),
    ("get_fitness, a new range each call", "get_fitness", [six_weeks_ending(d) for d in range(1, 200)]),
]


BASELINES = ("tools/call of a tool that does not exist", "GET /healthz")


def control(pid: int, *args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True, timeout=120)


def total_ir(out: Path, before: set[Path]) -> int:
    """The Ir total of the newest dump file."""
    for _ in range(200):
        new = sorted(set(out.parent.glob(out.name + "*")) - before)
        if new and "totals:" in new[-1].read_text(errors="replace"):
            match = re.search(r"^totals:\s+(\d+)", new[-1].read_text(errors="replace"), re.M)
            if match:
                return int(match.group(1))
        time.sleep(0.1)
    raise RuntimeError("no callgrind dump")


async def count(pid: int, out: Path, calls: int, call: Callable[[int], Awaitable[None]]) -> float:
    """Instructions per call of `call(i)`: three uninstrumented, then `calls` counted."""
    for i in range(3):
        await call(-1 - i)
    control(pid, "-i", "on")
    control(pid, "-z")
    for i in range(calls):
        await call(i)
    before = set(out.parent.glob(out.name + "*"))
    control(pid, "-d")
    per_call = total_ir(out, before) / calls
    control(pid, "-i", "off")
    return per_call


async def measure(st: servers.Stack, port: int, pid: int, out: Path, calls: int) -> dict[str, float]:
    athlete = st.athletes[1]
    conn = servers.Conn(port)
    results = {}
    for label, tool, arguments in CASES:

        async def call(i: int, tool: str = tool, arguments: list[dict[str, Any]] = arguments) -> None:
            outcome, _ = await servers.call_tool(conn, athlete.path, tool, arguments[i % len(arguments)])
            assert outcome == "ok", (tool, outcome)

        results[label] = await count(pid, out, calls, call)
    # What every call pays before its tool: a tool that does not exist (authentication, the SDK's request
    # handling, the error), and /healthz through Quart for comparison.
    unknown = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "nope"}}).encode()

    async def refused(i: int) -> None:
        await conn.request("POST", athlete.path, unknown, servers.MCP_HEADERS)

    async def health(i: int) -> None:
        await conn.request("GET", "/healthz")

    results[BASELINES[0]] = await count(pid, out, calls, refused)
    results[BASELINES[1]] = await count(pid, out, calls, health)
    for label, value in results.items():
        print(f"[instructions] {label}: {value / 1e6:.2f} M per call", file=sys.stderr)
    conn.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = procs.options()
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args(argv)
    with servers.stack(args.source.resolve()) as st:
        out = st.tmp / "callgrind.out"
        wrap = ("valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}")
        with st.icusync(load.LIFTED, wrap, start_timeout=600) as (port, pid):
            # The wrapped process is valgrind running python: its pid is the server's.
            per_call = asyncio.run(measure(st, port, pid, out, args.calls))
    procs.finish("instructions", args, {"calls": args.calls, "instructions_per_call": per_call,
                                        "date": time.strftime("%Y-%m-%d %H:%M")})


if __name__ == "__main__":
    main()
