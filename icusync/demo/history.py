"""Turn sessions into `Activity` records with consistent metrics.

Per segment we fix power (W), HR (bpm) and speed (m/s); every summary number of
the activity, its intervals, zone times and best efforts come from those, so
they agree. The segments are kept beside the activity for the curves.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from icusync.demo.conditions import conditions
from icusync.demo.profiles import Profile, Zones, zones_for
from icusync.demo.sessions import Session

RIDES = ("Ride", "VirtualRide", "GravelRide", "MountainBikeRide", "EBikeRide")
RUNS = ("Run", "VirtualRun", "TrailRun")
SWIMS = ("Swim", "OpenWaterSwim")


@dataclass
class Stretch:
    """One segment as recorded: what the curves and intervals are computed from."""

    secs: int
    watts: float | None
    hr: float
    speed: float | None
    kind: str
    label: str


@dataclass
class Generated:
    activity: dict[str, Any]
    stretches: list[Stretch] = field(default_factory=list)
    load: int = 0


def thresholds_at(p: Profile, days_ago: int) -> tuple[int, int, float]:
    """(ftp, indoor_ftp, run threshold speed) in force then: a small step up every 12 weeks."""
    steps = days_ago // 84
    return p.ftp - 5 * steps, p.indoor_ftp - 5 * steps, round(p.run_pace * (1 - 0.006 * steps), 3)


def _zone_of(value: float, bounds: tuple[float, ...] | list[float]) -> int:
    for n, b in enumerate(bounds):
        if value <= b:
            return n
    return len(bounds) - 1


def _wavg(pairs: list[tuple[float, int]]) -> float:
    total = sum(t for _, t in pairs)
    return sum(v * t for v, t in pairs) / total if total else 0.0


def _norm(pairs: list[tuple[float, int]]) -> float:
    """4th-power mean, the shape of normalised power."""
    total = sum(t for _, t in pairs)
    return (sum(v**4 * t for v, t in pairs) / total) ** 0.25 if total else 0.0


def steady_decoupling(stretches: list[Stretch], warmup: int = 600) -> float:
    """Pa:HR decoupling of the steady part (after a 10-minute warm-up): output per bpm of its first half
    against its second, %; output is power on a ride, speed otherwise."""
    total = sum(s.secs for s in stretches)
    bounds = ((warmup, warmup + (total - warmup) / 2), (warmup + (total - warmup) / 2, total))
    halves = []
    for lo, hi in bounds:
        out = hr = 0.0
        start = 0
        for s in stretches:
            overlap = max(0.0, min(start + s.secs, hi) - max(start, lo))
            out += overlap * ((s.watts if s.watts is not None else s.speed) or 0.0)
            hr += overlap * s.hr
            start += s.secs
        halves.append(out / hr if hr else 0.0)
    return (halves[0] - halves[1]) / halves[0] * 100 if halves[0] else 0.0


def _load(intensity: float, secs: float) -> float:
    return intensity * intensity * secs / 36.0  # IF² × 100 × hours


def _ride_speed(watts: float) -> float:
    return float(8.4 * (max(watts, 40.0) / 200) ** (1 / 3))


def build_activity(p: Profile, session: Session, day: dt.date, days_ago: int, seq: int,
                   rng: random.Random) -> Generated:
    sport = session.sport
    zones = zones_for(p, sport)
    ftp_out, ftp_in, run_pace = thresholds_at(p, days_ago)
    ftp = ftp_in if session.trainer else ftp_out
    threshold_speed = run_pace if sport in RUNS else zones.threshold_pace
    drift = rng.uniform(0.01, 0.05)
    total = sum(s.secs for s in session.segments)
    act_id = f"i{40_000_000 + p.index * 1_000_000 + seq}"
    outdoor = not session.trainer and sport in RIDES + RUNS
    weather = conditions(act_id, day, days_ago, session.hour, total, outdoor)
    drift += weather.extra_drift
    stretches: list[Stretch] = []
    elapsed = 0
    for seg in session.segments:
        inten = seg.intensity * rng.uniform(0.98, 1.02)
        hr = zones.lthr * (0.4 + 0.6 * inten) * (1 + drift * (elapsed + seg.secs / 2) / total)
        hr = min(hr, zones.max_hr - 3) if sport != "WeightTraining" else rng.uniform(100, 122)
        watts = ftp * inten if sport in RIDES else None
        if sport in RIDES:
            speed: float | None = _ride_speed(watts or 0) * (0.93 if session.trainer else 1.0)
        elif threshold_speed:
            speed = threshold_speed * inten
        else:
            speed = None
        stretches.append(Stretch(seg.secs, watts, hr, speed, seg.kind, seg.label))
        elapsed += seg.secs
    moving = total
    tz = ZoneInfo(p.timezone)
    hour = session.hour + rng.uniform(0, 0.75)
    start_local = dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60), rng.randrange(60)))
    start_utc = start_local.replace(tzinfo=tz).astimezone(dt.UTC)
    distance = sum((s.speed or 0) * s.secs for s in stretches)
    hr_pairs = [(s.hr, s.secs) for s in stretches]
    avg_hr = _wavg(hr_pairs)
    hr_if = max(0.3, (avg_hr / zones.lthr - 0.4) / 0.6)
    hr_load = round(_load(hr_if, moving) * 0.95)
    act: dict[str, Any] = {
        "id": act_id,
        "icu_athlete_id": p.athlete_id,
        "start_date_local": start_local.isoformat(),
        "start_date": start_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "type": sport, "name": session.name, "description": None,
        "distance": round(distance, 1) if distance else None,
        "icu_distance": round(distance, 1) if distance else None,
        "moving_time": moving,
        "elapsed_time": moving + (rng.randrange(0, 60) if session.trainer
                                  else rng.randrange(60, int(moving * 0.06) + 61)),
        "total_elevation_gain": round(distance / 1000 * rng.uniform(4, 12)) if distance and not session.trainer
        else (0 if distance else None),
        "average_speed": round(distance / moving, 3) if distance else None,
        "max_speed": round(max(s.speed or 0 for s in stretches) * 1.25, 3) if distance else None,
        "average_heartrate": round(avg_hr), "max_heartrate": min(zones.max_hr, round(max(s.hr for s in stretches)
                                                                                  + rng.uniform(2, 6))),
        "has_heartrate": True, "athlete_max_hr": zones.max_hr, "lthr": zones.lthr, "icu_resting_hr": p.resting_hr,
        "icu_weight": p.weight, "icu_hr_zones": list(zones.hr_zones),
        "icu_hr_zone_times": _zone_times([(s.hr, s.secs) for s in stretches], zones.hr_zones),
        "hr_load": hr_load, "hr_load_type": "HR_ZONES", "trimp": round(moving / 60 * hr_if * 1.9, 1),
        "decoupling": round(steady_decoupling(stretches) + rng.uniform(-0.3, 0.3), 1)
        if moving >= 3000 and sport != "WeightTraining"
        else None,
        "trainer": session.trainer, "race": session.race, "tags": list(session.tags) or None,
        "source": "ZWIFT" if sport == "VirtualRide" else "GARMIN_CONNECT",
        "device_name": "Zwift" if sport == "VirtualRide" else ("Edge 840" if sport in RIDES else "Forerunner 965"),
        "timezone": p.timezone, "icu_ctl": None, "icu_atl": None, "paired_event_id": None, "external_id": None,
        "icu_rpe": None, "feel": None, "session_rpe": None, "strava_id": None,
        "stream_types": ["time", "heartrate"] + (["distance", "velocity_smooth"] if distance else []),
    }
    if sport in SWIMS:  # a pool: flat water
        act["total_elevation_gain"] = 0 if distance else None
    if outdoor and distance:
        act["stream_types"].append("altitude")
    if weather.temps is not None:
        low, high = weather.temps
        act.update(average_temp=(low + high) / 2, min_temp=low, max_temp=high)
        act["stream_types"].append("temp")
    for key in ("icu_average_watts", "icu_weighted_avg_watts", "icu_intensity", "icu_ftp", "icu_joules",
                "icu_joules_above_ftp", "icu_variability_index", "icu_efficiency_factor", "power_load",
                "icu_zone_times", "icu_power_zones", "average_cadence", "pace_load", "pace_zone_times",
                "threshold_pace", "pace_zones", "gap", "pace", "calories"):
        act[key] = None
    load = hr_load
    if sport in RIDES:
        pw = [(s.watts or 0.0, s.secs) for s in stretches]
        avg, np_ = _wavg(pw), _norm(pw) * (1.015 if session.trainer else 1.05)
        intensity = np_ / ftp
        load = round(_load(intensity, moving))
        act.update(icu_average_watts=round(avg), icu_weighted_avg_watts=round(np_), icu_ftp=ftp,
                   icu_intensity=round(intensity * 100, 3), icu_joules=round(avg * moving),
                   icu_joules_above_ftp=round(sum(max(0, w - ftp) * t for w, t in pw)),
                   icu_variability_index=round(np_ / avg, 3), icu_efficiency_factor=round(np_ / avg_hr, 3),
                   power_load=load, icu_power_zones=list(zones.power_zones),
                   icu_zone_times=[{"id": f"Z{n + 1}", "secs": secs} for n, secs in
                                   enumerate(_zone_times([(w / ftp * 100, t) for w, t in pw], zones.power_zones))],
                   average_cadence=round(rng.uniform(85, 92), 1), calories=round(avg * moving / 1000 * 1.05))
        act["stream_types"] += ["watts", "cadence"]
    elif threshold_speed:
        sp = [(s.speed or 0.0, s.secs) for s in stretches]
        intensity = _norm(sp) / threshold_speed
        pace_load = round(_load(intensity, moving))
        load = pace_load if sport in RUNS else hr_load
        act.update(pace_load=pace_load, threshold_pace=threshold_speed, pace_zones=list(zones.pace_zones),
                   pace_zone_times=_zone_times([(v / threshold_speed * 100, t) for v, t in sp], zones.pace_zones),
                   average_cadence=round(rng.uniform(84, 90), 1) if sport in RUNS else None,
                   icu_intensity=round(intensity * 100, 3), pace=round(distance / moving, 3),
                   calories=round(moving / 60 * (12 if sport in RUNS else 9)))
        if act["average_cadence"]:
            act["stream_types"].append("cadence")
    else:
        act.update(calories=round(moving / 60 * 6))
    act["icu_training_load"] = load
    if rng.random() < 0.45:
        guess = (act["icu_intensity"] or 60) / 11 + rng.uniform(-1, 1) + (2 if session.race else 0)
        rpe = max(1, min(10, round(guess)))
        act.update(icu_rpe=rpe, feel=rng.randint(1, 4), session_rpe=rpe * moving // 60)
    gen = Generated(act, stretches, load)
    intervals, groups = build_intervals(gen, ftp, threshold_speed, zones, rng) if session.structured else ([], [])
    act["icu_intervals"], act["icu_groups"] = intervals, groups
    return gen


def _zone_times(values: list[tuple[float, int]], bounds: tuple[float, ...] | tuple[int, ...]) -> list[int]:
    out = [0] * len(bounds)
    for v, t in values:
        out[_zone_of(v, bounds)] += t
    return out


def build_intervals(gen: Generated, ftp: int, threshold_speed: float | None, zones: Zones,
                    rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """WORK/RECOVERY intervals for a structured session, the work reps grouped."""
    intervals: list[dict[str, Any]] = []
    start = 0
    for n, s in enumerate(gen.stretches):
        is_work = s.kind == "work"
        if s.watts is not None:
            intensity, zone = s.watts / ftp, _zone_of(s.watts / ftp * 100, zones.power_zones) + 1
        elif s.speed and threshold_speed:
            intensity, zone = s.speed / threshold_speed, _zone_of(s.speed / threshold_speed * 100, zones.pace_zones) + 1
        else:
            intensity, zone = 0.5, 1
        distance = (s.speed or 0) * s.secs
        intervals.append({
            "id": n + 1, "type": "WORK" if is_work else "RECOVERY", "label": s.label or None,
            "group_id": "g1" if is_work else None,
            "start_index": start, "end_index": start + s.secs - 1, "start_time": start, "end_time": start + s.secs,
            "moving_time": s.secs, "elapsed_time": s.secs, "distance": round(distance, 1),
            "average_watts": round(s.watts) if s.watts is not None else None,
            "weighted_average_watts": round(s.watts * 1.01) if s.watts is not None else None,
            "max_watts": round(s.watts * rng.uniform(1.1, 1.3)) if s.watts is not None else None,
            "intensity": round(intensity * 100), "training_load": round(_load(intensity, s.secs), 1), "zone": zone,
            "average_heartrate": round(s.hr), "max_heartrate": round(s.hr + rng.uniform(3, 7)),
            "average_cadence": round(rng.uniform(84, 95), 1), "average_speed": round(s.speed, 3) if s.speed else None,
            "decoupling": round(rng.uniform(-2, 4), 1) if s.secs >= 600 else None,
        })
        start += s.secs
    work = [i for i in intervals if i["type"] == "WORK"]
    if not work:
        return intervals, []
    watts = [i["average_watts"] for i in work if i["average_watts"] is not None]
    group = {
        "id": "g1", "count": len(work), "start_index": work[0]["start_index"],
        "moving_time": sum(i["moving_time"] for i in work), "elapsed_time": sum(i["elapsed_time"] for i in work),
        "distance": round(sum(i["distance"] for i in work), 1),
        "average_watts": round(sum(watts) / len(watts)) if watts else None,
        "weighted_average_watts": round(sum(watts) / len(watts) * 1.01) if watts else None,
        "intensity": round(sum(i["intensity"] for i in work) / len(work)),
        "training_load": round(sum(i["training_load"] for i in work), 1),
        "average_heartrate": round(sum(i["average_heartrate"] for i in work) / len(work)),
        "max_heartrate": max(i["max_heartrate"] for i in work),
        "average_speed": work[0]["average_speed"], "zone": work[0]["zone"],
    }
    return intervals, [group]


def strava_stub(p: Profile, activity: dict[str, Any], seq: int) -> dict[str, Any]:
    """What the API shows for an activity that came in through Strava (reference §3.3)."""
    return {"id": str(16_639_341_172 + p.index * 1_000_000 + seq * 7919), "icu_athlete_id": p.athlete_id,
            "start_date_local": activity["start_date_local"], "source": "STRAVA",
            "_note": "STRAVA activities are not available via the API"}


def best_window(parts: list[tuple[float, float]], window: float, *, lowest: bool = False) -> float | None:
    """Best average of a piecewise-constant signal over `window` units of length.

    `parts` is [(length, value)]. The optimum has an edge on a part boundary, so
    only windows starting or ending at a boundary are tried.
    """
    edges, acc, pos = [0.0], [0.0], 0.0
    for length, value in parts:
        pos += length
        edges.append(pos)
        acc.append(acc[-1] + length * value)
    if window > pos or window <= 0:
        return None

    def integral(x: float) -> float:
        import bisect

        i = max(0, bisect.bisect_right(edges, x) - 1)
        if i >= len(parts):
            return acc[-1]
        return acc[i] + (x - edges[i]) * parts[i][1]

    best: float | None = None
    for e in edges:
        for s in (e, e - window):
            if 0 <= s <= pos - window + 1e-9:
                avg = (integral(s + window) - integral(s)) / window
                if best is None or (avg < best if lowest else avg > best):
                    best = avg
    return best


def sprint_bonus(ftp: float, secs: int, peak: float) -> float:
    """Short-effort power a rider shows in most rides: decays from ~3×FTP at 1 s."""
    return ftp * (1 + 2.0 * peak * math.exp(-secs / 15))
