"""A far-future Retry-After reaches the assistant as "later" with a time, not a count of seconds."""

from __future__ import annotations

from tests.connector.conftest import Live, text_of


async def test_a_huge_retry_after_reads_as_later(live: Live) -> None:
    live.demo.faults.rate_limit(count=5, retry_after=343538939)
    async with live.client() as client:
        result = await client.call_tool("list_activities", {})
    text = text_of(result)
    assert result.is_error and "Retry later, not before 20" in text and "UTC" in text
    assert "343538939" not in text
