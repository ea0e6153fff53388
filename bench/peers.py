"""icusync next to the two peer Intervals.icu MCP servers from PyPI, on the same demo upstream.

Run: .venv/bin/python bench/peers.py [--no-report] [--cache DIR] [--upgrade] [--dump DIR]

Installs `intervals-icu-mcp` and `futureweb-intervals-mcp` into one virtual environment each
under the cache directory (default ~/.cache/icusync-bench/peers/<name>, reused when present;
the only network use is that `pip install` from PyPI). Then, all on 127.0.0.1: serves the demo
Intervals.icu (icusync.demo.DemoUpstream) with Hypercorn, starts each peer over stdio from its
own venv pointed at the demo, starts icusync with `icusync demo`, lists the tools of each and
runs the same five asks against each. Prints a Markdown section and puts it in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib.metadata
import json
import logging
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import httpx2
from hypercorn.asyncio import serve
from hypercorn.config import Config
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from icusync.connector.toolkit.lean import model_facing_size
from icusync.demo import DemoUpstream

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import update  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path.home() / ".cache" / "icusync-bench" / "peers"
SEED = 1
VENV_TIMEOUT = 120  # seconds, creating one venv
PIP_TIMEOUT = 900  # seconds, one pip install
START_TIMEOUT = 60  # seconds, a server until it answers
CALL_TIMEOUT = 60  # seconds, one MCP request
SERVER_TIMEOUT = 300  # seconds, everything done with one server

ICUSYNC = "icusync"
IIM = "intervals-icu-mcp"
FUTUREWEB = "futureweb-intervals-mcp"

# intervals-icu-mcp has no setting for its base URL: it is the class attribute ICUClient.BASE_URL.
# Set it, then run the package's own console-script entry point (stdio by default).
IIM_LAUNCHER = (
    "import os\n"
    "from intervals_icu_mcp.client import ICUClient\n"
    "ICUClient.BASE_URL = os.environ['ICU_BENCH_BASE_URL']\n"
    "from intervals_icu_mcp.server import main\n"
    "main()\n"
)


@dataclass(frozen=True)
class Peer:
    name: str  # PyPI name, also the cache folder
    pip_args: tuple[str, ...]  # extra `pip install` arguments
    argv: Callable[[Path], list[str]]  # venv -> command line
    env: Callable[[str, str, str], dict[str, str]]  # (API base URL, athlete id, API key) -> environment
    configs: dict[str, dict[str, str]]  # label -> extra environment; the first runs the asks too
    how: str  # for the report: how it was pointed at the demo


PEERS = (
    Peer(
        name=IIM,
        pip_args=(),
        argv=lambda venv: [str(venv / "bin" / "python"), "-I", "-c", IIM_LAUNCHER],
        env=lambda api, athlete, key: {
            "ICU_BENCH_BASE_URL": api, "INTERVALS_ICU_API_KEY": key, "INTERVALS_ICU_ATHLETE_ID": athlete,
        },
        configs={
            "INTERVALS_ICU_DELETE_MODE=full (every tool)": {"INTERVALS_ICU_DELETE_MODE": "full"},
            "default (delete mode safe)": {},
        },
        how="`python -I -c` launcher: `ICUClient.BASE_URL = <demo>/api/v1`, then `intervals_icu_mcp.server:main`; "
            "INTERVALS_ICU_API_KEY, INTERVALS_ICU_ATHLETE_ID",
    ),
    Peer(
        name=FUTUREWEB,
        # It declares Requires-Python >= 3.12 and installs and runs on 3.11.
        pip_args=("--ignore-requires-python",),
        argv=lambda venv: [str(venv / "bin" / "futureweb-intervals-mcp")],
        env=lambda api, athlete, key: {"INTERVALS_API_BASE_URL": api, "API_KEY": key, "ATHLETE_ID": athlete},
        configs={
            "MCP_PERMISSIONS=all": {"MCP_PERMISSIONS": "all"},
            "default (read only)": {},
        },
        how="console script over stdio; INTERVALS_API_BASE_URL=<demo>/api/v1, API_KEY, ATHLETE_ID",
    ),
)

# The five asks, and per server the call(s) that answer each; several calls are summed.
# Arguments are str.format()-ed with: activity_id, today and the windows below, which are
# icusync's own reading of the phrases ("last 7 days" = today and the 6 days before).
ASKS = (
    ("a", "Activities, last 30 days"),
    ("b", "Fitness now"),
    ("c", "Wellness, last 7 days"),
    ("d", "One activity with its intervals"),
    ("e", "Calendar, next 14 days"),
)
Call = tuple[str, dict[str, Any]]
CALLS: dict[str, dict[str, list[Call]]] = {
    ICUSYNC: {
        "a": [("list_activities", {"oldest": "last 30 days"})],
        "b": [("get_fitness", {})],
        "c": [("get_wellness", {"oldest": "last 7 days"})],
        "d": [("get_activity", {"activity_id": "{activity_id}"})],
        "e": [("get_calendar", {"newest": "next 14 days"})],
    },
    IIM: {
        "a": [("icu_get_recent_activities", {"days_back": 29, "limit": 100})],
        "b": [("icu_get_fitness_summary", {})],
        "c": [("icu_get_wellness_data", {"days_back": 6})],
        # Its activity tool is the summary only; intervals are a second tool.
        "d": [("icu_get_activity_details", {"activity_id": "{activity_id}"}),
              ("icu_get_activity_intervals", {"activity_id": "{activity_id}"})],
        "e": [("icu_get_calendar_events", {"days_back": 0, "days_ahead": 13})],
    },
    FUTUREWEB: {
        # Default page size is 10: ask for all of the window.
        "a": [("get_activities", {"start_date": "{oldest30}", "end_date": "{today}", "limit": 100})],
        # No plain fitness tool: get_training_load compact carries the CTL | ATL | form | ramp line.
        "b": [("get_training_load", {"detail_level": "compact"})],
        "c": [("get_wellness_data", {"start_date": "{oldest7}", "end_date": "{today}"})],
        # Its instructions send one-activity questions here: overview plus intervals in one call.
        "d": [("get_activity_report", {"activity_id": "{activity_id}"})],
        "e": [("get_events", {"start_date": "{today}", "end_date": "{newest14}"})],
    },
}


# ---------------------------------------------------------------- results


@dataclass
class Surface:
    config: str
    tools: int
    instructions: int
    model_chars: int
    list_chars: int


@dataclass
class Answer:
    chars: int
    upstream: int | None
    errors: list[str] = field(default_factory=list)
    non_2xx: list[tuple[str, str, int]] = field(default_factory=list)  # (method, path?query, status)
    texts: list[str] = field(default_factory=list)  # each call's text, for --dump


@dataclass
class ServerRun:
    name: str
    version: str
    surfaces: list[Surface] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    failure: str | None = None
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- peer installs


def run_checked(argv: list[str], timeout: float) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(argv[:4])} ... failed ({done.returncode}):\n{tail}")
    return done.stdout


def installed_version(python: Path, dist: str) -> str | None:
    if not python.exists():
        return None
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_peer(peer: Peer, cache: Path, upgrade: bool) -> str:
    """The peer installed in cache/<name> (made or upgraded if needed); return its version."""
    venv = cache / peer.name
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"[peers] creating {venv}", file=sys.stderr)
        run_checked([sys.executable, "-m", "venv", "--clear", str(venv)], VENV_TIMEOUT)
    version = installed_version(python, peer.name)
    if version is None or upgrade:
        print(f"[peers] pip install {peer.name} into {venv}", file=sys.stderr)
        run_checked([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                     *(["-U"] if upgrade else []), *peer.pip_args, peer.name], PIP_TIMEOUT)
        version = installed_version(python, peer.name)
    if version is None:
        raise RuntimeError(f"{peer.name} is not importable in {venv} after pip install")
    return version


# ---------------------------------------------------------------- the demo upstream


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def wait_port(port: int) -> None:
    async with asyncio.timeout(START_TIMEOUT):
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            return


@contextlib.asynccontextmanager
async def serving(app: Any, port: int) -> AsyncIterator[str]:
    """Serve an ASGI app with Hypercorn on 127.0.0.1:port until the block ends (as tests/harness.py)."""
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.accesslog = None
    config.errorlog = None
    config.graceful_timeout = 1
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, config, shutdown_trigger=stop.wait))
    try:
        await wait_port(port)
        if task.done():
            task.result()
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 10)


class Recorder:
    """Wraps the demo's ASGI app: every request it serves, with its query and response status."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.log: list[list[Any]] = []  # [method, path?query, status]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        entry: list[Any] = [scope["method"], scope["path"] + (f"?{query}" if query else ""), 0]
        self.log.append(entry)

        async def send_status(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry[2] = message["status"]
            await send(message)

        await self.app(scope, receive, send_status)


@dataclass
class Upstream:
    demo: DemoUpstream
    recorder: Recorder
    base: str  # http://127.0.0.1:PORT; the API is at base + /api/v1
    athlete_id: str
    api_key: str
    activity: dict[str, Any]
    context: dict[str, str]  # str.format() values for CALLS


async def pick_activity(base: str, athlete_id: str, api_key: str, today: dt.date) -> dict[str, Any]:
    """The newest activity not from Strava whose intervals include a WORK interval."""
    async with httpx.AsyncClient(base_url=f"{base}/api/v1", auth=("API_KEY", api_key), timeout=30) as http:
        listed = await http.get(f"/athlete/{athlete_id}/activities",
                                params={"oldest": (today - dt.timedelta(days=60)).isoformat(),
                                        "newest": today.isoformat()})
        listed.raise_for_status()
        acts = sorted(listed.json(), key=lambda a: a.get("start_date_local") or "", reverse=True)
        for act in acts:
            if act.get("source") == "STRAVA" or not act.get("type"):
                continue
            got = await http.get(f"/activity/{act['id']}/intervals")
            intervals = (got.json().get("icu_intervals") or []) if got.status_code == 200 else []
            if any(i.get("type") == "WORK" for i in intervals):
                return {**act, "_intervals": len(intervals)}
    raise RuntimeError("the demo has no recent non-Strava activity with intervals")


# ---------------------------------------------------------------- talking to a server


def fill(value: Any, context: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**context)
    if isinstance(value, dict):
        return {k: fill(v, context) for k, v in value.items()}
    return value


def text_of(result: Any) -> str:
    return "".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def looks_like_error(text: str) -> bool:
    """The peers report most failures as ordinary text, not isError."""
    head = text.lstrip()[:40]
    return head.startswith('{"error"') or head.lower().startswith("error")


async def list_all_tools(client: Client) -> list[dict[str, Any]]:
    tools: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(50):
        page = await client.list_tools(cursor=cursor)
        tools += [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in page.tools]
        cursor = page.next_cursor
        if cursor is None:
            break
    return tools


def measure_surface(config: str, tools: list[dict[str, Any]], instructions: str | None) -> Surface:
    """The same measure as icusync's budget test (tests/connector/test_budget.py)."""
    compact = (",", ":")
    model = sum(model_facing_size(t["name"], t.get("description") or "", t["inputSchema"]) for t in tools)
    return Surface(config=config, tools=len(tools), instructions=len(instructions or ""),
                   model_chars=model + len(instructions or ""), list_chars=len(json.dumps(tools, separators=compact)))


async def run_asks(client: Client, calls: dict[str, list[Call]], context: dict[str, str],
                   recorder: Recorder | None) -> dict[str, Answer]:
    """The five asks in order, in one session (caches warm as they would in a conversation)."""
    answers: dict[str, Answer] = {}
    for ask, _ in ASKS:
        mark = len(recorder.log) if recorder else 0
        answer = Answer(chars=0, upstream=None)
        for tool, args in calls[ask]:
            try:
                result = await client.call_tool(tool, fill(args, context))
            except Exception as exc:  # one failed call is a result, not the end of the run
                answer.errors.append(f"{tool}: {describe(exc)}"[:300])
                continue
            text = text_of(result)
            answer.chars += len(text)
            answer.texts.append(text)
            if result.is_error or looks_like_error(text):
                answer.errors.append(f"{tool}: {' '.join(text.split())[:300]}")
        if recorder is not None:
            entries = recorder.log[mark:]
            answer.upstream = len(entries)
            answer.non_2xx = [(m, p, s) for m, p, s in entries if not 200 <= s < 300]
        answers[ask] = answer
    return answers


@contextlib.asynccontextmanager
async def stdio_client_session(argv: list[str], env: dict[str, str], errlog: Path) -> AsyncIterator[Client]:
    """An MCP client over stdio; the server runs in an empty directory (no stray .env) with only `env`
    over the SDK's safe default environment, and its stderr goes to `errlog`."""
    with tempfile.TemporaryDirectory(prefix="peer-cwd-") as cwd, errlog.open("w") as err:
        params = StdioServerParameters(command=argv[0], args=argv[1:], env=env, cwd=cwd)
        transport = stdio_client(params, errlog=err)
        async with Client(transport, mode="legacy", read_timeout_seconds=CALL_TIMEOUT) as client:
            yield client


@contextlib.asynccontextmanager
async def http_client_session(url: str) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(timeout=CALL_TIMEOUT) as http,
        Client(streamable_http_client(url, http_client=http), mode="legacy",
               read_timeout_seconds=CALL_TIMEOUT) as client,
    ):
        yield client


