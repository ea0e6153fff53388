"""A bounded soak: 100 athletes reading and writing through icusync for 5 minutes while Intervals.icu misbehaves.

Run: .venv/bin/python bench/soak.py [--minutes 5] [--athletes 100] [--no-report]
Loopback only, and it stops by itself. Three processes: the demo Intervals.icu (served by Hypercorn,
with `chaos` faults: 429s, 5xx, hangs past icusync's upstream timeout, connections dropped before or
after a request was handled), `icusync serve` (the one measured), and this script, the athletes'
assistants calling tools over HTTP with their personal connector URLs.

Reported (section "soak" of BENCHMARKS.md): calls, 5xx answers from icusync (must be 0), acknowledged
writes missing upstream afterwards (must be 0), uncertain writes (a tool error saying it may have gone
through) and how many did land, peak RSS of the server, and whether its RSS comes back within 20 % of
its warmed-up start once the load stops.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import machine, update  # noqa: E402

from icusync.crypto import Sealer, new_token  # noqa: E402
from icusync.db import Database  # noqa: E402
from icusync.settings import DB_FILE_NAME, decode_key, new_key_text  # noqa: E402
from icusync.store import users  # noqa: E402
from tests.harness import free_port  # noqa: E402

PREFIX = "/demo-intervals"
UPSTREAM_TIMEOUT = 3  # seconds; the chaos hangs last longer
HANG_SECONDS = 5
FAULT_PROBABILITY = 0.12
UPSTREAM_RATE = 60  # requests per second for the instance (the demo is not Intervals.icu's 10/s)
CALL_TIMEOUT = 60
SETTLE_SECONDS = 30
READS = [
    ("get_fitness", {}),
    ("list_activities", {}),
    ("get_calendar", {}),
    ("get_wellness", {}),
    ("get_athlete_profile", {}),
    ("get_training_summary", {"oldest": "last 4 weeks"}),
]
WORKOUT = "Warmup\n- 10m 55%\n\nMain Set 3x\n- 8m 95%\n- 3m 55%\n\nCooldown\n- 10m 50%"
HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}


# -- the demo Intervals.icu, in its own process ---------------------------------------------------------


def serve_upstream(port: int, athletes: int, seed: int, out: Path) -> None:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

    from icusync.demo import DemoUpstream

    demo = DemoUpstream(seed=seed, athletes=athletes, prefix=PREFIX, fault_endpoint=True)
    out.write_text(json.dumps([{"id": p.athlete_id, "name": p.name, "tz": p.timezone, "key": demo.api_key(p.athlete_id)}
                               for p in demo.profiles]))
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    asyncio.run(serve(demo.asgi, config))


# -- the load -------------------------------------------------------------------------------------------


@dataclass
class Tally:
    calls: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    tool_errors: int = 0
    client_errors: int = 0  # icusync unreachable, or no answer in CALL_TIMEOUT
    acked: list[tuple[str, str, str]] = field(default_factory=list)  # (athlete, kind, what to look for)
    uncertain: list[tuple[str, str, str]] = field(default_factory=list)


async def call(
    http: httpx.AsyncClient, url: str, tally: Tally, name: str, args: dict[str, Any]
) -> dict[str, Any] | None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": args}}
    tally.calls += 1
    try:
        answer = await http.post(url, json=body, headers=HEADERS, timeout=CALL_TIMEOUT)
    except httpx.HTTPError:
        tally.client_errors += 1
        return None
    tally.statuses[answer.status_code] = tally.statuses.get(answer.status_code, 0) + 1
    if answer.status_code != 200:
        return None
    result: dict[str, Any] = answer.json().get("result", {})
    if result.get("isError"):
        tally.tool_errors += 1
    return result


def text_of(result: dict[str, Any]) -> str:
    return " ".join(c.get("text", "") for c in result.get("content", []))


async def athlete(
    http: httpx.AsyncClient, who: dict[str, Any], url: str, tally: Tally, until: float, seed: int
) -> None:
    rng = random.Random(seed)
    writes = 0
    today = dt.date.today()
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(2, 5))
        if rng.random() < 0.7:
            await call(http, url, tally, *rng.choice(READS))
            continue
        writes += 1
        tag = f"soak {who['id']} #{writes}"
        if rng.random() < 0.5:
            day = (today - dt.timedelta(days=writes)).isoformat()  # one day per write: none overwrites another
            kind, args, name = "wellness", {"date": day, "comments": tag}, "log_wellness"
        else:
            day = (today + dt.timedelta(days=2 + writes)).isoformat()
            kind, name = "workout", "create_workouts"
            args = {"workouts": [{"date": day, "sport": "Ride", "name": tag, "workout": WORKOUT}]}
        result = await call(http, url, tally, name, args)
        if result is None:
            continue
        if not result.get("isError"):
            tally.acked.append((who["id"], kind, f"{day}|{tag}"))
        elif "may have gone through" in text_of(result):
            tally.uncertain.append((who["id"], kind, f"{day}|{tag}"))


async def landed(up: httpx.AsyncClient, key: str, kind: str, what: str) -> bool:
    day, tag = what.split("|", 1)
    auth = ("API_KEY", key)
    if kind == "wellness":
        got = await up.get(f"/api/v1/athlete/0/wellness/{day}", auth=auth)
        return got.status_code == 200 and got.json().get("comments") == tag
    got = await up.get("/api/v1/athlete/0/events", params={"oldest": day, "newest": day}, auth=auth)
    return got.status_code == 200 and any(e.get("name") == tag for e in got.json())


# -- the measured server --------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sample(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mb(pid))
        await asyncio.sleep(1)


async def wait_healthy(url: str, proc: subprocess.Popen[bytes], what: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(600):
            if proc.poll() is not None:
                raise SystemExit(f"{what} exited at start (status {proc.returncode})")
            try:
                if (await http.get(url, timeout=2)).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"{what} did not come up")


async def prepare_accounts(data: Path, key: str, athletes: list[dict[str, Any]]) -> list[str]:
    """Each demo athlete signed up with their API key and given a personal connector URL (read and write)."""
    db = Database(data / "icusync.sqlite3")
    await db.open()
    sealer = Sealer((decode_key(key, "soak key"),))
    secrets = []
    try:
        for a in athletes:
            user = await users.upsert_user(db, a["id"], a["name"], a["tz"])
            await users.save_credential(db, sealer, user.id, "api_key", a["key"])
            secrets.append(new_token())
            await users.set_personal_url(db, user.id, secrets[-1], ("read", "write"))
    finally:
        await db.close()
    return secrets


def start(
    command: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def soak(minutes: float, count: int, tmp: Path) -> dict[str, Any]:
    up_port, port = free_port(), free_port()
    roster = tmp / "athletes.json"
    py = sys.executable
    upstream = start([py, __file__, "--upstream", str(up_port), "--athletes", str(count), "--roster", str(roster)],
                     tmp / "upstream.log")
    server: subprocess.Popen[bytes] | None = None
    try:
        up_base = f"http://127.0.0.1:{up_port}{PREFIX}"
        await wait_healthy(f"http://127.0.0.1:{up_port}/", upstream, "the demo Intervals.icu")
        roster_data = json.loads(roster.read_text())
        key = new_key_text()
        secrets = await prepare_accounts(tmp / "data", key, roster_data)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ICUSYNC_")}
        env |= {
            "ICUSYNC_DATA_DIR": str(tmp / "data"), "ICUSYNC_ENCRYPTION_KEY": key,
            "ICUSYNC_SESSION_SECRET": new_key_text(), "ICUSYNC_UPSTREAM_URL": up_base,
            "ICUSYNC_UPSTREAM_RATE": str(UPSTREAM_RATE), "ICUSYNC_UPSTREAM_TIMEOUT": str(UPSTREAM_TIMEOUT),
        }
        server_log = tmp / "server.log"
        server = start([py, "-m", "icusync", "serve", "--port", str(port)], server_log, env=env, cwd=tmp)
        base = f"http://127.0.0.1:{port}"
        await wait_healthy(base + "/healthz", server, "icusync")
        boot_rss = rss_mb(server.pid)
        urls = [f"{base}/u/{s}/mcp" for s in secrets]
        tally = Tally()
        limits = httpx.Limits(max_connections=count * 2, max_keepalive_connections=count * 2)
        async with httpx.AsyncClient(limits=limits) as http:
            # Warm up: one read per athlete, no faults yet (their settings cached, every code path loaded).
            await asyncio.gather(*(call(http, u, Tally(), "get_fitness", {}) for u in urls))
            start_rss = rss_mb(server.pid)
            async with httpx.AsyncClient(base_url=up_base) as up:
                chaos = {"action": "chaos", "probability": FAULT_PROBABILITY, "hang_seconds": HANG_SECONDS}
                await up.post("/_faults", json=chaos)
            samples: list[float] = []
            done = asyncio.Event()
            sampler = asyncio.create_task(sample(server.pid, samples, done))
            until = time.monotonic() + minutes * 60
            began = time.monotonic()
            pairs = enumerate(zip(roster_data, urls, strict=True))
            loads = [athlete(http, a, u, tally, until, i) for i, (a, u) in pairs]
            await asyncio.gather(*loads)
            load_seconds = time.monotonic() - began
        async with httpx.AsyncClient(base_url=up_base) as up:
            await up.post("/_faults", json={"action": "clear"})
            await asyncio.sleep(HANG_SECONDS + 1)  # hung writes still in the demo finish first
            keys = {a["id"]: a["key"] for a in roster_data}
            lost = [w for w in tally.acked if not await landed(up, keys[w[0]], w[1], w[2])]
            uncertain_landed = sum([await landed(up, keys[w[0]], w[1], w[2]) for w in tally.uncertain])
        settled = await settle_history(base, urls, tmp / "data" / DB_FILE_NAME)
        await asyncio.sleep(SETTLE_SECONDS)
        end_rss = rss_mb(server.pid)
        done.set()
        await sampler
        async with httpx.AsyncClient() as http:
            healthy = (await http.get(base + "/healthz")).status_code == 200
        log_text = server_log.read_text(errors="replace")
        if os.environ.get("SOAK_SHOW_LOG"):
            print(log_text[-6000:], file=sys.stderr)
        return {
            "minutes": minutes, "athletes": count, "load_seconds": load_seconds, "tally": tally,
            "lost": lost, "uncertain_landed": uncertain_landed, "settled": settled,
            "boot_rss": boot_rss, "start_rss": start_rss,
            "peak_rss": max(samples + [end_rss]), "end_rss": end_rss, "healthy": healthy,
            "tracebacks": log_text.count("Traceback"), "cancelled": log_text.count("client went away"),
            "errors": log_text.count(" ERROR "), "warnings": log_text.count(" WARNING "),
        }
    finally:
        if server is not None:
            stop(server)
        stop(upstream)


def history_statuses(db_path: Path) -> dict[str, int]:
    """How many history rows icusync holds in each status."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        return dict(db.execute("SELECT status, count(*) FROM writes GROUP BY status").fetchall())


