"""Heart-rate drift segment by segment: heart rate per unit of output, each segment against the first.

A steady session whose HR per watt (or per m/s) creeps up shows cardiac drift as it happens: which
quarter (or which 20 minutes) it started in, not only the two-halves figure decoupling gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from icusync.coach.analysis.series import HR, Series, Span
from icusync.coach.analysis.spans import by_moving_time, in_parts

QUARTERS_UP_TO_SECS = 80 * 60  # longer sessions go in 20-minute segments
SEGMENT_SECS = 20 * 60


@dataclass(frozen=True)
class DriftRow:
    label: str
    moving_secs: float
    output: float | None
    hr: float | None
    change_pct: float | None  # HR per unit of output against the first segment's, %: positive is drift


def drift_segments(series: Series, start: int = 0, end: int | None = None) -> list[Span]:
    """Quarters up to 80 minutes of moving time, else 20-minute segments."""
    stop = series.n if end is None else end
    if series.moving_secs(start, stop) <= QUARTERS_UP_TO_SECS:
        return in_parts(series, 4, start, stop)
    return by_moving_time(series, SEGMENT_SECS, start, stop)


def hr_drift(series: Series, output: str | None, spans: list[Span]) -> list[DriftRow]:
    rows: list[DriftRow] = []
    base: float | None = None
    for span in spans:
        out = series.mean(output, span.start, span.end) if output else None
        hr = series.mean(HR, span.start, span.end)
        ratio = hr / out if hr and out else None
        if base is None and ratio is not None:
            base = ratio
        change = (ratio / base - 1) * 100 if ratio is not None and base else None
        rows.append(DriftRow(span.label, series.moving_secs(span.start, span.end), out, hr, change))
    return rows