def describe(exc: BaseException) -> str:
    """The first leaf of an exception group (anyio wraps what a server's task group raised)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return f"{type(exc).__name__}: {exc}"


async def bounded(coro: Awaitable[None], run: ServerRun, what: str) -> None:
    try:
        async with asyncio.timeout(SERVER_TIMEOUT):
            await coro
    except Exception as exc:
        run.failure = f"{what}: {describe(exc)}"[:500]
        print(f"[peers] {run.name} failed: {run.failure}", file=sys.stderr)


# ---------------------------------------------------------------- the three servers


async def bench_peer(peer: Peer, version: str, cache: Path, up: Upstream, logs: Path) -> ServerRun:
    run = ServerRun(peer.name, version)
    argv = peer.argv(cache / peer.name)
    base_env = peer.env(f"{up.base}/api/v1", up.athlete_id, up.api_key)

    async def go() -> None:
        for n, (label, extra) in enumerate(peer.configs.items()):
            errlog = logs / f"{peer.name}-{n}.stderr.log"
            async with stdio_client_session(argv, {**base_env, **extra}, errlog) as client:
                run.surfaces.append(measure_surface(label, await list_all_tools(client), client.instructions))
                if n == 0:
                    run.answers = await run_asks(client, CALLS[peer.name], up.context, up.recorder)

    print(f"[peers] {peer.name} {version}", file=sys.stderr)
    await bounded(go(), run, "stdio session")
    return run


@contextlib.asynccontextmanager
async def icusync_cli(tmp: Path) -> AsyncIterator[tuple[str, str | None]]:
    """`icusync demo` as a subprocess (its own in-process demo, seed 1); yield its connector URLs: the
    athlete's, and their coach's when it prints one."""
    port = free_port()
    exe = Path(sys.executable).with_name("icusync")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "icusync"]
    log = tmp / "icusync-demo.log"
    with log.open("w") as out:
        proc = await asyncio.create_subprocess_exec(
            *argv, "demo", "--port", str(port), "--data", str(tmp / "icusync-demo-data"), "--seed", str(SEED),
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = None
        async with asyncio.timeout(START_TIMEOUT):
            while url is None:
                if proc.returncode is not None:
                    raise RuntimeError(f"icusync demo exited {proc.returncode}: {log.read_text()[-800:]}")
                found = re.search(r"Connector URL[^\n]*?(http://\S+/mcp)", log.read_text())
                url = found.group(1) if found else None
                if url is None:
                    await asyncio.sleep(0.1)
        await wait_port(port)
        coach = re.search(r"Connector URL for the demo coach[^\n]*?(http://\S+/mcp)", log.read_text())
        yield url, coach.group(1) if coach else None
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


@contextlib.asynccontextmanager
async def icusync_in_process(tmp: Path, up: Upstream) -> AsyncIterator[str]:
    """icusync in this process, reaching the shared demo over HTTP so its requests are counted.

    Uses icusync's internals (create_app, prepare_demo_athlete, Settings), which may move:
    the caller treats any failure here as 'no upstream count'.
    """
    from icusync.app import create_app
    from icusync.cli.demo_wiring import prepare_demo_athlete
    from icusync.settings import Settings

    port = free_port()
    data = tmp / "icusync-inproc-data"
    data.mkdir(parents=True, exist_ok=True)
    settings = Settings(public_url=f"http://127.0.0.1:{port}", data_dir=data,
                        encryption_keys=(secrets.token_bytes(32),), session_secret=secrets.token_urlsafe(32),
                        upstream_base_url=up.base, upstream_rate=1000.0)
    url = await prepare_demo_athlete(settings, up.demo)
    async with serving(create_app(settings), port):
        yield url


async def bench_icusync(tmp: Path, up: Upstream) -> ServerRun:
    run = ServerRun(ICUSYNC, icusync_version())

    async def via_cli() -> None:
        async with icusync_cli(tmp) as (url, coach_url):
            async with http_client_session(url) as client:
                run.surfaces.append(measure_surface("icusync demo (all tools)", await list_all_tools(client),
                                                    client.instructions))
                run.answers = await run_asks(client, CALLS[ICUSYNC], up.context, None)
            if coach_url is not None:  # a coach's connection also sees list_athletes and an `athlete` argument
                async with http_client_session(coach_url) as coach:
                    run.surfaces.append(measure_surface("icusync demo, the coach of two athletes",
                                                        await list_all_tools(coach), coach.instructions))

    print(f"[peers] icusync {run.version}", file=sys.stderr)
    await bounded(via_cli(), run, "icusync demo")

    counted = ServerRun(ICUSYNC, run.version)

    async def in_process() -> None:
        async with icusync_in_process(tmp, up) as url, http_client_session(url) as client:
            await list_all_tools(client)
            counted.answers = await run_asks(client, CALLS[ICUSYNC], up.context, up.recorder)

    await bounded(in_process(), counted, "in-process icusync")
    if counted.failure is not None:
        run.notes.append(f"upstream requests n/a: the in-process run failed ({counted.failure})")
    for ask, answer in run.answers.items():
        other = counted.answers.get(ask)
        if other is None:
            continue
        answer.upstream, answer.non_2xx = other.upstream, other.non_2xx
        if other.chars != answer.chars:
            run.notes.append(f"({ask}) answered {other.chars} chars in process vs {answer.chars} via `icusync demo`")
    if not run.answers and counted.answers:  # the CLI failed: the in-process run still measures
        run.answers = counted.answers
    return run


def icusync_version() -> str:
    try:
        version = importlib.metadata.version("icusync")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    with contextlib.suppress(Exception):
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
        if rev:
            version += f" ({rev})"
    return version


async def bench_all(versions: dict[str, str], cache: Path, tmp: Path) -> tuple[Upstream, list[ServerRun]]:
    for noisy in ("httpx", "httpx2", "mcp", "hypercorn"):  # per-request INFO lines of the in-process run
        logging.getLogger(noisy).setLevel(logging.WARNING)
    demo = DemoUpstream(seed=SEED, prefix="")
    recorder = Recorder(demo.asgi)
    athlete_id = demo.athlete_ids[0]
    api_key = demo.api_key(athlete_id)
    today = demo.today
    async with serving(recorder, free_port()) as base:
        activity = await pick_activity(base, athlete_id, api_key, today)
        context = {
            "activity_id": str(activity["id"]),
            "today": today.isoformat(),
            "oldest30": (today - dt.timedelta(days=29)).isoformat(),
            "oldest7": (today - dt.timedelta(days=6)).isoformat(),
            "newest14": (today + dt.timedelta(days=13)).isoformat(),
        }
        up = Upstream(demo, recorder, base, athlete_id, api_key, activity, context)
        runs = [await bench_icusync(tmp, up)]
        for peer in PEERS:
            runs.append(await bench_peer(peer, versions[peer.name], cache, up, tmp))
    return up, runs


# ---------------------------------------------------------------- report


def num(n: int) -> str:
    return f"{n:,}"


def call_text(calls: list[Call], context: dict[str, str]) -> str:
    return " + ".join(f"`{tool} {json.dumps(fill(args, context), separators=(',', ':'))}`" for tool, args in calls)


def report(up: Upstream, runs: list[ServerRun], cache: Path) -> str:
    by_name = {r.name: r for r in runs}
    names = [r.name for r in runs]
    act = up.activity
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "## icusync and the peer MCP servers on one demo upstream",
        "",
        f"`bench/peers.py`, {now}, {os.cpu_count()} CPUs, Python {platform.python_version()}. "
        f"Demo Intervals.icu (seed {SEED}) served on 127.0.0.1; athlete {up.athlete_id}, their today "
        f"{up.context['today']}; activity for (d): {act['id']} ({act.get('name')}, {act.get('type')}, "
        f"{str(act.get('start_date_local'))[:10]}, {act['_intervals']} intervals).",
        "",
        "| server | version | how it reached the demo |",
        "| --- | --- | --- |",
    ]
    how = {ICUSYNC: "`icusync demo` (its built-in demo, same seed) for tools and answers; upstream requests "
                    "from the same calls to icusync in process, against the shared demo",
           **{peer.name: peer.how for peer in PEERS}}
    out += [f"| {run.name} | {run.version} | {how.get(run.name, '')} |" for run in runs]
    out += [
        "",
        f"Peers from PyPI, one venv each under `{cache}`.",
        "",
        "### Tool surface",
        "",
        "| server | configuration | tools | instructions chars | model-facing chars | whole tools/list chars |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for s in run.surfaces:
            out.append(f"| {run.name} | {s.config} | {s.tools} | {num(s.instructions)} | {num(s.model_chars)} "
                       f"| {num(s.list_chars)} |")
        if not run.surfaces:
            out.append(f"| {run.name} | failed | | | | |")
    out += [
        "",
        "Model-facing = the sum over tools of the compact JSON of {name, description, inputSchema}, plus the "
        "server's `instructions`. Whole tools/list = the compact JSON of the listed tools as returned "
        "(annotations, output schemas, meta included).",
        "",
        "### Five asks: answer characters (upstream requests)",
        "",
        "| ask | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---:" for _ in names) + " |",
    ]
    totals = {name: [0, 0, True] for name in names}
    for ask, label in ASKS:
        cells = []
        for name in names:
            answer = by_name[name].answers.get(ask)
            if answer is None:
                cells.append("failed")
                totals[name][2] = False
                continue
            requests = "n/a" if answer.upstream is None else str(answer.upstream)
            flag = " ⚠" if answer.errors else ""
            cells.append(f"{num(answer.chars)} ({requests}){flag}")
            totals[name][0] += answer.chars
            if answer.upstream is None:
                totals[name][2] = False
            else:
                totals[name][1] += answer.upstream
        out.append(f"| ({ask}) {label} | " + " | ".join(cells) + " |")
    out.append("| total | " + " | ".join(
        f"{num(c)} ({r if ok else 'n/a'})" for c, r, ok in totals.values()) + " |")
    out += [
        "",
        "Answer characters = the text content of the tool result(s); structured content is not counted. "
        "Upstream requests = HTTP requests the demo served during the ask (any status). The asks run in "
        "order in one session per server, so caches warm up as in a conversation. ⚠ = a call reported an error "
        "(listed below).",
        "",
        "### Calls per ask",
        "",
        "| ask | server | call(s) |",
        "| --- | --- | --- |",
    ]
    for ask, label in ASKS:
        for name in names:
            out.append(f"| ({ask}) {label} | {name} | {call_text(CALLS[name][ask], up.context)} |")
    out += [
        "",
        "Peer windows are icusync's reading of the phrases: last 30 days "
        f"= {up.context['oldest30']}..{up.context['today']}, last 7 days = {up.context['oldest7']}.."
        f"{up.context['today']}, next 14 days = {up.context['today']}..{up.context['newest14']} "
        f"({IIM}'s days_back/days_ahead count days from its own today).",
        "",
        "### Upstream answers other than 2xx, and errors",
        "",
    ]
    rows = []
    for run in runs:
        for ask, answer in run.answers.items():
            for method, path, status in answer.non_2xx:
                rows.append(f"| {run.name} | ({ask}) | `{method} {path}` | {status} |")
    if rows:
        out += ["| server | ask | request | status |", "| --- | --- | --- | --- |", *rows]
    else:
        out.append("None.")
    problems = []
    for run in runs:
        if run.failure:
            problems.append(f"- {run.name}: {run.failure}")
        for ask, answer in run.answers.items():
            problems += [f"- {run.name} ({ask}): {err}" for err in answer.errors]
        problems += [f"- {run.name}: {note}" for note in run.notes]
    out += ["", *(problems or ["No call reported an error."]), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-report", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"peer venvs (default {DEFAULT_CACHE})")
    parser.add_argument("--upgrade", action="store_true", help="pip install -U the peers even if present")
    parser.add_argument("--dump", type=Path, default=None, help="write each answer's text to DIR/<server>-<ask>.txt")
    args = parser.parse_args(argv)

    cache = args.cache.expanduser().resolve()
    cache.mkdir(parents=True, exist_ok=True)
    versions = {peer.name: ensure_peer(peer, cache, args.upgrade) for peer in PEERS}
    with tempfile.TemporaryDirectory(prefix="icusync-peers-") as tmp:
        up, runs = asyncio.run(bench_all(versions, cache, Path(tmp)))
        failed = [r for r in runs if r.failure and not r.surfaces]
        for r in failed:  # keep a failed server's stderr where it can be read
            for log in Path(tmp).glob(f"{r.name}*.log"):
                print(f"[peers] {log.name}:\n{log.read_text()[-2000:]}", file=sys.stderr)
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for run in runs:
            for ask, answer in run.answers.items():
                (args.dump / f"{run.name}-{ask}.txt").write_text("\n\n".join(answer.texts) + "\n")
    text = report(up, runs, cache)
    print(text)
    if not args.no_report:
        update("peers", text)
    return 1 if any(r.failure for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
