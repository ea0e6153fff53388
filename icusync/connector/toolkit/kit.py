"""What every tool module shares: the caller lookup, annotations, and the result shape."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from icusync.coach.render.rendered import Rendered
from icusync.connector.toolkit.budget import CallBudget
from icusync.connector.toolkit.context import tool_call
from icusync.services.athlete import Caller
from icusync.services.runtime import Runtime

# Read tools change nothing and reach an outside service (Intervals.icu).
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True)

# Date arguments: the accepted forms are stated once, in the server instructions.
Oldest = Annotated[str | None, Field(description="start date")]
Newest = Annotated[str | None, Field(description="end date")]


class Output(BaseModel):
    """Base of every tool's output model: the published schema names the top-level keys."""

    model_config = ConfigDict(extra="allow")


class RangedOutput(Output):
    """Output of a tool over a date range, which may have been cut to the tool's limit."""

    range_note: str | None = Field(description="set when the range asked for was cut, with how to ask for the rest")


@dataclass
class ToolKit:
    runtime: Runtime
    budget: CallBudget = field(init=False)

    def __post_init__(self) -> None:
        self.budget = CallBudget(self.runtime.settings.calls_per_minute)

    @contextlib.asynccontextmanager
    async def call(self) -> AsyncIterator[Caller]:
        async with tool_call(self.runtime, self.budget) as caller:
            yield caller


def reply(text: str, data: dict[str, Any]) -> CallToolResult:
    """Structured content plus the compact text the assistant reads."""
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def result(rendered: Rendered) -> CallToolResult:
    """A renderer's answer."""
    return reply(rendered.text, dict(rendered.data))


def ranged_result(rendered: Rendered, note: str | None) -> CallToolResult:
    """A renderer's answer over a date range, led by the note saying how the range was cut, if it was."""
    text = rendered.text if note is None else f"{note}\n{rendered.text}"
    return reply(text, {**rendered.data, "range_note": note})
