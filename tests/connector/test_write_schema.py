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
    "save_workout_to_library": (False, False),  # appends a new library workout every time
}


def undescribed(schema: dict[str, Any], where: str) -> list[str]:
    """Input properties without a description, including those of nested models in $defs."""
    missing = [f"{where}.{p}" for p, spec in (schema.get("properties") or {}).items() if not spec.get("description")]
    for name, sub in (schema.get("$defs") or {}).items():
        missing += undescribed({"properties": sub.get("properties") or {}}, f"{where}.$defs.{name}")
    return missing


@pytest.mark.parametrize("mode", MODES)
async def test_every_write_tool_advertises_its_hints_and_schemas(live: Live, mode: str) -> None:
    async with live.client(mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(WRITE_TOOLS) <= set(tools)
    for name, (destructive, idempotent) in WRITE_TOOLS.items():
        tool = tools[name]
        assert tool.title, name
        assert len(tool.description or "") > 80, f"{name}: description is {len(tool.description or '')} chars"
        hints = tool.annotations
        assert hints is not None, name
        assert hints.read_only_hint is False, name
        assert (hints.destructive_hint, hints.idempotent_hint) == (destructive, idempotent), name
        assert hints.open_world_hint is True, name  # every write reaches Intervals.icu
        assert tool.output_schema and tool.output_schema.get("properties"), name
        assert not undescribed(tool.input_schema, name)


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
    assert not undescribed(tool.input_schema, tool.name)