async def settle_history(base: str, urls: list[str], db_path: Path) -> dict[str, int]:
    """After the load, with the faults off: one more call per athlete with unconfirmed writes (every call
    settles them first), a few at a time and for a few rounds; then the history rows by status."""
    gate = asyncio.Semaphore(8)
    async with httpx.AsyncClient() as http:

        async def one(url: str) -> None:
            async with gate:
                await call(http, url, Tally(), "list_recent_writes", {"limit": 1})

        for _ in range(3):
            if not {"pending", "uncertain"} & set(history_statuses(db_path)):
                break
            await asyncio.gather(*(one(u) for u in urls))
    return history_statuses(db_path)


def markdown(r: dict[str, Any]) -> str:
    t: Tally = r["tally"]
    five = sum(n for status, n in t.statuses.items() if status >= 500)
    statuses = ", ".join(f"HTTP {s}: {n}" for s, n in sorted(t.statuses.items()))
    back = r["end_rss"] <= 1.2 * r["start_rss"]
    rows = [
        ("tool calls", f"{t.calls} in {r['load_seconds']:.0f} s ({t.calls / r['load_seconds']:.1f}/s), {statuses}"),
        ("5xx answers from icusync", f"{five}"),
        ("calls that got no answer", f"{t.client_errors}"),
        ("tool errors (upstream faults explained to the assistant)", f"{t.tool_errors}"),
        ("acknowledged writes", f"{len(t.acked)}"),
        ("acknowledged writes missing upstream afterwards", f"{len(r['lost'])}"),
        ("uncertain writes (the tool said it may have gone through)",
         f"{len(t.uncertain)}, of which {r['uncertain_landed']} did land upstream"),
        ("history rows after one more call per athlete: done, did not happen, still unconfirmed",
         f"{r['settled'].get('done', 0)}, {r['settled'].get('failed', 0)}, "
         f"{r['settled'].get('uncertain', 0) + r['settled'].get('pending', 0)}"),
        ("done rows = acknowledged + uncertain that landed",
         "yes" if r["settled"].get("done", 0) == len(t.acked) + r["uncertain_landed"] else
         f"no ({len(t.acked) + r['uncertain_landed']} expected)"),
        ("calls cancelled because their client left", f"{r['cancelled']}"),
        ("server RSS: at boot, warmed up, peak, 30 s after the load",
         f"{r['boot_rss']:.0f} MB, {r['start_rss']:.0f} MB, {r['peak_rss']:.0f} MB, {r['end_rss']:.0f} MB"),
        ("RSS back within 20 % of the warmed-up start", "yes" if back else "no"),
        ("server log: tracebacks, errors, warnings", f"{r['tracebacks']}, {r['errors']}, {r['warnings']}"),
        ("/healthz after", "ok" if r["healthy"] else "failing"),
    ]
    return "\n".join([
        "## Soak",
        "",
        f"`bench/soak.py` on {machine()}: {r['athletes']} athletes, each an assistant calling a tool every 2-5 s "
        f"(70 % reads, 30 % writes: wellness on a day of its own, or a workout on the calendar) for "
        f"{r['minutes']:g} minutes, over loopback to `icusync serve`. The demo Intervals.icu runs in its own "
        f"process with chaos: {FAULT_PROBABILITY:.0%} of its API requests get a 429, a 500/502/503, a "
        f"{HANG_SECONDS} s hang (icusync's upstream timeout is {UPSTREAM_TIMEOUT} s) or a connection dropped "
        f"before or after handling. Upstream pace {UPSTREAM_RATE}/s.",
        "",
        "| measure | result |",
        "|---|---|",
        *(f"| {a} | {b} |" for a, b in rows),
    ])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=5.0, help="how long the load runs (default: %(default)s)")
    p.add_argument("--athletes", type=int, default=100, help="how many athletes (default: %(default)s)")
    p.add_argument("--no-report", action="store_true", help="print the table, leave BENCHMARKS.md alone")
    p.add_argument("--upstream", type=int, help=argparse.SUPPRESS)
    p.add_argument("--roster", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.upstream:
        serve_upstream(args.upstream, args.athletes, 1, args.roster)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(soak(args.minutes, args.athletes, Path(tmp)))
    table = markdown(result)
    print(table)
    if not args.no_report:
        update("soak", table)


if __name__ == "__main__":
    main()
