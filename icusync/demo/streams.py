"""Activity streams at 1 Hz, made from the segments an activity was built from.

Every stream agrees with the activity's summary. Over the moving samples, watts average
`icu_average_watts`, heart rate `average_heartrate`, speed `average_speed` and cadence
`average_cadence`; distance ends at `distance`, the climbing adds up to
`total_elevation_gain`, the temperature runs from `min_temp` to `max_temp`, and the heart
rate peaks at `max_heartrate`. Each segment keeps its own means, so an interval's averages
are those of its samples and hard reps are hard in the streams. On steady sessions the
heart rate is tilted so that the decoupling of the steady part (after a 10-minute warm-up)
is the summary's `decoupling`.

Stops (elapsed time beyond moving time) are samples with speed, power and cadence at 0: a
few along the way on unstructured sessions, and after the last interval on structured
ones, so the intervals' sample indexes hold. Generated from a generator seeded by the
activity id, so the same activity always has the same streams.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from icusync.demo.history import Stretch

WARMUP_SECS = 600  # the steady part of a session starts after this much moving time
HR_LAG_SECS = 25.0  # how fast heart rate follows a change of effort
CACHE_SIZE = 24

Streams = dict[str, list[Any]]


def _wobble(rng: random.Random, n: int, sd: float, keep: float) -> list[float]:
    """Smooth noise (first-order autoregressive) with standard deviation about `sd`."""
    step, x, out = sd * math.sqrt(1 - keep * keep) * math.sqrt(12), 0.0, []
    shocks = [rng.random() - 0.5 for _ in range(n)]  # uniform shocks: as good here, and quicker than gauss
    for u in shocks:
        x = keep * x + step * u
        out.append(x)
    return out


def _per_stretch(levels: Sequence[float], secs: Sequence[int], noise: list[float], relative: bool) -> list[float]:
    """Each stretch's level with noise whose mean over the stretch is zero: stretch means stay exact."""
    out: list[float] = []
    pos = 0
    for level, n in zip(levels, secs, strict=True):
        chunk = noise[pos : pos + n]
        mean = sum(chunk) / n
        out.extend([level * (1 + x - mean) for x in chunk] if relative else [level + x - mean for x in chunk])
        pos += n
    return out


def _heart_rate(stretches: Sequence[Stretch], noise: list[float]) -> list[float]:
    """Heart rate that lags each change of effort, each stretch keeping its mean."""
    out: list[float] = []
    prev, pos = stretches[0].hr * 0.75, 0
    for s in stretches:
        n = s.secs
        decay = [math.exp(-t / HR_LAG_SECS) for t in range(n)]
        lag, jump = sum(decay) / n, s.hr - prev
        chunk = noise[pos : pos + n]
        mean = sum(chunk) / n
        out.extend(s.hr + jump * (lag - d) + x - mean for d, x in zip(decay, chunk, strict=True))
        prev, pos = s.hr, pos + n
    return out


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _tilt_to_decoupling(hr: list[float], output: list[float], target_pct: float) -> list[float]:
    """HR times (1 + k(x - c)), x the share of the session gone, c keeping the mean, with k such that
    (EF first half - EF second half) / EF first half of the steady part is `target_pct`."""
    n = len(hr)
    if n - WARMUP_SECS < 600:
        return hr
    c = sum(h * i for i, h in enumerate(hr)) / (n * sum(hr))
    slope = [h * (i / n - c) for i, h in enumerate(hr)]
    half = WARMUP_SECS + (n - WARMUP_SECS) // 2
    first, second = slice(WARMUP_SECS, half), slice(half, n)
    p1, p2 = _mean(output[first]), _mean(output[second])
    if p1 <= 0 or p2 <= 0:
        return hr
    ratio = (1 - target_pct / 100) * p1 / p2  # the first half's HR over the second's that gives the target
    h1, h2, g1, g2 = _mean(hr[first]), _mean(hr[second]), _mean(slope[first]), _mean(slope[second])
    k = max(-0.3, min(0.3, (ratio * h2 - h1) / (g1 - ratio * g2)))
    return [h + k * g for h, g in zip(hr, slope, strict=True)]


def _peak_at(hr: list[float], peak: float) -> list[float]:
    """Reach the summary's max HR once (a short rise at the highest point) and never exceed it; what
    the cap takes off goes back to the samples well below it, so the average holds."""
    top = max(range(len(hr)), key=hr.__getitem__)
    lift = peak - hr[top]
    if lift > 0:
        for i in range(max(0, top - 15), min(len(hr), top + 16)):
            hr[i] += lift * (1 - abs(i - top) / 16)
    capped = [min(h, peak) for h in hr]
    lost = sum(hr) - sum(capped)
    room = [i for i, h in enumerate(capped) if h < peak - 5]
    for i in room if lost > 0 else ():
        capped[i] += lost / len(room)
    return capped


