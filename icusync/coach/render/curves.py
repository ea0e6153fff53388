"""Best efforts at standard durations / distances, per curve window, optionally compared."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icusync.coach.curves import (
    STANDARD_DISTANCES,
    STANDARD_DURATIONS,
    UNITS,
    Effort,
    Kind,
    best_efforts,
    compare_efforts,
    curve_items,
)
from icusync.coach.render.rendered import Rendered, join_lines, table, text_table
from icusync.coach.units import fmt_clock, fmt_signed, rnd

_SUFFIX = {"power": " W", "hr": " bpm", "pace": ""}


def _describe(curve: Mapping[str, Any], letter: str) -> dict[str, Any]:
    out = {
        "curve": letter,
        "id": curve.get("id"),
        "label": curve.get("label"),
        "start": str(curve.get("start_date_local") or "")[:10] or None,
        "end": str(curve.get("end_date_local") or "")[:10] or None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _value_text(e: Effort | None, kind: str) -> str | None:
    if e is None:
        return None
    mark = "" if e.exact else "~"
    if kind == "pace":
        per_km = e.value / e.target * 1000
        return f"{mark}{fmt_clock(e.value)} ({fmt_clock(per_km)}/km)"
    wkg = f" ({e.watts_per_kg:.1f} W/kg)" if e.watts_per_kg is not None else ""
    return f"{mark}{rnd(e.value)}{_SUFFIX[kind]}{wkg}"


def render_curves(payload: Any, kind: Kind, *, compare: Any = None) -> Rendered:
    """Best efforts of each curve in `payload` (upstream `power-curves`/`pace-curves`/`hr-curves`).

    `compare`: a second payload (another window) whose first curve is added as the last column.
    With exactly two curves the deltas (first minus second) and % are added.
    Values are watts, bpm, or seconds for pace (time to cover the distance).
    data: {"kind", "unit", "curves": [{curve: "A", id, label, start, end}],
           "efforts": {"columns": ["duration"|"distance", "A_<unit>", "A_activity", (…B…), ("delta_<unit>",
                       "delta_pct")], "rows"}, "approximate": ["A 1mi", …]}
    "approximate" lists values read from a slightly longer effort (never extrapolated).
    """
    curves = curve_items(payload)
    if compare is not None:
        curves += curve_items(compare)[:1]
    unit = UNITS[kind]
    letters = [chr(ord("A") + i) for i in range(min(len(curves), 26))]
    curves = curves[: len(letters)]
    efforts = [{e.label: e for e in best_efforts(c, kind)} for c in curves]
    key = "distance" if kind == "pace" else "duration"
    targets = STANDARD_DISTANCES if kind == "pace" else STANDARD_DURATIONS
    cols = [key]
    for letter in letters:
        cols += [f"{letter}_{unit}", f"{letter}_activity"]
    pair = len(curves) == 2
    deltas = {}
    if pair:
        cols += [f"delta_{unit}", "delta_pct"]
        deltas = {d.label: d for d in compare_efforts(list(efforts[0].values()), list(efforts[1].values()))}
    rows, text_rows, approx = [], [], []
    for label, _ in targets:
        found = [e.get(label) for e in efforts]
        if all(f is None for f in found):
            continue
        row: list[Any] = [label]
        trow: list[Any] = [label]
        for letter, f in zip(letters, found, strict=True):
            row += [
                None if f is None else round(f.value, 1 if kind == "pace" else 0),
                None if f is None else f.activity_id,
            ]
            trow += [_value_text(f, kind), None if f is None else f.activity_id]
            if f is not None and not f.exact:
                approx.append(f"{letter} {label}")
        if pair:
            d = deltas.get(label)
            delta, pct = (d.delta, d.pct) if d else (None, None)
            row += [rnd(delta, 1), rnd(pct, 1)]
            same = delta is not None and round(delta) == 0
            word = "" if d is None or d.better is None or same else (" better" if d.better else " worse")
            trow += [
                None if delta is None else "same" if same else f"{delta:+.0f}{_SUFFIX[kind] or ' s'}{word}",
                None if pct is None else f"{fmt_signed(pct, 1)}%",
            ]
        rows.append(row)
        text_rows.append(trow)
    described = [_describe(c, letter) for c, letter in zip(curves, letters, strict=True)]
    heads = "; ".join(
        f"{d['curve']} = {d.get('label') or d.get('id') or 'curve'}"
        + (f" ({d['start']}..{d['end']})" if "start" in d and "end" in d else "")
        for d in described
    )
    name = {"power": "Power", "hr": "Heart rate", "pace": "Pace"}[kind]
    if not rows:
        text = f"{name} bests: no efforts at the standard {key}s in this window."
    else:
        text = join_lines(
            f"{name} bests, {heads}",
            text_table(cols, text_rows),
            "~ = taken from a slightly longer effort (conservative)." if approx else None,
        )
    data = {
        "kind": kind,
        "unit": unit,
        "curves": described,
        "efforts": table(cols, rows),
        "approximate": approx,
    }
    return Rendered(text, data)
