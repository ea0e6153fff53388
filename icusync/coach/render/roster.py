"""A coach's roster: each athlete the account reaches, with their latest fitness and form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.fitness import form_band
from icusync.coach.render.rendered import Rendered, table, text_table
from icusync.coach.units import num, rnd

ACCESS_WORDS = {"own": "you", "coach": "coached", "read": "follows (read only)"}


def render_roster(athletes: Sequence[tuple[str, str, str, Mapping[str, Any] | None]]) -> Rendered:
    """`athletes`: (id, name, access, latest wellness row or None) each, the signed-in athlete first."""
    columns = ["athlete", "id", "access", "fitness", "fatigue", "form", "band", "ramp", "as_of"]
    rows = []
    for athlete_id, name, access, latest in athletes:
        ctl, atl = (num(latest.get("ctl")), num(latest.get("atl"))) if latest else (None, None)
        form = None if ctl is None or atl is None else ctl - atl
        rows.append([
            name, athlete_id, ACCESS_WORDS.get(access, access), rnd(ctl), rnd(atl), rnd(form),
            None if form is None else form_band(form)[0], rnd(num(latest.get("rampRate")), 1) if latest else None,
            latest.get("id") if latest else None,
        ])
    text = (f"{len(rows)} athletes this account reaches on Intervals.icu (give one as `athlete` in other tools):\n"
            + text_table(columns, rows))
    return Rendered(text, {"athletes": table(columns, rows)})