def _grades(rng: random.Random, speeds: list[float], stretches: Sequence[Stretch]) -> list[float]:
    """Raw grade per moving second: rolling terrain, a climb on each surge of a ride, a few hills anywhere."""
    n = len(speeds)
    dist = list(accumulate(speeds))
    wave, phase = rng.uniform(2000, 5000), rng.uniform(0, 2 * math.pi)
    grade = [0.015 * math.sin(2 * math.pi * d / wave + phase) for d in dist]
    levels = [s.watts or s.speed or 0.0 for s in stretches]
    typical = statistics.median(levels)
    hills, pos = [], 0
    for s, level in zip(stretches, levels, strict=True):
        if s.watts is not None and s.kind == "steady" and s.secs <= 420 and level >= 1.2 * typical:
            hills.append((pos, pos + s.secs))
        pos += s.secs
    for _ in range(rng.randint(1, 3)):
        length = rng.randint(240, 900)
        start = rng.randrange(0, max(1, n - length))
        hills.append((start, start + length))
    for a, b in hills:
        g = rng.uniform(0.04, 0.08)
        for i in range(a, min(b, n)):
            grade[i] += g
    return grade


def _profile(grade: list[float], speeds: list[float], gain: float) -> tuple[list[float], list[float]]:
    """(height above the start, true grade) per moving second: the grades scaled so the climbing adds up
    to `gain`, and levelled so the route ends where it started."""
    net = sum(g * v for g, v in zip(grade, speeds, strict=True)) / sum(speeds)
    profile = list(accumulate((g - net) * v for g, v in zip(grade, speeds, strict=True)))
    ascent = sum(max(0.0, b - a) for a, b in zip([0.0, *profile], profile, strict=False))
    scale = gain / ascent if ascent > 0 else 0.0
    return [scale * h for h in profile], [scale * (g - net) for g in grade]


def _hill_speeds(speeds: list[float], grade: list[float], secs: Sequence[int], climbing_cost: float) -> list[float]:
    """Slower up, faster down, each stretch keeping its distance: `climbing_cost` is the speed lost per unit
    of grade."""
    hilly = [v * (max(0.45, 1 - climbing_cost * g) if g > 0 else 1 + min(0.3, 2 * -g))
             for v, g in zip(speeds, grade, strict=True)]
    out: list[float] = []
    pos = 0
    for n in secs:
        scale = sum(speeds[pos : pos + n]) / sum(hilly[pos : pos + n])
        out.extend(v * scale for v in hilly[pos : pos + n])
        pos += n
    return out


def _stops(rng: random.Random, moving: int, elapsed: int, structured: bool) -> list[tuple[int, int]]:
    """(moving second before which the stop comes, its length): at the end of a structured session,
    else one to three along the way."""
    paused = elapsed - moving
    if paused <= 0:
        return []
    if structured or moving < 1800:
        return [(moving, paused)]
    count = min(paused, rng.randint(1, 3))
    cuts = sorted(rng.sample(range(1, paused), count - 1)) if count > 1 else []
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, paused], strict=True)]
    places = sorted(rng.sample(range(WARMUP_SECS, moving - 300), count))
    return list(zip(places, lengths, strict=True))


