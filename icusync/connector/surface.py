"""The tool surface as the model meets it: lean schemas, a listing that follows the grant,
and argument mistakes answered in plain words."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.apps import client_supports_apps
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.context import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import (
    CallToolResult,
    InputRequiredResult,
    ListResourcesResult,
    ListToolsResult,
    PaginatedRequestParams,
    TextContent,
)
from mcp.types import Tool as MCPTool
from pydantic import ValidationError

from icusync.connector.toolkit.arguments import plain_validation_error, unknown_arguments
from icusync.connector.toolkit.lean import lean_schema
from icusync.connector.toolkit.subject import (
    ASKED,
    ATHLETE_ARGUMENT,
    ATHLETE_SCHEMA,
    NOT_ABOUT_ONE_ATHLETE,
    ROSTER_TOOLS,
    Asked,
    naming_line,
)
from icusync.oauth import scopes


def is_write_tool(tool: MCPTool) -> bool:
    return tool.annotations is None or not tool.annotations.read_only_hint


def with_athlete_argument(tool: MCPTool) -> MCPTool:
    """The tool as a connection reaching several athletes sees it: with the optional `athlete`."""
    if tool.name in NOT_ABOUT_ONE_ATHLETE:
        return tool
    schema = dict(tool.input_schema)
    schema["properties"] = {**schema.get("properties", {}), ATHLETE_ARGUMENT: ATHLETE_SCHEMA}
    return tool.model_copy(update={"input_schema": schema})


def declined_apps(ctx: ServerRequestContext[Any, Any]) -> bool:
    """The client told us its capabilities and MCP Apps is not among them. A stateless 2025-11-25 request
    carries none (they were sent once, at initialize): such a client keeps the links, which a host without
    Apps ignores, so a host with Apps (Claude) still draws the charts."""
    return ctx.session.client_capabilities is not None and not client_supports_apps(ctx)


def without_ui(tool: MCPTool) -> MCPTool:
    meta = {k: v for k, v in (tool.meta or {}).items() if k != "ui"}
    return tool.model_copy(update={"meta": meta or None})


class IcusyncServer(MCPServer[Any]):
    """`MCPServer` whose `tools/list` publishes lean input schemas, hides the write tools from a read-only
    grant and the chart links (MCP Apps) from a client that declined Apps, and offers the `athlete`
    argument only to a connection that reaches several athletes; whose `tools/call` refuses unknown
    arguments by name and names the athlete a reply is about."""

    _listing: list[MCPTool] | None = None
    # Set by the catalog: does the signed-in connection reach several athletes?
    reaches_several: Callable[[], Awaitable[bool]] | None = None

    async def _lean_tools(self) -> list[MCPTool]:
        # Tools are all registered before serving starts: lean them once.
        if self._listing is None:
            self._listing = [
                tool.model_copy(update={"input_schema": lean_schema(tool.input_schema)})
                for tool in await super().list_tools()
            ]
        return self._listing

    async def list_tools(self) -> list[MCPTool]:
        tools = await self._lean_tools()
        token = get_access_token()
        if token is not None and scopes.WRITE not in token.scopes:
            tools = [t for t in tools if not is_write_tool(t)]
        if self.reaches_several is not None and await self.reaches_several():
            return [with_athlete_argument(t) for t in tools]
        return [t for t in tools if t.name not in ROSTER_TOOLS]

    async def _handle_list_tools(
        self, ctx: ServerRequestContext[Any, Any], params: PaginatedRequestParams | None
    ) -> ListToolsResult:
        listed = await super()._handle_list_tools(ctx, params)
        if declined_apps(ctx):
            return listed.model_copy(update={"tools": [without_ui(t) for t in listed.tools]})
        return listed

    async def _handle_list_resources(
        self, ctx: ServerRequestContext[Any, Any], params: PaginatedRequestParams | None
    ) -> ListResourcesResult:
        # The charts are listed only to a client that negotiated Apps (hosts read them by their URI anyway):
        # elsewhere they would show up as resources a person could attach to a chat.
        listed = await super()._handle_list_resources(ctx, params)
        if client_supports_apps(ctx):
            return listed
        return listed.model_copy(update={"resources": [r for r in listed.resources if not str(r.uri).startswith("ui://")]})

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        schema = next((t.input_schema for t in await self._lean_tools() if t.name == name), None)
        arguments = dict(arguments)
        asked = Asked(None if name in NOT_ABOUT_ONE_ATHLETE else arguments.pop(ATHLETE_ARGUMENT, None))
        if asked.text is not None and not isinstance(asked.text, str):
            raise ToolError(f"{name}: `athlete` is a name or an id, e.g. \"Anna\"; nothing was done.")
        if schema is not None and (refusal := unknown_arguments(name, arguments, schema)):
            raise ToolError(refusal)
        token = ASKED.set(asked)
        try:
            outcome = await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if schema is not None and isinstance(exc.__cause__, ValidationError):
                raise ToolError(plain_validation_error(name, exc.__cause__, schema)) from exc.__cause__
            raise
        finally:
            ASKED.reset(token)
        if isinstance(outcome, CallToolResult) and (line := await naming_line(asked)):
            return named(outcome, line)
        return outcome


def named(outcome: CallToolResult, line: str) -> CallToolResult:
    """The reply with a first line saying whom it is about."""
    content = list(outcome.content)
    for i, block in enumerate(content):
        if isinstance(block, TextContent):
            content[i] = block.model_copy(update={"text": f"{line}\n{block.text}"})
            break
    return outcome.model_copy(update={"content": content})
