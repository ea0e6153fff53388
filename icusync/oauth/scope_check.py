"""The scope check write tools call first: a read-only connection cannot change the calendar."""

from __future__ import annotations

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.mcpserver.exceptions import ToolError

SCOPE_MEANING = {
    "read": "read your training data",
    "write": "write workouts, notes and wellness to your Intervals.icu calendar",
}


def require_scope(scope: str) -> None:
    """Raise a ToolError naming the missing scope unless the caller's token carries `scope`."""
    token = get_access_token()
    if token is not None and scope in token.scopes:
        return
    meaning = SCOPE_MEANING.get(scope, scope)
    raise ToolError(
        f"insufficient_scope: this connection was approved without the '{scope}' permission "
        f"({meaning}). Ask the athlete to disconnect and reconnect icusync, leaving '{scope}' ticked "
        "on the consent page."
    )
