"""Load: N athletes × M concurrent clients against `icusync serve`, with the demo Intervals.icu as upstream.

Run: .venv/bin/python bench/load.py [--label after] [--source DIR] [--quick] [--no-report]

Three processes on 127.0.0.1 (bench/servers.py): the demo upstream, `icusync serve` and the clients
of this one. Every phase is bounded in time. Results go to bench/results/load-<label>.json and
BENCHMARKS.md (bench/goals.py).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402
from servers import Athlete, Conn, Stack, call_tool, stack  # noqa: E402

LIFTED = 100_000.0  # upstream requests per second: no limit in practice
DEFAULT_RATE = 8.0
MIX: list[tuple[str, dict[str, Any], int]] = [  # tool, arguments, weight
    ("get_athlete_profile", {}, 2),
    ("get_fitness", {}, 3),
    ("list_activities", {}, 3),
    ("get_wellness", {}, 2),
    ("get_calendar", {}, 2),
    ("get_training_summary", {}, 1),
    ("log_wellness", {"soreness": 2}, 1),
    ("add_calendar_entry", {"kind": "note", "date": "tomorrow", "name": "Load test note"}, 1),
]
# A conversation as an assistant holds it: the five asks of bench/peers.py, a follow-up and a write.
CONVERSATION: list[tuple[str, dict[str, Any]]] = [
    ("get_athlete_profile", {}),
    ("list_activities", {"oldest": "last 30 days"}),
    ("get_fitness", {}),
    ("get_wellness", {"oldest": "last 7 days"}),
    ("get_activity", {"activity_id": "{activity}"}),
    ("get_calendar", {"newest": "next 14 days"}),
    ("get_fitness", {}),
    ("get_calendar", {}),
    ("log_wellness", {"soreness": 2}),
    ("get_wellness", {"oldest": "last 7 days"}),
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@dataclass
class Phase:
    name: str
    clients: int
    athletes: int
    rate: float
    seconds: float
    calls: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    upstream: int = 0
    cpu_s: float = 0.0
    groups: dict[str, list[float]] = field(default_factory=dict)
    unfinished: int = 0

    def summary(self) -> dict[str, Any]:
        ok = self.outcomes.get("ok", 0)
        out = {
            "clients": self.clients, "athletes": self.athletes, "rate": self.rate, "seconds": self.seconds,
            "calls": self.calls, "calls_per_s": self.calls / self.seconds, "ok": ok,
            "p50_ms": pct(self.latencies_ms, 0.5), "p95_ms": pct(self.latencies_ms, 0.95),
            "p99_ms": pct(self.latencies_ms, 0.99), "unfinished": self.unfinished,
            "errors": {k: v for k, v in self.outcomes.items() if k != "ok"},
            "upstream_per_call": self.upstream / max(1, self.calls),
            "cpu_ms_per_call": 1000 * self.cpu_s / max(1, self.calls),
        }
        for group, values in self.groups.items():
            out[f"{group}_p50_ms"], out[f"{group}_p95_ms"] = pct(values, 0.5), pct(values, 0.95)
        return out


async def run_phase(st: Stack, port: int, pid: int, phase: Phase, plan: list[tuple[Athlete, str]],
                    tools: list[tuple[str, dict[str, Any], int]], warmup: float = 2.0, grace: float = 5.0) -> Phase:
    """`plan` has one (athlete, group) per client; each client calls weighted-random tools until time is up.

    A call counts when it ends inside the measured window, whenever it started, so long waits are seen;
    calls still waiting `grace` seconds after the window are cut off and counted as unfinished."""
    start = time.perf_counter()
    measure_from, stop = start + warmup, start + warmup + phase.seconds
    marks: dict[str, float] = {}

    async def sampler() -> None:
        await asyncio.sleep(measure_from - time.perf_counter())
        marks["cpu"], marks["up"] = procs.cpu_seconds(pid), float(st.upstream_count())
        await asyncio.sleep(stop - time.perf_counter())
        phase.cpu_s = procs.cpu_seconds(pid) - marks["cpu"]
        phase.upstream = st.upstream_count() - int(marks["up"])

    async def client(i: int, athlete: Athlete, group: str) -> None:
        rng = random.Random(i)
        conn = Conn(port)
        weights = [w for *_, w in tools]
        try:
            while time.perf_counter() < stop:
                name, args, _ = rng.choices(tools, weights=weights)[0]
                t0 = time.perf_counter()
                outcome, _ = await call_tool(conn, athlete.path, name, args)
                t1 = time.perf_counter()
                if measure_from <= t1 <= stop:
                    phase.calls += 1
                    phase.outcomes[outcome] += 1
                    phase.latencies_ms.append((t1 - t0) * 1000)
                    phase.groups.setdefault(group, []).append((t1 - t0) * 1000)
        finally:
            conn.close()

    tasks = [asyncio.create_task(client(i, a, g)) for i, (a, g) in enumerate(plan)]
    await sampler()
    _, pending = await asyncio.wait(tasks, timeout=grace)
    for task in pending:
        task.cancel()
    phase.unfinished = len(pending)
    await asyncio.gather(*pending, return_exceptions=True)
    if len(phase.groups) == 1:
        phase.groups.clear()
    return phase


def clients_for(st: Stack, athletes: int, per_athlete: int) -> list[tuple[Athlete, str]]:
    return [(a, "all") for a in st.athletes[1 : 1 + athletes] for _ in range(per_athlete)]


async def conversation(st: Stack, port: int) -> dict[str, Any]:
    """The conversation, once, for an athlete no other phase has touched (cold caches)."""
    athlete = st.athletes[0]
    conn = Conn(port)
    before, calls, failed = st.upstream_count(), 0, 0
    activity = ""
    for name, template in CONVERSATION:
        args = json.loads(json.dumps(template).replace("{activity}", activity))
        outcome, result = await call_tool(conn, athlete.path, name, args)
        calls, failed = calls + 1, failed + (outcome != "ok")
        if name == "list_activities" and outcome == "ok":
            activity = result["structuredContent"]["rows"][0][0]
    conn.close()
    upstream = st.upstream_count() - before
    return {"calls": calls, "failed": failed, "upstream": upstream, "upstream_per_call": upstream / calls,
            "requests": st.upstream_paths()[-upstream:] if upstream else []}


async def overhead(st: Stack, port: int, pid: int, pairs: int) -> dict[str, Any]:
    """get_fitness over a range no earlier call asked for (so the upstream is always reached), each next to
    the bare upstream request it makes; the difference is what icusync adds."""
    athlete = st.athletes[-1]
    tool, bare = Conn(port), Conn(st.demo_port)
    auth = base64.b64encode(f"API_KEY:{athlete.api_key}".encode()).decode()
    today = dt.date.fromisoformat((await call_tool(tool, athlete.path, "get_fitness", {}))[1]["structuredContent"]
                                  ["range"]["end"])
    deltas, tool_ms, bare_ms = [], [], []
    cpu0 = procs.cpu_seconds(pid)
    for i in range(pairs):
        # Six weeks ending a day earlier each time: the same work per call, never asked before.
        newest = today - dt.timedelta(days=i + 1)
        oldest = (newest - dt.timedelta(days=41)).isoformat()
        t0 = time.perf_counter()
        path = f"/demo-intervals/api/v1/athlete/{athlete.athlete_id}/wellness?oldest={oldest}&newest={newest}"
        status, _ = await bare.request("GET", path, headers=f"Authorization: Basic {auth}\r\n")
        t1 = time.perf_counter()
        args = {"oldest": oldest, "newest": newest.isoformat()}
        outcome, _ = await call_tool(tool, athlete.path, "get_fitness", args)
        t2 = time.perf_counter()
        assert status == 200 and outcome == "ok", (status, outcome)
        bare_ms.append((t1 - t0) * 1000)
        tool_ms.append((t2 - t1) * 1000)
        deltas.append(tool_ms[-1] - bare_ms[-1])
    cpu = procs.cpu_seconds(pid) - cpu0
    tool.close()
    bare.close()
    return {"pairs": pairs, "overhead_p50_ms": pct(deltas, 0.5), "overhead_p99_ms": pct(deltas, 0.99),
            "tool_p50_ms": statistics.median(tool_ms), "bare_p50_ms": statistics.median(bare_ms),
            "cpu_ms_per_call": 1000 * cpu / pairs}


def main(argv: list[str] | None = None) -> None:
    parser = procs.options()
    parser.add_argument("--quick", action="store_true", help="short phases, for trying the script (never kept)")
    args = parser.parse_args(argv)
    args.no_report = args.no_report or args.quick
    scale = 0.25 if args.quick else 1.0
    secs = {"short": 15 * scale, "long": 60 * scale}
    results: dict[str, Any] = {"machine_load_at_start": procs.load_machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    one = [("get_athlete_profile", {}, 1)]
    fitness = [("get_fitness", {}, 1)]
    with stack(args.source.resolve()) as st:
        with st.icusync(LIFTED) as (port, pid):
            results["idle_rss_kb"] = procs.memory_kb(pid)["VmRSS"]
            results["conversation"] = asyncio.run(conversation(st, port))
            results["overhead"] = asyncio.run(overhead(st, port, pid, int(150 * scale) or 20))
            phases = [
                (Phase("profile, 10 clients, lifted", 10, 10, LIFTED, secs["short"]), clients_for(st, 10, 1), one),
                (Phase("fitness, 10 clients, lifted", 10, 10, LIFTED, secs["short"]), clients_for(st, 10, 1), fitness),
                (Phase("mix, 5 athletes × 2 clients, lifted", 10, 5, LIFTED, secs["short"]),
                 clients_for(st, 5, 2), MIX),
                (Phase("mix, 10 athletes × 10 clients, lifted", 100, 10, LIFTED, secs["short"]),
                 clients_for(st, 10, 10), MIX),
            ]
            results["phases"] = {}
            for phase, plan, tools in phases:
                print(f"[load] {phase.name}", file=sys.stderr)
                results["phases"][phase.name] = asyncio.run(run_phase(st, port, pid, phase, plan, tools)).summary()
            results["peak_rss_kb"] = procs.memory_kb(pid)["VmHWM"]
        with st.icusync(DEFAULT_RATE) as (port, pid):
            busy = Phase("mix, 10 athletes × 10 clients, default rate", 100, 10, DEFAULT_RATE, secs["long"])
            print(f"[load] {busy.name}", file=sys.stderr)
            done = asyncio.run(run_phase(st, port, pid, busy, clients_for(st, 10, 10), MIX))
            results["phases"][busy.name] = done.summary()
        with st.icusync(DEFAULT_RATE) as (port, pid):
            hog = Phase("one athlete × 50 clients and 9 × 1, default rate", 59, 10, DEFAULT_RATE, secs["short"] * 2)
            plan = [(st.athletes[1], "hog")] * 50 + [(a, "others") for a in st.athletes[2:11]]
            print(f"[load] {hog.name}", file=sys.stderr)
            results["phases"][hog.name] = asyncio.run(run_phase(st, port, pid, hog, plan, MIX)).summary()
    procs.finish("load", args, results)


if __name__ == "__main__":
    main()
