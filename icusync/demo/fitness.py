"""Fitness (CTL), fatigue (ATL), form and ramp rate, as reference §5 defines them."""

from __future__ import annotations

import math
from collections.abc import Iterable

CTL_DECAY = math.exp(-1 / 42)
ATL_DECAY = math.exp(-1 / 7)


def step(ctl: float, atl: float, load: float) -> tuple[float, float]:
    """One day of the exponentially weighted averages: yesterday's values plus today's load."""
    return ctl * CTL_DECAY + load * (1 - CTL_DECAY), atl * ATL_DECAY + load * (1 - ATL_DECAY)


def series(loads: Iterable[float], ctl0: float, atl0: float) -> list[tuple[float, float]]:
    """(ctl, atl) after each day's load, starting from the values before the first day."""
    out: list[tuple[float, float]] = []
    ctl, atl = ctl0, atl0
    for load in loads:
        ctl, atl = step(ctl, atl, load)
        out.append((ctl, atl))
    return out


def ramp_rates(ctls: list[float], ctl0: float) -> list[float]:
    """CTL change over the last 7 days, for each day (days before the first use `ctl0`)."""
    return [c - (ctls[i - 7] if i >= 7 else ctl0) for i, c in enumerate(ctls)]
