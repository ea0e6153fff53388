"""What the write tools advertise through the MCP SDK client: titles, descriptions, hints and schemas.

Clients decide from these hints whether to ask the athlete before a call, so each write tool's
destructive / idempotent pair is pinned to what the code means by it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.connector.conftest import MODES, Live

# tool → (destructive_hint, idempotent_hint)
WRITE_TOOLS: dict[str, tuple[bool, bool]] = {
    "create_workouts": (False, True),  # an upsert on a stable external_id: repeating it updates
    "add_calendar_entry": (False, True),
    "update_workout": (True, True),  # overwrites fields; the same call twice leaves the same state
    "delete_calendar_event": (True, True),
    "log_wellness": (True, True),
    "undo_last_write": (True, False),  # each call reverses one more change
    "change_calendar": (True, False),  # a shift moves again each time
    "update_activity": (True, True),
    "set_thresholds": (True, True),
    "update_gear": (True, True),  # a repeated call finds the change made and changes nothing more
}


def lean_leftovers(schema: Any, where: str = "") -> list[str]:
    """Schema parts the model does not need: titles, null branches, null defaults, $defs."""
    found: list[str] = []
    if isinstance(schema, list):
        for i, item in enumerate(schema):
            found += lean_leftovers(item, f"{where}[{i}]")
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("title", "$defs", "$ref") or (key == "default" and value is None):
                found.append(f"{where}.{key}")
            elif key == "anyOf" and {"type": "null"} in value:
                found.append(f"{where}.anyOf[null]")
            elif key == "properties":
                for name, sub in value.items():
                    found += lean_leftovers(sub, f"{where}.{name}")
            else:
                found += lean_leftovers(value, f"{where}.{key}")
    return found


@pytest.mark.parametrize("mode", MODES)
async def test_every_write_tool_advertises_its_hints_and_schemas(live: Live, mode: str) -> None:
    async with live.client(mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(WRITE_TOOLS) <= set(tools)
    for name, (destructive, idempotent) in WRITE_TOOLS.items():
        tool = tools[name]
        assert tool.title, name
        assert 50 < len(tool.description or "") < 300, f"{name}: description is {len(tool.description or '')} chars"
        hints = tool.annotations
        assert hints is not None, name
        assert hints.read_only_hint is False, name
        assert (hints.destructive_hint, hints.idempotent_hint) == (destructive, idempotent), name
        assert hints.open_world_hint is True, name  # every write reaches Intervals.icu
        assert tool.output_schema and tool.output_schema.get("properties"), name
        assert not lean_leftovers(tool.input_schema, name)


async def test_every_tool_that_is_not_read_only_is_a_known_write_tool(live: Live) -> None:
    async with live.client() as client:
        tools = (await client.list_tools()).tools
    writers = {t.name for t in tools if t.annotations is None or t.annotations.read_only_hint is not True}
    assert writers == set(WRITE_TOOLS)


async def test_list_recent_writes_is_read_only(live: Live) -> None:
    async with live.client() as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == "list_recent_writes")
    assert tool.title
    hints = tool.annotations
    assert hints is not None
    assert hints.read_only_hint is True
    assert hints.destructive_hint is False
    assert tool.output_schema and "writes" in tool.output_schema.get("properties", {})
    assert not lean_leftovers(tool.input_schema, tool.name)
