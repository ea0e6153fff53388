"""What each synthetic athlete did on each day: sessions as lists of segments.

A segment is a stretch at one intensity (a fraction of threshold power for rides,
of threshold speed for runs and swims). Everything an activity reports (power,
HR, pace, zones, intervals, loads, best efforts) is derived from its segments,
so the numbers agree with one another. Session names repeat week after week so
"the same session three months ago" can be found.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from icusync.demo.profiles import Profile

ILLNESS_DAYS_OFF = range(21, 25)  # days ago with no training (a cold a few weeks back)
ILLNESS_WELLNESS = range(19, 27)  # days ago with poor HRV, RHR and sleep


@dataclass
class Segment:
    secs: int
    intensity: float
    kind: str  # warmup | work | recovery | cooldown | steady
    label: str = ""


@dataclass
class Session:
    sport: str
    name: str
    segments: list[Segment]
    structured: bool = False
    trainer: bool = False
    race: bool = False
    tags: list[str] = field(default_factory=list)
    hour: float = 7.0


def _reps(n: int, work: int, w_int: float, rest: int, r_int: float, rng: random.Random) -> list[Segment]:
    out: list[Segment] = []
    for i in range(n):
        out.append(Segment(work, w_int * rng.uniform(0.985, 1.02), "work", f"Rep {i + 1}"))
        out.append(Segment(rest, r_int, "recovery", "Recovery"))
    return out


def _structured(sport: str, name: str, wu: int, reps: list[Segment], cd: int, base: float,
                trainer: bool = False) -> Session:
    segs = [Segment(wu, base, "warmup", "Warmup"), *reps, Segment(cd, base * 0.92, "cooldown", "Cooldown")]
    return Session(sport, name, segs, structured=True, trainer=trainer, tags=["intervals"])


def _steady(sport: str, name: str, minutes: float, level: float, rng: random.Random, *,
            surges: int = 0, trainer: bool = False, chunk: int = 600) -> Session:
    """Unstructured endurance work: chunks around `level`, with a few hill-like surges."""
    total, segs = int(minutes * 60), list[Segment]()
    while sum(s.secs for s in segs) < total:
        segs.append(Segment(min(chunk, total - sum(s.secs for s in segs)), level * rng.uniform(0.9, 1.1), "steady"))
    for _ in range(surges):
        pos = rng.randrange(1, len(segs))
        segs.insert(pos, Segment(rng.choice([60, 180, 300, 420]), rng.uniform(0.95, 1.1), "steady"))
    return Session(sport, name, segs, trainer=trainer)


def _race(p: Profile, days_ago: int, rng: random.Random) -> Session | None:
    if p.index % 2 == 0:
        races = {96: ("Ride", "Spring Classic Road Race", 160, 0.88), 220: ("Run", "Dam tot Damloop 10 mile", 68, 1.0)}
    else:
        races = {75: ("Run", "Bolder Boulder 10K", 36, 1.04), 180: ("Run", "Denver Half Marathon", 78, 0.97)}
    if days_ago not in races:
        return None
    sport, name, minutes, level = races[days_ago]
    s = _steady(sport, name, minutes, level, rng, chunk=300, surges=3 if sport == "Ride" else 0)
    for seg in s.segments:
        seg.intensity = min(seg.intensity, level * 1.1)
    s.segments.insert(0, Segment(900, 0.65, "warmup", "Warmup"))
    s.race, s.tags, s.hour = True, ["race"], 10.0
    return s


def _phase(days_ago: int) -> tuple[bool, bool]:
    """(build, recovery_week): build blocks before the races and the current one; every 4th week easy."""
    build = 28 <= days_ago <= 130 or 190 <= days_ago <= 280 or days_ago < 21
    return build, (days_ago // 7) % 4 == 3


def _cyclist_day(weekday: int, build: bool, easy: bool, rng: random.Random) -> Session | None:
    if weekday == 0:
        return _steady("Swim", "Pool Swim", 45, 0.85, rng, chunk=300) if rng.random() < 0.2 else None
    if weekday == 1:
        if easy:
            return _steady("VirtualRide", "Zwift Recovery Spin", 45, 0.55, rng, trainer=True)
        if build:
            return _structured("VirtualRide", "Tuesday Threshold 4x8", 900,
                               _reps(4, 480, 1.01, 240, 0.55, rng), 600, 0.6, trainer=True)
        return _structured("VirtualRide", "Tempo 3x15", 720, _reps(3, 900, 0.85, 300, 0.6, rng), 600, 0.6,
                           trainer=True)
    if weekday == 2:
        return _steady("Run", "Easy Run", rng.choice([40, 45, 50, 55]), 0.76, rng)
    if weekday == 3:
        if build and not easy:
            return _structured("VirtualRide", "VO2 5x3", 900, _reps(5, 180, 1.18, 180, 0.5, rng), 720, 0.6,
                               trainer=True)
        return _steady("Ride", "Endurance Ride", 90 * (0.7 if easy else 1), 0.66, rng, surges=2)
    if weekday == 4:
        return Session("WeightTraining", "Strength", [Segment(2700, 0.45, "steady")], hour=18.5) \
            if rng.random() < 0.6 else None
    if weekday == 5:
        hours = (rng.uniform(3.0, 4.0) if build else rng.uniform(2.5, 3.2)) * (0.6 if easy else 1)
        ride = _steady("Ride", "Long Ride", hours * 60, 0.68, rng, surges=4, chunk=900)
        ride.hour, ride.tags = 9.0, (["group-ride"] if rng.random() < 0.3 else [])
        return ride
    if build and not easy and rng.random() < 0.5:
        s = _structured("Run", "Run Threshold 3x10", 900, _reps(3, 600, 0.98, 120, 0.6, rng), 600, 0.75)
    else:
        s = _steady("Run", "Long Run", rng.uniform(75, 105) * (0.7 if easy else 1), 0.78, rng)
    s.hour = 9.5
    return s


def _runner_day(weekday: int, build: bool, easy: bool, rng: random.Random, p: Profile) -> Session | None:
    if weekday == 0:
        if rng.random() < 0.12:
            return _steady("Swim", "Pool Swim", 40, 0.85, rng, chunk=300)
        return Session("WeightTraining", "Strength", [Segment(2400, 0.45, "steady")], hour=18.0) \
            if rng.random() < 0.5 else None
    if weekday == 1:
        if easy:
            return _steady("Run", "Easy Run", 40, 0.74, rng)
        if build:
            rep = round(1000 / (p.run_pace * 1.07))
            return _structured("Run", "Tuesday Intervals 6x1k", 900, _reps(6, rep, 1.07, 120, 0.55, rng), 600, 0.74)
        return _structured("Run", "Fartlek 10x1", 900, _reps(10, 60, 1.1, 60, 0.7, rng), 600, 0.74)
    if weekday == 2:
        return _steady("Run", "Easy Run", rng.choice([45, 50, 55, 60]), 0.75, rng)
    if weekday == 3:
        if build and not easy:
            return _structured("Run", "Tempo Run 3x10", 900, _reps(3, 600, 0.95, 120, 0.65, rng), 600, 0.74)
        return _steady("Run", "Steady Run", 55, 0.82, rng)
    if weekday == 4:
        return _steady("Run", "Recovery Run", 30, 0.7, rng) if rng.random() < 0.5 else None
    if weekday == 5:
        if rng.random() < 0.4:
            ride = _steady("Ride", "Endurance Ride", 90, 0.65, rng, surges=1)
            ride.hour = 9.0
            return ride
        return _steady("Run", "Easy Run", 50, 0.75, rng)
    run = _steady("Run", "Long Run", rng.uniform(95, 130) * (0.7 if easy else 1), 0.78, rng, chunk=900)
    run.hour = 8.0
    return run


def session_for(p: Profile, day: dt.date, days_ago: int, rng: random.Random) -> Session | None:
    """The session of `day`, or None on a rest day. Consumes `rng` identically for a given seed."""
    skip = rng.random() < 0.07
    race = _race(p, days_ago, rng)
    if race is not None:
        return race
    build, easy = _phase(days_ago)
    if p.index % 2 == 0:
        s = _cyclist_day(day.weekday(), build, easy, rng)
    else:
        s = _runner_day(day.weekday(), build, easy, rng, p)
    if skip or days_ago in ILLNESS_DAYS_OFF:
        return None
    if s is not None and s.hour == 7.0:
        s.hour = rng.choice([6.5, 7.0, 12.25, 17.75, 18.5])
    return s
