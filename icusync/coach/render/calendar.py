"""The calendar: planned workouts, races A/B/C and notes, with the next race counted down."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from icusync.coach.render.rendered import Rendered, day_of, join_lines, more_note, table
from icusync.coach.units import fmt_distance, fmt_duration, km, num, rnd

DEFAULT_LIMIT = 60
DESCRIPTION_CHARS = 160
RACES = ("RACE_A", "RACE_B", "RACE_C")

COLUMNS = ["id", "date", "category", "sport", "name", "moving_time", "distance_km", "load", "description"]


def _category(raw: Any) -> str:
    """ "RACE_A" → "Race A", "SET_EFTP" → "Set eftp", "WORKOUT" → "Workout"."""
    text = str(raw or "EVENT")
    if text in RACES:
        return f"Race {text[-1]}"
    return text.replace("_", " ").capitalize()


def _short(text: Any, limit: int = DESCRIPTION_CHARS) -> str | None:
    """Description on one line, cut at `limit` characters."""
    if not isinstance(text, str) or not text.strip():
        return None
    flat = " | ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def next_race(
    events: Sequence[Mapping[str, Any]], today: date, categories: Sequence[str] = RACES
) -> dict[str, Any] | None:
    """The earliest race (of `categories`) on or after today, with days to go; A before B on the same day."""
    upcoming = [
        (d, e)
        for e in events
        if e.get("category") in categories and (d := day_of(e.get("start_date_local"))) is not None and d >= today
    ]
    if not upcoming:
        return None
    d, e = min(upcoming, key=lambda pair: (pair[0], str(pair[1].get("category"))))
    race = {
        "id": e.get("id"),
        "date": d.isoformat(),
        "category": e.get("category"),
        "priority": str(e.get("category"))[-1],
        "sport": e.get("type"),
        "name": e.get("name"),
        "days_to_go": (d - today).days,
    }
    return {k: v for k, v in race.items() if v is not None}


def _race_text(race: Mapping[str, Any]) -> str:
    go = "today" if race["days_to_go"] == 0 else f"in {race['days_to_go']} days"
    return f"{race['date']} {_category(race['category'])} '{race.get('name', '')}' {go}"


def _row(e: Mapping[str, Any]) -> list[Any]:
    d = day_of(e.get("start_date_local"))
    secs, dist = num(e.get("moving_time")), num(e.get("distance"))
    return [
        e.get("id"),
        d.isoformat() if d else None,
        e.get("category"),
        e.get("type"),
        e.get("name"),
        fmt_duration(secs) if secs else None,
        km(dist, 1) if dist else None,
        rnd(num(e.get("icu_training_load"))),
        _short(e.get("description")),
    ]


def _line(e: Mapping[str, Any], today: date) -> str:
    d = day_of(e.get("start_date_local"))
    when = f"{d.isoformat()} {d.strftime('%a')}" if d else "?"
    sport = f" {e['type']}" if e.get("type") else ""
    name = f" '{e['name']}'" if e.get("name") else ""
    bits = []
    if secs := num(e.get("moving_time")):
        bits.append(fmt_duration(secs))
    if dist := num(e.get("distance")):
        bits.append(fmt_distance(dist, e.get("type")))
    if (load := num(e.get("icu_training_load"))) is not None:
        bits.append(f"load {rnd(load)}")
    if e.get("category") in RACES and d is not None and d >= today:
        bits.append(f"in {(d - today).days} days")
    desc = _short(e.get("description"), 100)
    tail = (": " + ", ".join(bits) if bits else "") + (f" ({desc})" if desc else "")
    return f"{when} {_category(e.get('category'))}{sport}{name}{tail} [{e.get('id')}]"


def render_calendar(
    events: Sequence[Mapping[str, Any]],
    *,
    today: date,
    limit: int = DEFAULT_LIMIT,
    races: Sequence[Mapping[str, Any]] | None = None,
) -> Rendered:
    """Events oldest first, at most `limit`; `races` (e.g. a longer look-ahead) also feed `next_race`.

    data: {"events": {"columns": COLUMNS, "rows"}, "count", "shown", "by_category": {CATEGORY: n},
           "next_race": {id, date, category, priority, sport, name, days_to_go} | None,
           "next_a_race": same shape, only when an A race lies beyond a nearer B/C race, "note": str | None}
    """
    ordered = sorted(events, key=lambda e: str(e.get("start_date_local") or ""))
    shown = ordered[: max(limit, 0)]
    note = more_note(len(shown), len(ordered))
    pool = [*ordered, *(races or [])]
    race = next_race(pool, today)
    # The goal race matters even when a B or C race comes first.
    a_race = next_race(pool, today, ("RACE_A",))
    a_race = None if race is None or a_race == race else a_race
    counts = Counter(str(e.get("category") or "EVENT") for e in ordered)
    heads = [f"{label}: {_race_text(r)}" for label, r in (("Next race", race), ("next A race", a_race)) if r]
    head = "; ".join(heads) if heads else "No race planned."
    summary = ", ".join(f"{n} {_category(c)}" for c, n in sorted(counts.items())) or "nothing planned"
    text = join_lines(head, f"Calendar: {summary}.", *(_line(e, today) for e in shown), note)
    data = {
        "events": table(COLUMNS, [_row(e) for e in shown]),
        "count": len(ordered),
        "shown": len(shown),
        "by_category": dict(sorted(counts.items())),
        "next_race": race,
        "next_a_race": a_race,
        "note": note,
    }
    return Rendered(text, data)
