"""What every tool module shares: the caller lookup, annotations, and the result shape."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict

from icusync.coach.rendered import Rendered
from icusync.connector.context import Caller, SettingsCache, tool_call
from icusync.runtime import Runtime

# Read tools change nothing and reach an outside service (Intervals.icu).
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True)

DATE_HELP = (
    "An ISO date (2026-11-03) or one of: today, yesterday, tomorrow, last N days, last N weeks, "
    "next N days, next N weeks, this week, last week, next week, this month, last month, this year, "
    "last year. Dates are the athlete's local dates; weeks run Monday to Sunday."
)


class Output(BaseModel):
    """Base of every tool's output model: the published schema names the top-level keys."""

    model_config = ConfigDict(extra="allow")


@dataclass
class ToolKit:
    runtime: Runtime
    cache: SettingsCache = field(default_factory=SettingsCache)

    @contextlib.asynccontextmanager
    async def call(self) -> AsyncIterator[Caller]:
        async with tool_call(self.runtime, self.cache) as caller:
            yield caller


def result(rendered: Rendered, *, note: str | None = None) -> CallToolResult:
    """Structured content plus the compact text the assistant reads."""
    text = rendered.text if note is None else f"{note}\n{rendered.text}"
    data: dict[str, Any] = dict(rendered.data)
    if note is not None:
        data["range_note"] = note
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)
