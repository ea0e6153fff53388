"""The synthetic athletes: who they are, their thresholds and zones.

Two fixed personalities so cross-athlete tests can tell them apart: athlete 0 is a
cyclist who also runs (Amsterdam), athlete 1 a runner who sometimes rides (Denver).
Numbers are in the upstream's units: power zones are % FTP upper bounds, HR zones
bpm upper bounds, pace zones % of threshold speed upper bounds, paces in m/s.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

POWER_ZONES = [55, 75, 90, 105, 120, 150, 999]
POWER_ZONE_NAMES = ["Active Recovery", "Endurance", "Tempo", "Threshold", "VO2 Max", "Anaerobic", "Neuromuscular"]
HR_ZONE_NAMES = ["Recovery", "Aerobic", "Tempo", "SubThreshold", "SuperThreshold", "Aerobic Capacity", "Anaerobic"]
PACE_ZONES = [77.5, 87.7, 94.3, 100, 103.4, 111.5, 999]
PACE_ZONE_NAMES = ["Zone 1", "Zone 2", "Zone 3", "Zone 4", "Zone 5a", "Zone 5b", "Zone 5c"]
SWIM_PACE_ZONES = [80, 90, 95, 100, 105, 999]


@dataclass(frozen=True)
class Zones:
    """Thresholds of one sport group, what the workout parser and generators need."""

    ftp: int | None
    lthr: int
    max_hr: int
    threshold_pace: float | None
    power_zones: tuple[float, ...]
    hr_zones: tuple[int, ...]
    pace_zones: tuple[float, ...]
    pace_units: str | None


@dataclass(frozen=True)
class Profile:
    index: int
    athlete_id: str
    name: str
    sex: str
    city: str
    country: str
    timezone: str
    weight: float
    resting_hr: int
    date_of_birth: str
    ftp: int
    indoor_ftp: int
    lthr: int
    max_hr: int
    run_pace: float  # threshold speed, m/s
    swim_pace: float  # m/s
    run_lthr: int
    hrv_base: float
    ride_share: float  # how much of the aerobic work is on the bike
    w_prime: int = 20000  # J, anaerobic work capacity


_BASES: list[dict[str, Any]] = [
    dict(name="Sanne de Vries", sex="F", city="Amsterdam", country="Netherlands", timezone="Europe/Amsterdam",
         weight=68.0, resting_hr=48, date_of_birth="1988-04-12", ftp=250, indoor_ftp=242, lthr=168, max_hr=188,
         run_pace=3.99, swim_pace=0.87, run_lthr=171, hrv_base=64.0, ride_share=0.62),
    dict(name="Jake Morales", sex="M", city="Boulder", country="United States", timezone="America/Denver",
         weight=64.5, resting_hr=44, date_of_birth="1992-09-30", ftp=215, indoor_ftp=210, lthr=172, max_hr=192,
         run_pace=4.46, swim_pace=0.78, run_lthr=174, hrv_base=78.0, ride_share=0.15),
    # A coach who trains too: coaches the two above (see demo/roster.py).
    dict(name="Marieke Bakker", sex="F", city="Utrecht", country="Netherlands", timezone="Europe/Amsterdam",
         weight=61.0, resting_hr=52, date_of_birth="1979-02-03", ftp=205, indoor_ftp=200, lthr=160, max_hr=178,
         run_pace=3.70, swim_pace=0.80, run_lthr=165, hrv_base=55.0, ride_share=0.5),
    # Nobody's athlete and nobody's coach: the stranger the isolation tests reach for.
    dict(name="Tom Hendriks", sex="M", city="Ghent", country="Belgium", timezone="Europe/Brussels",
         weight=74.0, resting_hr=50, date_of_birth="1990-06-21", ftp=270, indoor_ftp=262, lthr=170, max_hr=190,
         run_pace=3.85, swim_pace=0.82, run_lthr=172, hrv_base=60.0, ride_share=0.7),
    # A training partner who follows Sanne with read access only.
    dict(name="Lotte Visser", sex="F", city="Haarlem", country="Netherlands", timezone="Europe/Amsterdam",
         weight=59.0, resting_hr=47, date_of_birth="1995-11-08", ftp=220, indoor_ftp=214, lthr=166, max_hr=186,
         run_pace=4.10, swim_pace=0.84, run_lthr=169, hrv_base=70.0, ride_share=0.4),
]


def make_profile(index: int, seed: int) -> Profile:
    """Athlete `index`; the seed nudges thresholds a little so seeds differ visibly."""
    base = dict(_BASES[index % len(_BASES)])
    nudge = int(hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:4], 16) % 11 - 5  # -5..5
    if index >= len(_BASES):
        base["name"] = f"{base['name']} {index + 1}"
    return Profile(index=index, athlete_id=f"i{100001 + index}",
                   **{**base, "ftp": base["ftp"] + nudge, "indoor_ftp": base["indoor_ftp"] + nudge})


def hr_zones(lthr: int, max_hr: int) -> tuple[int, ...]:
    """Friel-style bpm upper bounds from LTHR, topped by max HR (7 zones)."""
    return tuple(round(lthr * f) for f in (0.81, 0.89, 0.93, 0.99, 1.02, 1.06)) + (max_hr,)


def ride_zones(p: Profile) -> Zones:
    return Zones(p.ftp, p.lthr, p.max_hr, None, tuple(POWER_ZONES), hr_zones(p.lthr, p.max_hr), (), None)


def run_zones(p: Profile) -> Zones:
    return Zones(None, p.run_lthr, p.max_hr, p.run_pace, (), hr_zones(p.run_lthr, p.max_hr),
                 tuple(PACE_ZONES), "MINS_KM")


def swim_zones(p: Profile) -> Zones:
    return Zones(None, p.lthr - 10, p.max_hr - 10, p.swim_pace, (), hr_zones(p.lthr - 10, p.max_hr - 10),
                 tuple(SWIM_PACE_ZONES), "SECS_100M")


def other_zones(p: Profile) -> Zones:
    return Zones(None, p.lthr, p.max_hr, None, (), hr_zones(p.lthr, p.max_hr), (), None)


# Sport groups as Intervals.icu keeps them: one settings row for several activity types.
GROUPS: list[tuple[list[str], str]] = [
    (["Ride", "VirtualRide", "GravelRide", "MountainBikeRide", "EBikeRide"], "ride"),
    (["Run", "VirtualRun", "TrailRun"], "run"),
    (["Swim", "OpenWaterSwim"], "swim"),
    (["WeightTraining", "Walk", "Hike", "Workout", "Other"], "other"),
]


def zones_for(p: Profile, sport_type: str, indoor: bool = False) -> Zones:
    """The sport group's thresholds; an indoor session (or a virtual sport) rides to the indoor FTP."""
    for types, kind in GROUPS:
        if sport_type in types:
            zones = {"ride": ride_zones, "run": run_zones, "swim": swim_zones}.get(kind, other_zones)(p)
            if kind == "ride" and (indoor or sport_type.startswith("Virtual")):
                zones = replace(zones, ftp=p.indoor_ftp)
            return zones
    return other_zones(p)


