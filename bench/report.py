"""BENCHMARKS.md is made of sections, each written by one script: a script replaces only its own."""

from __future__ import annotations

import os
import platform
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "BENCHMARKS.md"
HEADER = (
    "# Benchmarks\n\n"
    "Each section below is written by the script it names, on the machine it names. Wall-clock numbers are "
    "for comparing runs on the same machine only; ratios travel better than absolute figures.\n"
)


def machine() -> str:
    day = time.strftime("%Y-%m-%d")
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {day}"


def update(name: str, markdown: str, path: Path = REPORT) -> None:
    """Put `markdown` between `<!-- name -->` and `<!-- /name -->` in the report, replacing what was there."""
    text = path.read_text() if path.exists() else HEADER
    block = f"<!-- {name} -->\n{markdown.strip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)
