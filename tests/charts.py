"""Reading a drawn chart back in the browser: its axis from the tick lines, its lines from their points.

Charts mark each tick line with `data-value` (the value it stands for), so a test turns a drawn y back
into a value the way a reader does with the axis labels, with no knowledge of the chart's geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def axis(scope: Any, tick_selector: str) -> Callable[[float], float]:
    """y → value, from the tick lines (their `data-value` and `y1`) matching `tick_selector` in `scope`
    (a page, frame or locator)."""
    ticks = await scope.locator(tick_selector).evaluate_all(
        "els => els.map(e => [Number(e.dataset.value), Number(e.getAttribute('y1'))])"
    )
    assert len(ticks) >= 2, f"fewer than two ticks for {tick_selector}"
    (v0, y0), (v1, y1) = min(ticks, key=lambda t: t[0]), max(ticks, key=lambda t: t[0])
    return lambda y: v0 + (y - y0) / (y1 - y0) * (v1 - v0)


async def vertices(scope: Any, line_selector: str) -> list[tuple[float, float]]:
    """The (x, y) points of the polyline matching `line_selector`."""
    text: str = await scope.locator(line_selector).get_attribute("points")
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in text.split())]


def at_x(points: list[tuple[float, float]], x: float) -> float:
    """The y of the vertex drawn at `x` (within a tenth of a unit: coordinates carry one decimal)."""
    found = [py for px, py in points if abs(px - x) <= 0.11]
    assert found, f"no vertex at x={x}"
    return found[0]
