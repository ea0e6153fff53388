"""What every tool module shares: the caller lookup, annotations, and the result shape."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from icusync.coach.dates import ResolvedRange, dates_line, describe
from icusync.coach.render.rendered import Rendered
from icusync.connector.toolkit.budget import CallBudget
from icusync.connector.toolkit.context import current_caller, tool_call
from icusync.connector.toolkit.subject import about_subject, reaches_several
from icusync.services.athlete import Caller
from icusync.services.reconcile import reconcile
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
    dates: str | None = Field(None, description="what the date phrases given became, with today's date")


@dataclass
class ToolKit:
    runtime: Runtime
    budget: CallBudget = field(init=False)

    def __post_init__(self) -> None:
        self.budget = CallBudget(self.runtime.settings.calls_per_minute)

    @contextlib.asynccontextmanager
    async def call(self) -> AsyncIterator[Caller]:
        async with tool_call(self.runtime, self.budget) as caller:
            # Writes whose answer was lost are settled on the athlete's next call, whatever it is.
            await reconcile(caller.deps, caller.user.id, caller.cred)
            yield await about_subject(caller)

    async def reaches_several(self) -> bool:
        """Does the signed-in connection reach more athletes than its owner? (False when unknown; the
        listing spends none of the call budget.)"""
        try:
            caller = await current_caller(self.runtime, None)
        except ToolError:
            return False
        return await reaches_several(caller)


def said_dates(today: date, readings: list[tuple[str | None, str | None]]) -> str | None:
    """ "Dates: 'Thursday' = Thu 2026-12-03 (today is ...)" for the (phrase sent, ISO day it became) pairs
    of a write, so the reply says what each phrase meant. `today` is read before the write: nothing after
    a change that went through may fail the reply."""
    said = [
        describe(phrase, day, day, today) if phrase and iso else None
        for phrase, iso in readings
        for day in ([date.fromisoformat(iso[:10])] if iso else [today])
    ]
    return dates_line(said, today)


def reply(text: str, data: dict[str, Any]) -> CallToolResult:
    """Structured content plus the compact text the assistant reads."""
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def result(rendered: Rendered) -> CallToolResult:
    """A renderer's answer."""
    return reply(rendered.text, dict(rendered.data))


def ranged_result(rendered: Rendered, span: ResolvedRange | None) -> CallToolResult:
    """A renderer's answer over a date range, led by what the date phrases became and by the note
    saying how the range was cut, if it was."""
    note, said = (None, None) if span is None else (span.message, span.said)
    text = "\n".join(part for part in (said, note, rendered.text) if part)
    return reply(text, {**rendered.data, "range_note": note, "dates": said})
