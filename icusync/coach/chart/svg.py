"""SVG as text: a linear scale, escaping, short numbers and elements. No drawing library, no I/O."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Maps values in [lo, hi] onto pixels [start, stop] (stop may be smaller: SVG's y grows downwards)."""

    lo: float
    hi: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.start + (value - self.lo) / span * (self.stop - self.start)


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros: 12.0 → "12", 3.14 → "3.1"."""
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def attrs(values: dict[str, str | float | int | None]) -> str:
    """ key="value" pairs; None leaves the attribute out, floats go through `num`."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{esc(shown)}"')
    return "".join(parts)


def element(tag: str, children: str = "", **values: str | float | int | None) -> str:
    """One element; `class_` and `stroke_width` style names become `class` and `stroke-width`."""
    if not children:
        return f"<{tag}{attrs(values)}/>"
    return f"<{tag}{attrs(values)}>{children}</{tag}>"


def title(text: str) -> str:
    """A tooltip (and accessible name) for the element it sits in."""
    return f"<title>{esc(text)}</title>"


def points(xy: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in xy)


def nice_step(span: float, count: int) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `count` ticks over `span`."""
    raw = max(span, 1e-9) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    return next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw * 0.999)
