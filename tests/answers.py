"""Checks on the shape of a tool's answer."""

from __future__ import annotations

from typing import Any


def longest_list(value: Any) -> int:
    """The length of the longest list anywhere in a JSON value: an answer that summarises holds tables of
    a few dozen rows, one that dumps samples holds thousands."""
    if isinstance(value, dict):
        return max((longest_list(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max([len(value), *(longest_list(v) for v in value)])
    return 0
