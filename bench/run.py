"""icusync benchmarks: tool latency and answer size, SQLite write throughput, zipapp size and start-up.

Run: .venv/bin/python bench/run.py  (writes BENCHMARKS.md at the top of the repository)
Numbers are wall-clock on whatever machine runs it; the table records the machine's CPU count.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icusync.app import create_app  # noqa: E402
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX, prepare_demo_athlete  # noqa: E402
from icusync.db import Database  # noqa: E402
from icusync.demo import DemoUpstream  # noqa: E402
from tests.harness import free_port, make_settings, running  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report import machine, update  # noqa: E402

CALLS: list[tuple[str, dict[str, Any]]] = [
    ("get_athlete_profile", {}),
    ("get_fitness", {}),
    ("get_fitness", {"oldest": "last 52 weeks"}),
    ("list_activities", {}),
    ("list_activities", {"oldest": "last 31 days"}),
    ("get_wellness", {}),
    ("get_best_efforts", {"kind": "power", "compare": "last_year"}),
    ("get_calendar", {}),
    ("get_training_summary", {}),
    ("get_training_summary", {"oldest": "last 12 weeks"}),
    ("get_activity", {"activity_id": "{run}"}),
    ("get_activity", {"activity_id": "{run}", "compare_with": ["{earlier_run}"]}),
    *[("get_activity", {"activity_id": "{run}", "analysis": kind})
      for kind in ("splits", "drift", "zones", "histogram", "climbs", "why_hard")],
    ("get_fitness", {"newest": "race day"}),
    ("get_library", {}),
    ("get_gear", {}),
    ("list_recent_writes", {}),
    # Previews: what a change would do, nothing written.
    ("change_calendar", {"action": "clear", "oldest": "tomorrow", "newest": "in 3 days"}),
    ("set_thresholds", {"sport": "Ride", "ftp": 260, "preview": True}),
    ("create_workouts", {"preview": True, "workouts": [
        {"date": "tomorrow", "sport": "Run", "name": "Threshold", "workout":
         "Warmup\n- 15m Z2 Pace\n\nMain Set 4x\n- 8m Z4 Pace\n- 2m Z1 Pace\n\nCooldown\n- 10m Z1 Pace"}]}),
]
REPEAT = 10


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench_tools(tmp: Path) -> list[dict[str, Any]]:
    port = free_port()
    demo = DemoUpstream(seed=1, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    # Every call for one athlete within a minute or two: the per-athlete budget lifted.
    settings = make_settings(tmp, port, demo=True, upstream_base_url=f"http://127.0.0.1:{port}{DEMO_PREFIX}",
                             upstream_rate=1000.0, calls_per_minute=10_000)
    url = await prepare_demo_athlete(settings, demo)
    rows = []
    async with (
        running(create_app(settings, demo=demo), port),
        httpx2.AsyncClient(timeout=60) as http,
        Client(streamable_http_client(url, http_client=http), mode="legacy") as client,
    ):
        await client.call_tool("get_athlete_profile", {})  # settings cached, as in a conversation
        runs = await client.call_tool("list_activities", {"sport": "Run"})
        ids = {"run": runs.structured_content["rows"][0][0], "earlier_run": runs.structured_content["rows"][1][0]}
        for name, template in CALLS:
            args = json.loads(json.dumps(template).replace("{run}", ids["run"]).replace(
                "{earlier_run}", ids["earlier_run"]))
            before = len(demo.requests)
            await client.call_tool(name, args)
            upstream = len(demo.requests) - before
            times, result = [], None
            for _ in range(REPEAT - 1):
                start = time.perf_counter()
                result = await client.call_tool(name, args)
                times.append((time.perf_counter() - start) * 1000)
            assert result is not None and not result.is_error, (name, result)
            text = "".join(getattr(b, "text", "") for b in result.content)
            rows.append({
                "call": f"{name} {json.dumps(template)[:70] if args and name != 'create_workouts' else ''}".strip(),
                "p50_ms": statistics.median(times),
                "p95_ms": pct(times, 0.95),
                "upstream": upstream,
                "text_chars": len(text),
                "json_chars": len(json.dumps(result.structured_content)),
            })
    return rows


async def bench_writes(tmp: Path) -> dict[str, float]:
    db = Database(tmp / "w.sqlite3")
    await db.open()
    async with db.write() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER)")
    count, writers = 2000, 20

    async def writer() -> None:
        for i in range(count // writers):
            async with db.write() as conn:
                await conn.execute("INSERT INTO t VALUES (?)", (i,))

    start = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    elapsed = time.perf_counter() - start
    await db.close()
    return {"transactions": count, "writers": writers, "per_second": count / elapsed}


def bench_demo() -> float:
    start = time.perf_counter()
    demo = DemoUpstream(seed=7)
    transport = httpx.ASGITransport(app=demo.asgi)

    async def first_read() -> None:
        athlete = demo.athlete_ids[0]
        async with httpx.AsyncClient(transport=transport, base_url="http://d/demo-intervals/api/v1",
                                     auth=("API_KEY", demo.api_key(athlete))) as http:
            (await http.get(f"/athlete/{athlete}/wellness", params={"oldest": "2026-01-01"})).raise_for_status()

    asyncio.run(first_read())
    return (time.perf_counter() - start) * 1000


def bench_zipapp(tmp: Path) -> dict[str, float] | None:
    built = subprocess.run(["bash", str(ROOT / "build.sh")], cwd=ROOT, capture_output=True,
                           env={**os.environ, "PYTHON": sys.executable})
    if built.returncode != 0:
        return None
    pyz = ROOT / "dist" / "icusync.pyz"
    port = free_port()
    env = {**os.environ, "ICUSYNC_DATA_DIR": str(tmp / "z"), "SHIV_ROOT": str(tmp / "shiv"),
           "ICUSYNC_ENCRYPTION_KEY": secrets.token_urlsafe(32)[:43] + "=", "ICUSYNC_SESSION_SECRET": "s" * 40}
    results = {"size_mb": pyz.stat().st_size / 1e6}
    for label in ("first_start_s", "warm_start_s"):  # the first start unpacks into SHIV_ROOT
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(pyz), "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            results[label] = time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(10)
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        tools = asyncio.run(bench_tools(tmp / "tools"))
        writes = asyncio.run(bench_writes(tmp))
        demo_ms = bench_demo()
        zipapp = bench_zipapp(tmp)
    lines = [
        f"## Tool calls (MCP SDK client over HTTP, demo upstream in-process, {REPEAT} calls each)",
        "",
        f"`bench/run.py` on {machine()}.",
        "",
        "| call | upstream requests | p50 ms | p95 ms | text chars | structured JSON chars |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| `{r['call']}` | {r['upstream']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['text_chars']} | "
          f"{r['json_chars']} |" for r in tools),
        "",
        "Upstream requests: what the first of the calls sends to Intervals.icu once the athlete's record is "
        "remembered; the repeats are answered from icusync's read cache (a minute for the athlete, 30 s for "
        "lists and activities), so p50 and p95 time the calls a conversation repeats.",
        "",
        "## SQLite writer",
        "",
        f"{writes['transactions']} single-row write transactions from {writes['writers']} concurrent tasks: "
        f"{writes['per_second']:.0f} transactions/s (WAL, synchronous=NORMAL, one writer behind a lock).",
        "",
        "## Demo Intervals.icu",
        "",
        f"Generating the synthetic athletes and answering the first read: {demo_ms:.0f} ms.",
        "",
        "## Zipapp",
        "",
    ]
    if zipapp:
        lines.append(f"`dist/icusync.pyz`: {zipapp['size_mb']:.1f} MB; `serve` to a healthy `/healthz`: "
                     f"{zipapp['first_start_s']:.2f} s on first start (unpacks), {zipapp['warm_start_s']:.2f} s after.")
    else:
        lines.append("build.sh failed; no zipapp numbers.")
    update("run", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
