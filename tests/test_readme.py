"""The README holds to the code: its command table and its configuration table name what exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from icusync import settings
from icusync.cli.main import parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
SETTINGS_SOURCE = Path(settings.__file__).read_text()


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|--")]


def readme_commands() -> dict[str, set[str]]:
    """Each `icusync ...` row of the command table: subcommand -> the options it shows."""
    found: dict[str, set[str]] = {}
    for row in table_rows(section("Commands")):
        match = re.match(r"\| `icusync ([a-z-]+)([^`]*)`", row)
        if match:
            found[match.group(1)] = set(re.findall(r"--[a-z-]+", match.group(2)))
    return found


def parser_commands() -> dict[str, set[str]]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: {opt for action in p._actions for opt in action.option_strings if opt.startswith("--")} - {"--help"}
        for name, p in sub.choices.items()
    }


def test_every_command_in_the_readme_exists_with_its_options() -> None:
    documented, real = readme_commands(), parser_commands()
    assert documented, "the README's command table was not found"
    for name, options in documented.items():
        assert name in real, f"README lists `icusync {name}`, which does not exist"
        assert options <= real[name], f"`icusync {name}`: README shows {sorted(options - real[name])}, unknown"


def test_every_command_and_option_is_in_the_readme() -> None:
    documented = readme_commands()
    for name, options in parser_commands().items():
        assert name in documented, f"`icusync {name}` is missing from the README's command table"
        assert options <= documented[name], f"`icusync {name}` options missing in the README: {options}"


def test_the_configuration_table_lists_exactly_the_variables_read() -> None:
    documented = {v for row in table_rows(section("Configuration")) for v in re.findall(r"ICUSYNC_[A-Z_]+", row)}
    assert documented == set(settings.VARIABLES)


def test_settings_reads_only_the_variables_it_declares() -> None:
    read = set(re.findall(r'env(?:\.get\(|\[)\s*"(ICUSYNC_[A-Z_]+)"', SETTINGS_SOURCE))
    read |= set(re.findall(r'_(?:url|float|int)\(env, "(ICUSYNC_[A-Z_]+)"', SETTINGS_SOURCE))
    assert read, "no reads of the environment found in settings.py"
    assert read == set(settings.VARIABLES)
