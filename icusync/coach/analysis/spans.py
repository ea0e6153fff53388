"""Ways to cut an activity into stretches of samples: by distance, by moving time, in halves, by the
intervals (laps) Intervals.icu recorded. All lengths are in moving time or distance, so stops do not
shift the cuts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.analysis.series import Series, Span
from icusync.coach.units import fmt_duration, num

# Split lengths, as multiples of the athlete's unit (km, mile, 100 m), from the finest.
SPLIT_MULTIPLES = (1, 2, 5, 10, 20, 50, 100)


def split_length(total_m: float, unit_m: float, max_rows: int) -> float:
    """The finest split (a whole multiple of the unit) that gives at most `max_rows` splits."""
    for k in SPLIT_MULTIPLES:
        if total_m / (unit_m * k) <= max_rows:
            return unit_m * k
    return unit_m * SPLIT_MULTIPLES[-1]


def by_distance(series: Series, every_m: float) -> list[Span]:
    """Consecutive splits of `every_m` metres; the last one holds what is left (if 10% of a split or more,
    else it joins the one before)."""
    total = series.distance()
    if not total or every_m <= 0:
        return []
    spans, start, k = [], 0, 1
    while start < series.n:
        end = series.distance_index(k * every_m) if k * every_m < total else series.n
        end = max(end, start + 1)
        spans.append(Span(start, end, str(k)))
        start, k = end, k + 1
    if len(spans) > 1 and (series.distance(spans[-1].start, spans[-1].end) or 0) < 0.1 * every_m:
        last = spans.pop()
        spans[-1] = Span(spans[-1].start, last.end, spans[-1].label)
    return spans


def by_moving_time(series: Series, every_s: float, start: int = 0, end: int | None = None) -> list[Span]:
    """Blocks of `every_s` moving seconds from `start`, labelled by moving time ("0:20-0:40"); a last
    block shorter than half of one joins the one before."""
    stop = series.n if end is None else end
    offset = series.moving_secs(0, start)
    total = series.moving_secs(start, stop)
    if total <= 0 or every_s <= 0:
        return []
    cuts = [start]
    k = 1
    while k * every_s < total - every_s / 2:
        cuts.append(series.index_at(offset + k * every_s))
        k += 1
    cuts.append(stop)
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        lo, hi = series.moving_secs(0, a), series.moving_secs(0, b)
        spans.append(Span(a, b, f"{_hm(lo)}-{_hm(hi)}"))
    return spans


def in_parts(series: Series, parts: int, start: int = 0, end: int | None = None) -> list[Span]:
    """`parts` stretches of equal moving time (halves, quarters)."""
    stop = series.n if end is None else end
    offset, total = series.moving_secs(0, start), series.moving_secs(start, stop)
    cuts = [start] + [series.index_at(offset + total * k / parts) for k in range(1, parts)] + [stop]
    return [
        Span(a, b, f"{_hm(series.moving_secs(0, a))}-{_hm(series.moving_secs(0, b))}")
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def first_and_last(series: Series, secs: float) -> tuple[Span, Span]:
    """The first and the last `secs` of moving time."""
    total = series.moving_secs()
    head = series.index_at(secs)
    tail = series.index_at(max(0.0, total - secs))
    length = "hour" if secs == 3600 else _hm(secs)
    return Span(0, head, f"first {length}"), Span(tail, series.n, f"last {length}")


def interval_label(interval: Mapping[str, Any], n: int) -> str:
    label = interval.get("label")
    return str(label) if isinstance(label, str) and label.strip() else f"{n} {str(interval.get('type') or '').lower()}"


def interval_spans(series: Series, intervals: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], Span]]:
    """Each interval with its samples (`start_index` to `end_index`, inclusive upstream), clipped to the
    streams; an interval without indexes, or outside the streams, is left out."""
    found = []
    for n, interval in enumerate(intervals, start=1):
        a, b = num(interval.get("start_index")), num(interval.get("end_index"))
        if a is None or b is None:
            continue
        start, end = max(0, int(a)), min(series.n, int(b) + 1)
        if end > start:
            found.append((interval, Span(start, end, interval_label(interval, n).strip())))
    return found


def from_intervals(series: Series, intervals: Sequence[Mapping[str, Any]]) -> list[Span]:
    return [span for _, span in interval_spans(series, intervals)]


def _hm(secs: float) -> str:
    """A point in moving time: "0", "20m", "1h20"."""
    return "0" if secs < 0.5 else fmt_duration(secs)
