"""How long the README's test command takes on a clean clone: the install and the test run, separately.

Run: .venv/bin/python bench/suite.py  (updates its section of BENCHMARKS.md)
The clone is made from the current commit; pip's cache is whatever this machine has.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import ROOT, machine, update  # noqa: E402


def readme_test_command() -> str:
    """The second command of the README's first code block."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block is not None, "the README has no sh block"
    return block.group(1).strip().splitlines()[1]


def timed(command: str, cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`{command}` failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def main() -> None:
    command = readme_test_command()
    install, _, tests = command.rpartition(" && ")
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "icusync"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        install_s, _ = timed(install, clone)
        tests_s, out = timed(tests, clone)
    summary = next((line for line in reversed(out.splitlines()) if " passed" in line), "").strip("= ")
    markdown = "\n".join([
        "## The test suite",
        "",
        f"`bench/suite.py` on {machine()}: the README's test command on a clean clone.",
        "",
        "| part | wall time |",
        "|---|---:|",
        f"| `{install}` | {install_s:.0f} s |",
        f"| `{tests}` | {tests_s:.0f} s ({summary}) |",
        f"| whole command | {install_s + tests_s:.0f} s |",
        "",
        "Budget: the test run within 2 minutes on 2 cores with Chromium installed. The install depends on "
        "pip's cache (a fresh machine downloads every wheel).",
    ])
    update("suite", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
