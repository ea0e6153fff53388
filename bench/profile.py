"""Where a tool call's CPU goes: py-spy samples `icusync serve` while clients call tools at a steady rate.

Run: .venv/bin/python bench/profile.py [--source DIR] [--tool NAME | --mix] [--clients N] [--seconds S]
Needs py-spy (`pip install py-spy`) and the right to trace a child process. Prints the functions with
the most samples, on top of the stack (self) and anywhere in it (inclusive); nothing is written.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402
import procs  # noqa: E402
import servers  # noqa: E402


def frames(line: str) -> tuple[list[str], int]:
    stack, _, count = line.rpartition(" ")
    return stack.split(";"), int(count)


def short(frame: str) -> str:
    """`name (path/to/module.py:12)` → `name (module.py)`, keeping the package for our own code."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rpartition(":")[0]
    parts = Path(path).parts
    keep = parts[parts.index("icusync"):] if "icusync" in parts else parts[-2:]
    return f"{name} ({'/'.join(keep)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=procs.ROOT)
    parser.add_argument("--tool", default="get_athlete_profile")
    parser.add_argument("--mix", action="store_true")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    tools = load.MIX if args.mix else [(args.tool, {}, 1)]
    with servers.stack(args.source.resolve()) as st, st.icusync(load.LIFTED) as (port, pid), \
            tempfile.TemporaryDirectory() as d:
        out = Path(d) / "stacks.txt"
        # --gil: only the thread holding the GIL is sampled, so the samples share out CPU, not waiting.
        record = ["record", "-p", str(pid), "-f", "raw", "-r", "200", "-d", str(int(args.seconds) + 2),
                  "-o", str(out), "--nonblocking", "--gil"]
        spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), *record],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        athletes = max(1, min(10, args.clients))
        plan = load.clients_for(st, athletes, max(1, args.clients // athletes))
        phase = load.Phase("profile", len(plan), athletes, load.LIFTED, args.seconds)
        done = asyncio.run(load.run_phase(st, port, pid, phase, plan, tools, warmup=1.0)).summary()
        spy.wait(60)
        lines = [frames(line) for line in out.read_text().splitlines() if line.strip()]
    total = sum(n for _, n in lines)
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for stack, n in lines:
        own[short(stack[-1])] += n
        for frame in {short(f) for f in stack}:
            anywhere[frame] += n
    print(f"{done['calls']} calls, {done['calls_per_s']:.0f}/s, {done['cpu_ms_per_call']:.2f} ms CPU per call, "
          f"{total} samples")
    for title, counter in (("self", own), ("inclusive", anywhere)):
        print(f"\n## {title}")
        for frame, n in counter.most_common(args.top):
            print(f"{100 * n / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
