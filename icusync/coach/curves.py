"""Best efforts at standard durations and distances from upstream curves.

Upstream curves (`power-curves`, `hr-curves`: `secs[]`/`values[]`;
`pace-curves`: `distance[]` m / `values[]` secs) are sampled at uneven points.
We never extrapolate past the end of a curve. When the exact point is missing
we take the nearest point just *above* the target (a longer duration or
distance), which can only understate the athlete: best power and HR fall with
duration, and best pace slows with distance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from icusync.coach.units import num

Kind = Literal["power", "hr", "pace"]

STANDARD_DURATIONS: tuple[tuple[str, int], ...] = (
    ("5s", 5),
    ("15s", 15),
    ("30s", 30),
    ("1m", 60),
    ("2m", 120),
    ("5m", 300),
    ("10m", 600),
    ("20m", 1200),
    ("30m", 1800),
    ("60m", 3600),
    ("90m", 5400),
    ("2h", 7200),
)
STANDARD_DISTANCES: tuple[tuple[str, float], ...] = (
    ("400m", 400.0),
    ("1km", 1000.0),
    ("1mi", 1609.344),
    ("5km", 5000.0),
    ("10km", 10000.0),
    ("half", 21097.5),
    ("marathon", 42195.0),
)
# How far above the target a stand-in point may sit before we call it unknown.
TOLERANCE = 0.10

UNITS: dict[str, str] = {"power": "W", "hr": "bpm", "pace": "s"}


@dataclass(frozen=True)
class Effort:
    """The best at one standard duration (power, hr) or distance (pace).

    `value` is watts, bpm or seconds to cover `target` metres. `at` is the curve
    point used (== target when `exact`).
    """

    kind: str
    label: str
    target: float
    value: float
    at: float
    exact: bool
    activity_id: str | None = None
    watts_per_kg: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "label": self.label,
            "value": round(self.value, 1),
            "unit": UNITS[self.kind],
            "exact": self.exact,
            "activity_id": self.activity_id,
        }
        if self.watts_per_kg is not None:
            d["watts_per_kg"] = round(self.watts_per_kg, 2)
        return d


def _positive(value: Any) -> float | None:
    """`num`, but zero and negatives count as missing too (curves pad with 0)."""
    x = num(value)
    return x if x is not None and x > 0 else None


def curve_items(payload: Any) -> list[Mapping[str, Any]]:
    """The curve list from an upstream answer: `{list: [...]}`, a bare list, or one curve."""
    if isinstance(payload, Mapping):
        items = payload.get("list")
        if items is None:
            return [payload]
        payload = items
    if isinstance(payload, Sequence) and not isinstance(payload, str):
        return [c for c in payload if isinstance(c, Mapping)]
    return []


def _at_or_above(xs: Sequence[Any], target: float) -> int | None:
    """Index of the exact or the nearest larger x within tolerance; None past the end."""
    best: int | None = None
    for i, raw in enumerate(xs):
        x = _positive(raw)
        if x is None or x < target - 1e-9:
            continue
        if best is None or x < float(xs[best]):
            best = i
    if best is None or float(xs[best]) > target * (1 + TOLERANCE):
        return None
    return best


def _pick(seq: Any, i: int) -> Any:
    return seq[i] if isinstance(seq, Sequence) and not isinstance(seq, str) and i < len(seq) else None


def best_efforts(curve: Mapping[str, Any], kind: Kind) -> list[Effort]:
    """The curve's bests at the standard durations (power, hr) or distances (pace)."""
    xs = curve.get("distance" if kind == "pace" else "secs") or []
    values = curve.get("values") or curve.get("watts") or []
    ids = curve.get("activity_id") or []
    wkg = curve.get("watts_per_kg") or []
    targets: Sequence[tuple[str, float]] = STANDARD_DISTANCES if kind == "pace" else STANDARD_DURATIONS
    out = []
    for label, target in targets:
        i = _at_or_above(xs, target)
        if i is None:
            continue
        value = _positive(_pick(values, i))
        if value is None:
            continue
        at = float(xs[i])
        exact = abs(at - target) < 1e-6
        if kind == "pace" and not exact:
            # The longer distance's average pace, over the target distance: a slower-than-true time.
            value = value * target / at
        aid = _pick(ids, i)
        out.append(
            Effort(
                kind,
                label,
                target,
                value,
                at,
                exact,
                None if aid in (None, "") else str(aid),
                _positive(_pick(wkg, i)) if kind == "power" and exact else None,
            )
        )
    return out


@dataclass(frozen=True)
class EffortDelta:
    label: str
    current: float | None
    previous: float | None
    better: bool | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def pct(self) -> float | None:
        d = self.delta
        return None if d is None or not self.previous else d / self.previous * 100.0


def compare_efforts(current: Sequence[Effort], previous: Sequence[Effort]) -> list[EffortDelta]:
    """Pair efforts by label (in standard order); `better` accounts for pace being a time."""
    cur = {e.label: e for e in current}
    prev = {e.label: e for e in previous}
    kind = next((e.kind for e in [*current, *previous]), "power")
    order = [label for label, _ in (STANDARD_DISTANCES if kind == "pace" else STANDARD_DURATIONS)]
    out = []
    for label in order:
        a, b = cur.get(label), prev.get(label)
        if a is None and b is None:
            continue
        better = None
        if a is not None and b is not None and a.value != b.value:
            better = a.value < b.value if kind == "pace" else a.value > b.value
        out.append(EffortDelta(label, a.value if a else None, b.value if b else None, better))
    return out
