"""Every tool and prompt the connector offers, registered on one MCPServer."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from icusync.connector import prompts
from icusync.connector.surface import IcusyncServer
from icusync.connector.toolkit.kit import ToolKit
from icusync.connector.tools import (
    activities,
    activity_feedback,
    athlete,
    calendar,
    calendar_bulk,
    calendar_writes,
    curves,
    fitness,
    gear,
    gear_changes,
    history,
    library,
    roster,
    summary,
    thresholds,
    wellness,
    wellness_log,
    workouts,
)
from icusync.services.runtime import Runtime

READ_MODULES = (athlete, fitness, activities, wellness, curves, calendar, summary, library, gear, roster)
WRITE_MODULES = (
    workouts, calendar_writes, calendar_bulk, activity_feedback, thresholds, wellness_log, gear_changes, history
)
TOOL_MODULES = READ_MODULES + WRITE_MODULES


def register_all(mcp: MCPServer[Any], runtime: Runtime) -> None:
    kit = ToolKit(runtime)
    if isinstance(mcp, IcusyncServer):
        mcp.reaches_several = kit.reaches_several
    for module in TOOL_MODULES:
        module.register(mcp, kit)
    prompts.register(mcp)