def generate(act: dict[str, Any], stretches: Sequence[Stretch]) -> Streams:
    """Every stream in the activity's `stream_types`, at 1 Hz over its elapsed time."""
    rng = random.Random(f"icusync-demo-streams:{act['id']}")
    types = set(act.get("stream_types") or ())
    secs = [s.secs for s in stretches]
    moving = sum(secs)
    structured = bool(act.get("icu_intervals"))
    trainer = bool(act.get("trainer"))
    out: Streams = {}

    hr = _heart_rate(stretches, _wobble(rng, moving, 1.5, 0.98))
    output: list[float] | None = None
    if "watts" in types:
        noise = _wobble(rng, moving, 0.03 if trainer else 0.1, 0.6)
        out["watts"] = output = _per_stretch([s.watts or 0.0 for s in stretches], secs, noise, relative=True)
    speeds: list[float] = []
    if "velocity_smooth" in types:
        speeds = _per_stretch([s.speed or 0.0 for s in stretches], secs, _wobble(rng, moving, 0.03, 0.97), True)
        total = float(act.get("distance") or 0.0)
        scale = total / sum(speeds) if sum(speeds) > 0 else 0.0
        speeds = [v * scale for v in speeds]
    if "altitude" in types and speeds:
        gain = float(act.get("total_elevation_gain") or 0)
        grade = _grades(rng, speeds, stretches)
        height, true_grade = _profile(grade, speeds, gain)
        if not structured:  # the laps of an interval session keep their even pace
            speeds = _hill_speeds(speeds, true_grade, secs, 7.0 if "watts" in types else 3.0)
            height, _ = _profile(grade, speeds, gain)
        base = 1650.0 if "Denver" in str(act.get("timezone")) else 2.0
        out["altitude"] = [base + h for h in height]
    if speeds:
        out["velocity_smooth"] = speeds
        output = output or speeds
    peak = float(act.get("max_heartrate") or max(hr))
    hr = _peak_at(hr, peak)
    if act.get("decoupling") is not None and output is not None and not structured:
        for _ in range(3):  # the cap at the peak undoes a little of the tilt: tilt again
            hr = _peak_at(_tilt_to_decoupling(hr, output, float(act["decoupling"])), peak)
    out["heartrate"] = hr
    if "cadence" in types and act.get("average_cadence"):
        cadence = float(act["average_cadence"])
        out["cadence"] = _per_stretch([cadence] * len(secs), secs, _wobble(rng, moving, 3.0 / cadence, 0.9), True)
    if "distance" in types and speeds:
        out["distance"] = list(accumulate(speeds))

    elapsed = max(moving, int(act.get("elapsed_time") or moving))
    stops = _stops(rng, moving, elapsed, structured)
    if speeds:
        full = _with_stops(out, stops)
        full["time"] = list(range(elapsed))
    else:  # nothing tells a stop from a rest here: the watch was paused, and time jumps over the stops
        full = out
        full["time"] = _paused_clock(moving, stops)
    for i in range(rng.randrange(0, 4)):  # a strap that takes a moment to connect
        full["heartrate"][i] = None
    low, high = act.get("min_temp"), act.get("max_temp")
    if "temp" in types and low is not None and high is not None:
        full["temp"] = [low + (high - low) * t / max(1, elapsed - 1) for t in full["time"]]
    return _rounded(full)


def _paused_clock(moving: int, stops: list[tuple[int, int]]) -> list[int]:
    """Elapsed seconds of each moving second when the recording paused for the stops."""
    clock, shift, pending = [], 0, sorted(stops)
    for i in range(moving):
        while pending and pending[0][0] <= i:
            shift += pending.pop(0)[1]
        clock.append(i + shift)
    return clock


def _with_stops(moving: Streams, stops: list[tuple[int, int]]) -> Streams:
    """The moving samples with the stops put in: nothing turns, HR falls, distance and altitude hold."""
    if not stops:
        return {k: list(v) for k, v in moving.items()}
    out: Streams = {k: [] for k in moving}
    start = 0
    for place, length in [*stops, (len(moving["heartrate"]), 0)]:
        for key, values in moving.items():
            out[key].extend(values[start:place])
        start = place
        if not length:
            continue
        last_hr = out["heartrate"][-1] if out["heartrate"] else 100.0
        for key in out:
            held = out[key][-1] if out[key] else 0.0
            if key == "heartrate":
                rest = 0.65 * last_hr
                out[key].extend(rest + (last_hr - rest) * math.exp(-t / 40) for t in range(1, length + 1))
            elif key in ("distance", "altitude"):
                out[key].extend([held] * length)
            else:
                out[key].extend([0.0] * length)
    return out


_DIGITS = {"velocity_smooth": 3, "distance": 1, "altitude": 1}


def _rounded(streams: Streams) -> Streams:
    out: Streams = {}
    for key, values in streams.items():
        digits = _DIGITS.get(key)
        if digits is None:
            out[key] = [None if v is None else round(v) for v in values]
        else:
            out[key] = [None if v is None else round(v, digits) for v in values]
    return out


class StreamCache:
    """Generated streams of the last few activities asked for (a 4-hour ride is about 100k numbers)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], Streams] = OrderedDict()

    def get(self, act: dict[str, Any], stretches: Sequence[Stretch]) -> Streams:
        key = (str(act["id"]), str(act.get("type")))
        hit = self._items.get(key)
        if hit is None:
            hit = self._items[key] = generate(act, stretches) if stretches else {}
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        return hit
