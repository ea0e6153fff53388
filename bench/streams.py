"""Inside one activity: how long summarising a 6-hour ride at 1 Hz takes against a 1-hour one.

Run: .venv/bin/python bench/streams.py  (updates its section of BENCHMARKS.md)
Two rides are added to the demo athlete's history (built the way the demo builds every activity, so
their streams agree with their summaries); each analysis is timed on its own, pure (the renderer on
streams already fetched and decoded), and end to end (get_activity through the MCP SDK client and the
in-process app, the demo upstream behind it, its streams already generated and cached).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icusync.app import create_app  # noqa: E402
from icusync.cli.demo_wiring import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PREFIX, prepare_demo_athlete  # noqa: E402
from icusync.coach.analysis.channels import ANALYSES, to_fetch  # noqa: E402
from icusync.coach.render.analysis import render_analysis  # noqa: E402
from icusync.coach.sport_settings import SportSettings, settings_for  # noqa: E402
from icusync.demo import DemoUpstream  # noqa: E402
from icusync.demo.history import build_activity  # noqa: E402
from icusync.demo.profiles import athlete_record, sport_settings  # noqa: E402
from icusync.demo.sessions import Segment, Session  # noqa: E402
from tests.harness import lifespan, make_settings, sdk_http_client  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report import machine, update  # noqa: E402

PURE_RUNS = 9
TOOL_RUNS = 5  # 6 analyses x 2 rides x (1 + 5) calls stays under the 120 calls a minute a user may make


def ride(hours: float, rng: random.Random) -> Session:
    """`hours` of endurance riding in 10-minute stretches around 68% of FTP, every fourth starting with a
    5-minute surge (a hill)."""
    segments = []
    for k in range(int(hours * 6)):
        if k % 4 == 3:
            segments.append(Segment(300, rng.uniform(0.95, 1.1), "steady"))
        segments.append(Segment(300 if k % 4 == 3 else 600, 0.68 * rng.uniform(0.9, 1.1), "steady"))
    return Session("Ride", f"{hours:g}-hour ride", segments, hour=8.0)


def add_rides(demo: DemoUpstream) -> dict[str, str]:
    """A 1-hour and a 6-hour ride yesterday, in the demo athlete's history; their ids by label."""
    data = demo.data[demo.athlete_ids[0]]
    rng = random.Random(42)
    ids = {}
    for seq, (label, hours) in enumerate((("1 h", 1.0), ("6 h", 6.0)), start=900):
        built = build_activity(data.profile, ride(hours, rng), demo.today - dt.timedelta(days=1), 1, seq, rng)
        act = {**built.activity, "icu_intervals": [], "icu_groups": []}
        data.activities.append(act)
        data.by_id[act["id"]] = act
        data.stretches[act["id"]] = built.stretches
        ids[label] = act["id"]
    return ids


def median_cpu_ms(fn: Callable[[], Any], runs: int) -> float:
    """CPU time, so other work on a shared machine does not count."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


async def streams_of(demo: DemoUpstream, activity_id: str, kind: str, recorded: list[str]) -> dict[str, Any]:
    athlete = demo.athlete_ids[0]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi),
                                 base_url=f"http://demo{DEMO_PREFIX}/api/v1",
                                 auth=("API_KEY", demo.api_key(athlete))) as http:
        got = await http.get(f"/activity/{activity_id}/streams", params={"types": ",".join(to_fetch(kind, recorded))})
        got.raise_for_status()
        return {s["type"]: s["data"] for s in got.json()}


async def bench(tmp: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    demo = DemoUpstream(seed=1, prefix=DEMO_PREFIX, oauth_clients={DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    ids = add_rides(demo)
    data = demo.data[demo.athlete_ids[0]]
    sports = [SportSettings.from_api(s) for s in sport_settings(data.profile)]
    athlete = athlete_record(data.profile)
    rows: dict[str, dict[str, Any]] = {kind: {"analysis": kind} for kind in ANALYSES}
    facts: dict[str, Any] = {}
    for label, activity_id in ids.items():
        act = data.by_id[activity_id]
        facts[label] = {"samples": act["elapsed_time"], "moving": act["moving_time"]}
        settings = settings_for("Ride", sports)
        for kind in ANALYSES:
            streams = await streams_of(demo, activity_id, kind, act["stream_types"])
            rows[kind][f"pure {label}"] = median_cpu_ms(
                lambda: render_analysis(kind, act, streams, settings=settings, athlete=athlete), PURE_RUNS)  # noqa: B023
        everything = await streams_of(demo, activity_id, "splits", act["stream_types"])
        facts[label]["json_kb"] = len(json.dumps(everything)) / 1000

    settings = make_settings(tmp, demo=True, signin_methods=("demo",), upstream_rate=1000.0,
                             upstream_base_url=f"http://127.0.0.1:8000{DEMO_PREFIX}")
    url = await prepare_demo_athlete(settings, demo)
    app = create_app(settings, upstream_transport=httpx.ASGITransport(app=demo.asgi), demo=demo)
    async with (
        lifespan(app),
        sdk_http_client(app) as http,
        Client(streamable_http_client(url, http_client=http), mode="legacy") as client,  # type: ignore[arg-type]
    ):
        await client.call_tool("get_athlete_profile", {})  # settings cached, as in a conversation
        for label, activity_id in ids.items():
            for kind in ANALYSES:
                args = {"activity_id": activity_id, "analysis": kind}
                first = await client.call_tool("get_activity", args)  # the demo generates the streams once
                assert not first.is_error, first
                times = []
                for _ in range(TOOL_RUNS):
                    start = time.perf_counter()
                    result = await client.call_tool("get_activity", args)
                    times.append((time.perf_counter() - start) * 1000)
                rows[kind][f"tool {label}"] = statistics.median(times)
                rows[kind][f"text {label}"] = sum(len(getattr(b, "text", "")) for b in result.content)
    return list(rows.values()), facts


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        rows, facts = asyncio.run(bench(Path(d)))
    short, long = facts["1 h"], facts["6 h"]
    lines = [
        "## Inside one activity: a 6-hour ride against a 1-hour one",
        "",
        f"`bench/streams.py` on {machine()}. Two endurance rides at 1 Hz, 1 and 6 hours moving: "
        f"{short['samples']:,} and {long['samples']:,} samples with the stops (every stream of the 6-hour one "
        f"is {long['json_kb']:.0f} kB of JSON). "
        f"Pure: CPU time of the analysis and its answer from streams already fetched and decoded (median of "
        f"{PURE_RUNS}). Tool call: wall time of `get_activity` with `analysis` through the MCP SDK client and the "
        f"in-process app, with the demo upstream behind it and its streams already generated (median of "
        f"{TOOL_RUNS}; this includes the demo encoding the samples and icusync decoding them).",
        "",
        "| analysis | pure 1 h ms | pure 6 h ms | tool call 1 h ms | tool call 6 h ms | answer chars 6 h |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| `{r['analysis']}` | {r['pure 1 h']:.1f} | {r['pure 6 h']:.1f} | {r['tool 1 h']:.0f} | "
          f"{r['tool 6 h']:.0f} | {r['text 6 h']} |" for r in rows),
        "",
        "Budget: the 6-hour ride's pure analysis well under 100 ms and its answer under 3,000 characters. The "
        "work grows with the samples (prefix sums, one sort, one pass for climbs), so six times the samples costs "
        "about six times as much, and the answer stays the same size.",
    ]
    update("streams", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
