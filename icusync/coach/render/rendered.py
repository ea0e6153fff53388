"""What every renderer returns, and the table helpers they share.

A tool answer has two halves: `data`, the structured content (plain dicts and
lists, tables as `{"columns": [...], "rows": [[...]]}` with units named once in
the column names), and `text`, a compact rendering for the model's context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from icusync.coach.dates import parse_upstream_date
from icusync.coach.units import MISSING

STRAVA_NOTE = "not available through the API (Strava import)"


@dataclass(frozen=True)
class Rendered:
    text: str
    data: dict[str, Any]


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    return {"columns": list(columns), "rows": [list(r) for r in rows]}


def text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A left-aligned plain-text table; None shows as "-"."""
    cells = [[str(c) for c in columns]] + [[MISSING if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells)


def more_note(shown: int, total: int, hint: str = "narrow the range or pass limit") -> str | None:
    """ "showing 50 of 73; narrow the range or pass limit" when rows were left out."""
    return None if shown >= total else f"showing {shown} of {total}; {hint}"


def day_of(value: Any) -> date | None:
    return parse_upstream_date(value)


def is_strava_stub(activity: Mapping[str, Any]) -> bool:
    """Strava-imported activities come back as metric-less stubs with a `_note`."""
    return activity.get("source") == "STRAVA" and ("_note" in activity or activity.get("type") is None)


def join_lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)
