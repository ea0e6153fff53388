"""What the model reads before the athlete asks anything: the tool surface and its budget.

The budget counts, per tool, its name, description and input schema as compact JSON, plus
the server instructions sent at initialize. BENCHMARKS.md compares the figure with the
other Intervals.icu connectors (bench/peers.py).
"""

from __future__ import annotations

from typing import Any

from icusync.connector.instructions import INSTRUCTIONS
from icusync.connector.toolkit.lean import model_facing_size
from tests.connector.conftest import Live, text_of

# The tools icusync had before the coach's-week features; they alone must fit the first budget.
TODAYS_TOOLS = {
    "get_athlete_profile", "get_fitness", "list_activities", "get_activity", "get_wellness", "get_best_efforts",
    "get_calendar", "get_training_summary", "list_recent_writes", "create_workouts", "update_workout",
    "add_calendar_entry", "delete_calendar_event", "log_wellness", "undo_last_write",
}  # fmt: skip
TODAYS_BUDGET = 9_000
WHOLE_BUDGET = 16_000


def sizes(tools: list[Any]) -> dict[str, int]:
    return {t.name: model_facing_size(t.name, t.description or "", t.input_schema) for t in tools}


async def test_the_tool_surface_fits_its_budget(live: Live) -> None:
    async with live.client() as client:
        tools = (await client.list_tools()).tools
        instructions = client.instructions or ""
    assert instructions == INSTRUCTIONS
    per_tool = sizes(tools)
    todays = sum(v for k, v in per_tool.items() if k in TODAYS_TOOLS) + len(instructions)
    whole = sum(per_tool.values()) + len(instructions)
    print(f"\nmodel-facing characters: {whole} for {len(tools)} tools + instructions ({len(instructions)}); "
          f"the first {len(TODAYS_TOOLS)} tools: {todays}")
    assert set(per_tool) >= TODAYS_TOOLS
    assert todays <= TODAYS_BUDGET, per_tool
    assert whole <= WHOLE_BUDGET, per_tool


async def test_a_coachs_surface_fits_the_whole_budget(live: Live) -> None:
    """A connection reaching several athletes sees one more tool and an `athlete` argument on most."""
    async with live.client(url=await live.connect(live.demo.coach_id or "")) as coach:
        tools = (await coach.list_tools()).tools
        instructions = coach.instructions or ""
    whole = sum(sizes(tools).values()) + len(instructions)
    print(f"\nmodel-facing characters for a coach: {whole} for {len(tools)} tools + instructions")
    assert "list_athletes" in {t.name for t in tools}
    assert whole <= WHOLE_BUDGET


async def test_a_read_only_grant_lists_no_write_tools(live: Live) -> None:
    async with live.client() as full:
        everything = {t.name: t for t in (await full.list_tools()).tools}
    read_only = await live.personal_url(("read",))  # replaces the read-write URL of the fixture
    async with live.client(url=read_only) as reader:
        visible = {t.name for t in (await reader.list_tools()).tools}
        refused = await reader.call_tool("undo_last_write", {})
    writers = {n for n, t in everything.items() if not (t.annotations and t.annotations.read_only_hint)}
    assert writers and not writers & visible
    assert visible == set(everything) - writers
    assert refused.is_error and "insufficient_scope" in text_of(refused)  # listing hides; the call still checks


async def test_unknown_and_wrong_arguments_are_named_in_plain_words(live: Live) -> None:
    async with live.client() as client:
        unknown = await client.call_tool("get_fitness", {"oldest": "last 2 weeks", "days": 14})
        wrong = await client.call_tool("get_best_efforts", {"kind": "watts", "compare": "yesterday"})
        missing = await client.call_tool("add_calendar_entry", {"kind": "race", "date": "tomorrow"})
    assert unknown.is_error and "unknown argument days" in text_of(unknown)
    assert "oldest, newest" in text_of(unknown)
    text = text_of(wrong)
    assert wrong.is_error and "nothing was done" in text
    assert "`kind`: 'watts' is not accepted; give one of power, pace, hr" in text
    assert "`compare`: 'yesterday' is not accepted; give one of none, previous_period, last_year" in text
    assert "https://" not in text  # no library documentation links
    assert missing.is_error and "`name` is missing" in text_of(missing)
