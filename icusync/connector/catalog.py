"""Every tool and prompt the connector offers, registered on one MCPServer."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from icusync.connector import prompts
from icusync.connector.toolkit import ToolKit
from icusync.connector.tools import activities, athlete, calendar, comparison, curves, fitness, summary, wellness
from icusync.runtime import Runtime

TOOL_MODULES = (athlete, fitness, activities, comparison, wellness, curves, calendar, summary)


def register_all(mcp: MCPServer[Any], runtime: Runtime) -> None:
    kit = ToolKit(runtime)
    for module in TOOL_MODULES:
        module.register(mcp, kit)
    prompts.register(mcp)
