"""What every write tool shares on the MCP side: its annotations and the write scope."""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from icusync.oauth import scopes
from icusync.services.athlete import Caller

# Creates go through an upsert keyed on a stable external_id: repeating one updates, never duplicates.
UPSERT = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=True)
CHANGE = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=True)
ONE_SHOT = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True)
APPEND = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True)


def require_write(caller: Caller) -> None:
    if scopes.WRITE not in caller.scopes:
        raise ToolError(
            "insufficient_scope: this connection was granted read-only access, so icusync cannot change the "
            "calendar or wellness. To allow writes, reconnect the connector and approve 'write' "
            f"({caller.dashboard_url})."
        )
    if caller.subject is not None and not caller.subject.may_write:
        raise ToolError(
            f"{caller.subject.label} shares their Intervals.icu data with this account to read only, so icusync "
            "cannot change it; they or their coach can. Nothing was changed."
        )
