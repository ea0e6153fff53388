"""Tool calls per athlete per minute (ICUSYNC_CALLS_PER_MINUTE): one runaway assistant must not spend the
instance's shared Intervals.icu rate for everyone."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from mcp.server.mcpserver.exceptions import ToolError


class CallBudget:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}

    def spend(self, user_id: int) -> None:
        """Count one call for the user, or refuse it, saying when the next one will be accepted."""
        now = self._clock()
        recent = self._seen.setdefault(user_id, deque())
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) >= self.per_minute:
            wait = max(1, math.ceil(60 - (now - recent[0])))
            raise ToolError(f"Too many icusync tool calls this minute for this athlete. Retry in {wait} seconds.")
        recent.append(now)
