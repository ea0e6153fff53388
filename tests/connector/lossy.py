"""The demo's in-memory transport, able to lose an answer after the demo applied the request.

A network can do that: Intervals.icu applies a write, then the answer times out or the
connection drops on the way back. Tests arm it for the next request to a path; it can also
rewrite an answer, to stand for an Intervals.icu that reads a workout differently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class _Plan:
    method: str
    path: str
    how: str  # "timeout", "drop", a status code, or "rewrite"
    count: int
    rewrite: Callable[[Any], Any] | None = None


class LossyTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._plans: list[_Plan] = []

    def lose(self, method: str, path: str, how: str, count: int = 1) -> None:
        """The next `count` `method` requests whose path ends with `path` are applied, then answered
        by a timeout ("timeout"), a dropped connection ("drop") or a status code ("502")."""
        self._plans.append(_Plan(method, path, how, count))

    def rewrite(self, method: str, path: str, change: Callable[[Any], Any], count: int = 1) -> None:
        """The next `count` answers to `method` `path` pass through `change` (their JSON)."""
        self._plans.append(_Plan(method, path, "rewrite", count, change))

    def _take(self, request: httpx.Request) -> _Plan | None:
        plan = next(
            (p for p in self._plans if p.method == request.method and request.url.path.endswith(p.path)), None
        )
        if plan is not None:
            plan.count -= 1
            if plan.count <= 0:
                self._plans.remove(plan)
        return plan

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        plan = self._take(request)
        if plan is None:
            return response
        body = await response.aread()
        if plan.how == "timeout":
            raise httpx.ReadTimeout("timed out waiting for the answer", request=request)
        if plan.how == "drop":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if plan.how == "rewrite" and plan.rewrite is not None:
            changed = json.dumps(plan.rewrite(json.loads(body))).encode()
            return httpx.Response(response.status_code, headers={"content-type": "application/json"},
                                  content=changed, request=request)
        return httpx.Response(int(plan.how), json={"status": int(plan.how), "error": "Bad Gateway"}, request=request)
