"""Training summary by ISO week and sport: sessions, time, distance, load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from icusync.coach.dates import iso_week_label, week_start
from icusync.coach.render.rendered import Rendered, day_of, is_strava_stub, join_lines, table
from icusync.coach.units import fmt_duration, fmt_km, num, rnd

STUB_SPORT = "Strava import"


@dataclass
class _Tally:
    sessions: int = 0
    secs: float = 0.0
    metres: float = 0.0
    load: float = 0.0

    def add(self, a: Mapping[str, Any]) -> None:
        self.sessions += 1
        self.secs += num(a.get("moving_time")) or 0
        self.metres += num(a.get("distance")) or 0
        self.load += num(a.get("icu_training_load")) or 0

    def cells(self) -> list[Any]:
        return [self.sessions, round(self.secs / 3600, 1), rnd(self.metres / 1000, 1), rnd(self.load)]

    def text(self) -> str:
        if not (self.secs or self.metres or self.load):
            return f"{self.sessions}x (no data)"
        return f"{self.sessions}x {fmt_duration(self.secs)} {fmt_km(self.metres)} load {rnd(self.load)}"


def render_training_summary(
    activities: Sequence[Mapping[str, Any]],
    *,
    start: date | None = None,
    end: date | None = None,
) -> Rendered:
    """Totals per ISO week (Monday start) and per sport within each week.

    With `start`/`end`, weeks without activities appear as zero rows (a rest week is news).
    Strava stubs count as sessions of sport "Strava import" with no metrics.
    data: {"range": {start, end} | None,
           "weeks": {"columns": [week, week_start, sessions, time_h, distance_km, load], "rows"},
           "by_sport": {"columns": [week, sport, sessions, time_h, distance_km, load], "rows"},
           "sports": {"columns": [sport, sessions, time_h, distance_km, load], "rows"},
           "total": {sessions, time_h, distance_km, load}}
    """
    weeks: dict[date, _Tally] = {}
    by_sport: dict[tuple[date, str], _Tally] = {}
    sports: dict[str, _Tally] = {}
    total = _Tally()
    days = []
    for a in activities:
        day = day_of(a.get("start_date_local"))
        if day is None:
            continue
        days.append(day)
        sport = STUB_SPORT if is_strava_stub(a) else str(a.get("type") or "Other")
        monday = week_start(day)
        for tally in (
            weeks.setdefault(monday, _Tally()),
            by_sport.setdefault((monday, sport), _Tally()),
            sports.setdefault(sport, _Tally()),
            total,
        ):
            tally.add(a)
    first = start or (min(days) if days else None)
    last = end or (max(days) if days else None)
    if first is not None and last is not None:
        monday = week_start(first)
        while monday <= last:
            weeks.setdefault(monday, _Tally())
            monday += timedelta(days=7)
    week_cols = ["week", "week_start", "sessions", "time_h", "distance_km", "load"]
    week_rows = [[iso_week_label(m), m.isoformat(), *t.cells()] for m, t in sorted(weeks.items())]
    sport_cols = ["week", "sport", "sessions", "time_h", "distance_km", "load"]
    order = sorted(sports, key=lambda s: -sports[s].secs)
    sport_rows = [
        [iso_week_label(m), s, *t.cells()]
        for (m, s), t in sorted(by_sport.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))
    ]
    sports_table = table(
        ["sport", "sessions", "time_h", "distance_km", "load"], [[s, *sports[s].cells()] for s in order]
    )
    rng = {"start": first.isoformat(), "end": last.isoformat()} if first and last else None
    if rng is None:
        text = "No activities in this range."
    else:
        lines = [f"Training {rng['start']}..{rng['end']}: {total.text()}"]
        lines.append("By sport: " + "; ".join(f"{s} {sports[s].text()}" for s in order))
        for m, t in sorted(weeks.items()):
            names = [s for s in order if (m, s) in by_sport]
            # One sport: name it; several: break the week down.
            one = len(names) == 1
            detail = f" ({names[0]})" if one else "".join(f"; {s} {by_sport[(m, s)].text()}" for s in names)
            week = f"{iso_week_label(m)} ({m.isoformat()})"
            lines.append(f"{week}: {t.text() + detail if t.sessions else 'no activities'}")
        text = join_lines(*lines)
    data = {
        "range": rng,
        "weeks": table(week_cols, week_rows),
        "by_sport": table(sport_cols, sport_rows),
        "sports": sports_table,
        "total": dict(zip(["sessions", "time_h", "distance_km", "load"], total.cells(), strict=True)),
    }
    return Rendered(text, data)
