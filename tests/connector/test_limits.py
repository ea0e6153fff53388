"""Per-user tool-call budget and the request body cap on /mcp."""

from __future__ import annotations

import pytest
from mcp.server.mcpserver.exceptions import ToolError

from icusync.connector.toolkit.budget import CallBudget
from tests.connector.conftest import Live


def test_call_budget_is_per_user() -> None:
    budget = CallBudget(3)
    for _ in range(3):
        budget.spend(1)
    with pytest.raises(ToolError, match=r"Retry in \d+ seconds"):
        budget.spend(1)
    budget.spend(2)  # another athlete is unaffected


async def test_oversized_mcp_body_is_refused(live: Live) -> None:
    body = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":"' + "x" * (2 * 1024 * 1024) + '"}}'
    async with live.http() as http:
        response = await http.post(
            live.connector_url,
            content=body,
            headers={"content-type": "application/json", "accept": "application/json, text/event-stream"},
        )
    assert response.status_code == 413
