"""The synthetic calendar: planned workouts for the next three weeks, notes, races.

Workouts are written as text, exactly as a client would send them, and go
through the same create path, so their `workout_doc`, `moving_time` and load are
the demo parser's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from icusync.demo.store import AthleteData

_CYCLIST: dict[int, tuple[str, str, str]] = {
    1: ("VirtualRide", "Tuesday Threshold 4x8",
        "Warmup\n- 15m ramp 50-75% 90rpm\n\nMain Set 4x\n- 8m 100-105% 90rpm\n- 4m 55% 85rpm\n\n"
        "Cooldown\n- 10m 55% 85rpm"),
    2: ("Run", "Easy Run", "- 45m 75-80% Pace"),
    3: ("VirtualRide", "VO2 5x3",
        "Warmup\n- 15m ramp 50-75%\n\nMain Set 5x\n- 3m 115-120% 100rpm\n- 3m 50%\n\nCooldown\n- 12m 55%"),
    5: ("Ride", "Long Ride", "- 3h Z2 90rpm"),
    6: ("Run", "Run Threshold 3x10",
        "Warmup\n- 15m 70-75% Pace\n\nMain Set 3x\n- 10m 97-100% Pace\n- 2m 60% Pace\n\n"
        "Cooldown\n- 10m 70% Pace"),
}
_RUNNER: dict[int, tuple[str, str, str]] = {
    1: ("Run", "Tuesday Intervals 6x1k",
        "Warmup\n- 15m Z2 HR\n\nMain Set 6x\n- 1km 105-108% Pace\n- 2m 55% Pace\n\nCooldown\n- 10m Z1-Z2 HR"),
    2: ("Run", "Easy Run", "- 50m Z2 HR"),
    3: ("Run", "Tempo Run 3x10",
        "Warmup\n- 15m 70-75% Pace\n\nMain Set 3x\n- 10m 4:00/km-3:55/km Pace\n- 2m 65% Pace\n\n"
        "Cooldown\n- 10m 70% Pace"),
    4: ("Run", "Recovery Run", "- 30m 65-70% Pace"),
    5: ("Ride", "Endurance Ride", "- 1h30m 60-70% 88rpm"),
    6: ("Run", "Long Run", "- Easy start 20m 72% Pace\n- 1h30m 75-80% Pace"),
}
_EASY: dict[str, tuple[str, str]] = {
    "Ride": ("Recovery Spin", "- 45m 50-60% 90rpm"),
    "VirtualRide": ("Recovery Spin", "- 45m 50-60% 90rpm"),
    "Run": ("Easy Run", "- 40m 72-78% Pace"),
}


def _day(today: dt.date, offset: int) -> str:
    return (today + dt.timedelta(days=offset)).isoformat() + "T00:00:00"


def seed_calendar(data: AthleteData) -> None:
    p, today = data.profile, data.today
    cyclist = p.index % 2 == 0
    plan = _CYCLIST if cyclist else _RUNNER
    me = p.athlete_id
    for offset in range(21):
        day = today + dt.timedelta(days=offset)
        if day.weekday() not in plan:
            continue
        sport, name, text = plan[day.weekday()]
        if ((today.toordinal() + offset) // 7) % 4 == 3 and day.weekday() in (1, 3):  # an easier week
            name, text = _EASY[sport]
        data.save_event({"category": "WORKOUT", "start_date_local": _day(today, offset), "type": sport,
                         "name": name, "description": text, "indoor": sport == "VirtualRide"},
                        creator=me, client=None)
    notes: list[dict[str, Any]] = [
        {"category": "NOTE", "start_date_local": _day(today, 4), "name": "Physio appointment",
         "description": "Check left calf, 17:30"},
        {"category": "NOTE", "start_date_local": _day(today, 11), "name": "Work trip, no training",
         "description": "Travelling to a conference; hotel gym only."},
    ]
    if cyclist:
        races = [("RACE_B", 35, "Ride", "Veluwe Classic Sportive", 4 * 3600, 150_000),
                 ("RACE_A", 56, "Ride", "Limburg Gran Fondo", 6 * 3600, 200_000),
                 ("RACE_A", -96, "Ride", "Spring Classic Road Race", 9600, 80_000),
                 ("RACE_B", -220, "Run", "Dam tot Damloop 10 mile", 4080, 16_093)]
    else:
        races = [("RACE_B", 35, "Run", "Boulder Half Marathon", 4500, 21_097),
                 ("RACE_A", 56, "Run", "Colorado Marathon", 10_200, 42_195),
                 ("RACE_A", -75, "Run", "Bolder Boulder 10K", 2160, 10_000),
                 ("RACE_B", -180, "Run", "Denver Half Marathon", 4680, 21_097)]
    for category, offset, sport, name, secs, metres in races:
        notes.append({"category": category, "start_date_local": _day(today, offset), "type": sport, "name": name,
                      "moving_time": secs, "distance": metres, "description": f"{name}: goal race."})
    for ev in notes:
        data.save_event(ev, creator=me, client=None)
