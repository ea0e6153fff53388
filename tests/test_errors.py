"""What a rate limit says about waiting: seconds when they are few, a time when they are many."""

from __future__ import annotations

import pytest

from icusync.errors import RateLimited

NOW = 1_800_000_000.0  # 2027-01-15 08:00 UTC


@pytest.mark.parametrize(
    ("retry_after", "advice"),
    [
        (None, "in a minute"),
        (0.2, "in 1 second"),
        (20, "in 20 seconds"),
        (120, "in 120 seconds"),
        (3600, "later, not before 09:00 UTC"),
        (343538939, "later, not before 2037-12-04 11:28 UTC"),
        (1e30, "later, not before 9999-12-31 23:59 UTC"),
    ],
)
def test_when_to_retry(retry_after: float | None, advice: str) -> None:
    assert RateLimited("limited", retry_after).when_to_retry(NOW) == advice
