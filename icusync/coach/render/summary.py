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

    def add(self, a: Mapping[str, Any], load: float | None = None) -> None:
        self.sessions += 1
        self.secs += num(a.get("moving_time")) or 0
        self.metres += num(a.get("distance")) or 0
        self.load += load if load is not None else num(a.get("icu_training_load")) or 0

    def cells(self) -> list[Any]:
        return [self.sessions, round(self.secs / 3600, 1), rnd(self.metres / 1000, 1), rnd(self.load)]

    def text(self) -> str:
        if not (self.secs or self.metres or self.load):
            return f"{self.sessions}x (no data)"
        return f"{self.sessions}x {fmt_duration(self.secs)} {fmt_km(self.metres)} load {rnd(self.load)}"


def stub_loads(activities: Sequence[Mapping[str, Any]], day_loads: Mapping[date, float]) -> dict[int, float]:
    """The load of each Strava stub (by its index in `activities`): the day's load from the fitness model
    (wellness `ctlLoad`, which counts every activity) less the known activities' loads that day."""
    known: dict[date, float] = {}
    stubs: dict[date, list[int]] = {}
    for i, a in enumerate(activities):
        day = day_of(a.get("start_date_local"))
        if day is None:
            continue
        if is_strava_stub(a):
            stubs.setdefault(day, []).append(i)
        else:
            known[day] = known.get(day, 0.0) + (num(a.get("icu_training_load")) or 0)
    out: dict[int, float] = {}
    for day, indexes in stubs.items():
        if day in day_loads:
            rest = max(0.0, day_loads[day] - known.get(day, 0.0))
            out.update({i: rest / len(indexes) for i in indexes})
    return out


def render_training_summary(
    activities: Sequence[Mapping[str, Any]],
    *,
    start: date | None = None,
    end: date | None = None,
    day_loads: Mapping[date, float] | None = None,
) -> Rendered:
    """Totals per ISO week (Monday start) and per sport within each week.

    With `start`/`end`, weeks without activities appear as zero rows (a rest week is news),
    and a week the range only partly covers says how many of its days are in.
    Strava stubs count as sessions of sport "Strava import": their time and distance are
    unknown, their load is taken from `day_loads` (the fitness model's daily load) when
    given, so every load total matches what fitness counts; otherwise the text says it is left out.
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
    from_fitness = stub_loads(activities, day_loads or {})
    stubs = sum(1 for a in activities if is_strava_stub(a))
    for i, a in enumerate(activities):
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
            tally.add(a, from_fitness.get(i))
    first = start or (min(days) if days else None)
    last = end or (max(days) if days else None)
    if first is not None and last is not None:
        monday = week_start(first)
        while monday <= last:
            weeks.setdefault(monday, _Tally())
            monday += timedelta(days=7)
    week_cols = ["week", "week_start", "days_in_range", "sessions", "time_h", "distance_km", "load"]
    covered = {m: _days_in(m, start, end) for m in weeks}
    week_rows = [[iso_week_label(m), m.isoformat(), covered[m], *t.cells()] for m, t in sorted(weeks.items())]
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
        if stubs:
            lines.append(_stub_note(stubs, len(from_fitness)))
        lines.append("By sport: " + "; ".join(f"{s} {sports[s].text()}" for s in order))
        for m, t in sorted(weeks.items()):
            names = [s for s in order if (m, s) in by_sport]
            # One sport: name it; several: break the week down.
            one = len(names) == 1
            detail = f" ({names[0]})" if one else "".join(f"; {s} {by_sport[(m, s)].text()}" for s in names)
            part = "" if covered[m] == 7 else f", {covered[m]} of 7 days"
            week = f"{iso_week_label(m)} ({m.isoformat()}{part})"
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


def _days_in(monday: date, first: date | None, last: date | None) -> int:
    """How many days of the week starting `monday` lie within first..last."""
    if first is None or last is None:
        return 7
    lo, hi = max(monday, first), min(monday + timedelta(days=6), last)
    return max(0, (hi - lo).days + 1)


def _stub_note(stubs: int, loaded: int) -> str:
    kind = f"{stubs} Strava import{'s' if stubs > 1 else ''}"
    if loaded == stubs:
        return f"{kind}: time and distance unknown (not in the API); load from Intervals.icu's daily load"
    return f"{kind}: not in the API, so {stubs - loaded} of them add no time, distance or load to these totals"