def sport_settings(p: Profile) -> list[dict[str, Any]]:
    """`[SportSettings]` as `GET /athlete/{id}/sport-settings` returns it."""
    rows: list[dict[str, Any]] = []
    for n, (types, kind) in enumerate(GROUPS):
        z = zones_for(p, types[0])
        row: dict[str, Any] = {
            "id": 1000 * (p.index + 1) + n + 1,
            "athlete_id": p.athlete_id,
            "types": list(types),
            "ftp": None, "indoor_ftp": None, "w_prime": None, "p_max": None,
            "power_zones": None, "power_zone_names": None, "sweet_spot_min": None, "sweet_spot_max": None,
            "lthr": z.lthr, "max_hr": z.max_hr, "hr_zones": list(z.hr_zones), "hr_zone_names": HR_ZONE_NAMES,
            "hr_load_type": "HR_ZONES",
            "threshold_pace": z.threshold_pace, "pace_units": z.pace_units,
            "pace_zones": list(z.pace_zones) or None, "pace_zone_names": None, "pace_load_type": None,
            "gap_model": None, "load_order": "POWER_HR_PACE", "workout_order": "POWER_HR_PACE",
            "warmup_time": 600, "cooldown_time": 600, "mmp_model": None, "default_gear_id": None,
        }
        if kind == "ride":
            row.update(ftp=p.ftp, indoor_ftp=p.indoor_ftp, w_prime=p.w_prime, p_max=4 * p.ftp,
                       power_zones=list(POWER_ZONES), power_zone_names=POWER_ZONE_NAMES,
                       sweet_spot_min=84, sweet_spot_max=97, mmp_model="FFT_CURVES")
        elif kind == "run":
            row.update(pace_zone_names=PACE_ZONE_NAMES, pace_load_type="RUN", gap_model="STRAVA_RUN",
                       load_order="PACE_HR_POWER", workout_order="PACE_HR_POWER")
        elif kind == "swim":
            row.update(pace_load_type="SWIM", load_order="HR_PACE_POWER", workout_order="PACE_HR_POWER")
        else:
            row.update(load_order="HR_PACE_POWER", workout_order="HR_PACE_POWER")
        rows.append(row)
    return rows


def athlete_record(p: Profile) -> dict[str, Any]:
    """`WithSportSettings` for `GET /athlete/{id}`."""
    first, _, last = p.name.partition(" ")
    return {
        "id": p.athlete_id, "name": p.name, "firstname": first, "lastname": last, "sex": p.sex,
        "city": p.city, "state": None, "country": p.country, "timezone": p.timezone, "locale": "en",
        "weight": p.weight, "icu_weight": p.weight, "icu_resting_hr": p.resting_hr,
        "icu_date_of_birth": p.date_of_birth, "height": 1.72 if p.sex == "F" else 1.80,
        "icu_form_as_percent": False, "measurement_preference": "meters", "fahrenheit": False,
        "email": None, "bio": None, "website": None, "profile_medium": None, "icu_activated": True,
        "sportSettings": sport_settings(p), "custom_items": [],
    }


def profile_record(p: Profile) -> dict[str, Any]:
    """`AthleteProfile` for `GET /athlete/{id}/profile`."""
    return {
        "athlete": {"id": p.athlete_id, "name": p.name, "city": p.city, "state": None, "country": p.country,
                    "timezone": p.timezone, "sex": p.sex, "bio": "Synthetic demo athlete", "website": None,
                    "email": None, "profile_medium": None, "icu_coach": False},
        "sharedFolders": [], "customItems": [],
    }
