"""Generate one synthetic athlete's history: about 400 days of activities and wellness.

Deterministic for a (seed, athlete index, today): the same inputs give the same
data. Wellness fitness follows reference §5 exactly from the day loads, and each
activity carries the fitness of its day.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from icusync.demo import fitness
from icusync.demo.history import RIDES, Generated, Stretch, build_activity, strava_stub
from icusync.demo.profiles import Profile
from icusync.demo.sessions import ILLNESS_WELLNESS, session_for

HISTORY_DAYS = 400
START_CTL = {0: 48.0, 1: 52.0}


@dataclass
class History:
    activities: list[dict[str, Any]]  # oldest first; Strava ones as stubs
    stretches: dict[str, list[Stretch]]
    peaks: dict[str, float]  # per ride: how hard its short sprints were (0..1)
    wellness: dict[str, dict[str, Any]]  # by date, oldest first
    loads: dict[str, float] = field(default_factory=dict)


class HistoryCache:
    """Generated histories by (seed, athlete, day), handed out as fresh copies.

    Generation is deterministic, so a process that builds many demos (a test run)
    generates each athlete once and copies it after: a copy is about five times cheaper.
    """

    def __init__(self) -> None:
        self._pickled: dict[tuple[int, int, dt.date], bytes] = {}

    def history(self, p: Profile, seed: int, today: dt.date) -> History:
        key = (seed, p.index, today)
        blob = self._pickled.get(key)
        if blob is None:
            blob = self._pickled[key] = pickle.dumps(generate(p, seed, today))
        copy: History = pickle.loads(blob)
        return copy


def _updated(day: dt.date, tz: str, minute: int) -> str:
    local = dt.datetime.combine(day, dt.time(7, minute % 60)).replace(tzinfo=ZoneInfo(tz))
    return local.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def generate(p: Profile, seed: int, today: dt.date) -> History:
    rng = random.Random(f"icusync-demo:{seed}:{p.index}")
    start = today - dt.timedelta(days=HISTORY_DAYS - 1)
    activities: list[dict[str, Any]] = []
    stretches: dict[str, list[Stretch]] = {}
    peaks: dict[str, float] = {}
    loads: dict[str, float] = {}
    seq = 0
    for k in range(HISTORY_DAYS - 1):  # history ends yesterday; today is still to be trained
        day = start + dt.timedelta(days=k)
        days_ago = (today - day).days
        session = session_for(p, day, days_ago, rng)
        if session is None:
            continue
        seq += 1
        gen: Generated = build_activity(p, session, day, days_ago, seq, rng)
        loads[day.isoformat()] = loads.get(day.isoformat(), 0) + gen.load
        if seq % 90 == 45:  # a few came in through Strava: stubs that still count toward fitness
            activities.append(strava_stub(p, gen.activity, seq))
            continue
        activities.append(gen.activity)
        stretches[gen.activity["id"]] = gen.stretches
        if session.sport in RIDES:
            peaks[gen.activity["id"]] = 1.0 if session.race else rng.uniform(0.45, 0.9)
    wellness = _wellness(p, rng, start, today, loads)
    for act in activities:
        if "icu_ctl" in act:
            w = wellness[act["start_date_local"][:10]]
            act["icu_ctl"], act["icu_atl"] = w["ctl"], w["atl"]
    return History(activities, stretches, peaks, wellness, loads)


def _wellness(p: Profile, rng: random.Random, start: dt.date, today: dt.date,
              loads: dict[str, float]) -> dict[str, dict[str, Any]]:
    days = [start + dt.timedelta(days=k) for k in range(HISTORY_DAYS)]
    day_loads = [loads.get(d.isoformat(), 0) for d in days]
    ctl0 = START_CTL.get(p.index % 2, 50.0)
    fit = fitness.series(day_loads, ctl0, ctl0)
    ramps = fitness.ramp_rates([c for c, _ in fit], ctl0)
    out: dict[str, dict[str, Any]] = {}
    for d, load, (ctl, atl), ramp in zip(days, day_loads, fit, ramps, strict=True):
        days_ago = (today - d).days
        ill = days_ago in ILLNESS_WELLNESS
        strain = max(0.0, (atl - ctl) / 30)
        hrv = p.hrv_base * rng.gauss(1, 0.07) * (1 - 0.12 * strain) * (0.62 if ill else 1)
        rhr = p.resting_hr + rng.gauss(0, 1.3) + 3 * strain + (7 if ill else 0)
        sleep_h = rng.uniform(4.6, 5.8) if ill else min(9.2, max(5.5, rng.gauss(7.5, 0.55)))
        score = max(30, min(99, round(52 + (sleep_h - 5) * 11 + rng.gauss(0, 4) - (8 if ill else 0))))
        rec: dict[str, Any] = {
            "id": d.isoformat(), "ctl": round(ctl, 5), "atl": round(atl, 5), "rampRate": round(ramp, 5),
            "ctlLoad": load, "atlLoad": load,
            "sportInfo": [{"type": "Ride", "eftp": round(p.ftp * rng.uniform(0.94, 0.99), 1),
                           "wPrime": p.w_prime, "pMax": 4 * p.ftp}],
            "updated": _updated(d, p.timezone, rng.randrange(60)),
            "weight": round(p.weight + 0.8 * math.sin(d.toordinal() / 45) + rng.gauss(0, 0.25), 1),
            "restingHR": round(rhr), "hrv": round(hrv, 1), "hrvSDNN": None,
            "sleepSecs": round(sleep_h * 3600 / 60) * 60, "sleepScore": float(score),
            "sleepQuality": 3 if ill else (1 if score >= 85 else 2),
            "avgSleepingHR": round(rhr + rng.uniform(2, 5)),
            "soreness": None, "fatigue": None, "stress": None, "mood": None, "motivation": None, "injury": None,
            "readiness": None, "spO2": None, "steps": rng.randrange(4000, 14000), "comments": None, "locked": None,
            "kcalConsumed": None, "respiration": None, "bodyFat": None, "vo2max": None,
        }
        if ill or rng.random() < 0.35:
            bad = 2 if ill else (1 if strain > 0.3 else 0)
            rec.update(
                soreness=min(4, rng.randint(1, 2) + bad // 2), fatigue=min(4, rng.randint(1, 2) + bad),
                stress=min(4, rng.randint(1, 2) + bad // 2), mood=min(4, rng.randint(1, 2) + bad),
                motivation=min(4, rng.randint(1, 2) + bad))
        if ill and days_ago == max(ILLNESS_WELLNESS) - 2:
            rec["comments"] = "Sore throat, feeling feverish"
        out[d.isoformat()] = rec
    return out
