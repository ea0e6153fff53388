"""The demo's own reading of the Intervals.icu workout text syntax (reference §4).

Deliberately independent of `icusync.coach`: the demo checks the product's parser
from the outside, so the two must not share code. Produces `workout_doc` as the
API returns it: `{duration, distance, steps[...]}` where a step has `duration` (s)
or `distance` (m), or `reps` + `steps`, and targets `{value}` or `{start, end}`
with `units`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from icusync.demo.profiles import Zones

_HMS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", re.I)
_M_S = re.compile(r"^(\d+)m(\d+)$", re.I)  # 1m30
_H_M = re.compile(r"^(\d+)h(\d+)$", re.I)  # 1h30
_QUOTES = re.compile(r"^(?:(\d+)')?(?:(\d+)\")?$")  # 5'  30"  1'30"
_DIST = re.compile(r"^(\d+(?:\.\d+)?)(mtr|km|mi|yd)$", re.I)
_PCT = re.compile(r"^(\d+(?:\.\d+)?)%?(?:-(\d+(?:\.\d+)?))?%$")
_WATTS = re.compile(r"^(\d+)w?(?:-(\d+))?w$", re.I)
_ZONE = re.compile(r"^z(\d)(?:-z(\d))?$", re.I)
_RPM = re.compile(r"^(\d+)(?:-(\d+))?rpm$", re.I)
_PACE = re.compile(r"^(\d+):(\d\d)(/\w+)?(?:-(\d+):(\d\d)(/\w+)?)?$")
_REPEAT = re.compile(r"^(\d+)\s*x$", re.I)
_HEADER_REPEAT = re.compile(r"^(.*?)\s+(\d+)\s*x$", re.I)
_PACE_UNIT_M = {"/km": 1000.0, "/mi": 1609.344, "/100m": 100.0, "/100y": 91.44, "/500m": 500.0,
                "/400m": 400.0, "/250m": 250.0}
_DIST_M = {"mtr": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144}


def parse_duration(token: str) -> int | None:
    """Seconds for 1h, 10m, 30s, 1h2m30s, 1m30, 1h30, 5', 30", 1'30"; None if not a duration."""
    if m := _M_S.match(token):
        return int(m[1]) * 60 + int(m[2])
    if m := _H_M.match(token):
        return int(m[1]) * 3600 + int(m[2]) * 60
    for rx, units in ((_HMS, (3600, 60, 1)), (_QUOTES, (60, 1))):
        m = rx.match(token)
        if m and any(m.groups()):
            return sum(int(g) * u for g, u in zip(m.groups(), units, strict=False) if g)
    return None


def parse_distance(token: str) -> float | None:
    m = _DIST.match(token)
    return float(m[1]) * _DIST_M[m[2].lower()] if m else None


def _target(start: float, end: float | None, units: str) -> dict[str, Any]:
    def num(x: float) -> float | int:
        return int(x) if float(x).is_integer() else x

    if end is None or end == start:
        return {"value": num(start), "units": units}
    return {"start": num(start), "end": num(end), "units": units}


def _pace_pct(mins: str, secs: str, unit: str | None, default_unit: str, zones: Zones) -> float | None:
    metres = _PACE_UNIT_M.get(unit or default_unit)
    if metres is None or not zones.threshold_pace:
        return None
    speed = metres / (int(mins) * 60 + int(secs))
    return round(speed / zones.threshold_pace * 100, 1)


def _parse_targets(tokens: list[str], step: dict[str, Any], sport: str, zones: Zones) -> list[str]:
    """Fill targets into `step` from `tokens`; return the tokens that were plain text."""
    prose: list[str] = []
    default_unit = "/100m" if sport in ("Swim", "OpenWaterSwim") else "/km"
    i = 0
    while i < len(tokens):
        tok, nxt = tokens[i], tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        low = tok.lower()
        if low == "ramp":
            step["ramp"] = True
        elif low == "freeride":
            step["freeride"] = True
        elif low == "maxeffort":
            step["maxeffort"] = True
        elif low == "press" and nxt == "lap":
            step["until_lap_press"] = True
            i += 1
        elif m := _PCT.match(tok):
            lo, hi = float(m[1]), float(m[2]) if m[2] else None
            kind = {"hr": "%hr", "lthr": "%lthr", "pace": "%pace", "mmp": "%mmp"}.get(nxt)
            if kind is None:
                step["power"] = _target(lo, hi, "%ftp")
            else:
                step[{"%hr": "hr", "%lthr": "hr", "%pace": "pace", "%mmp": "power"}[kind]] = _target(lo, hi, kind)
                i += 1
                if kind == "%mmp" and i + 1 < len(tokens) and parse_duration(tokens[i + 1]):
                    step["power"]["mmp_duration"] = parse_duration(tokens[i + 1])  # "60% MMP 5m"
                    i += 1
        elif m := _WATTS.match(tok):
            step["power"] = _target(float(m[1]), float(m[2]) if m[2] else None, "w")
        elif m := _ZONE.match(tok):
            lo, hi = float(m[1]), float(m[2]) if m[2] else None
            if nxt in ("hr", "pace"):
                step[nxt] = _target(lo, hi, f"{nxt}_zone")
                i += 1
            else:  # a bare Z2 means power, as upstream does
                step["power"] = _target(lo, hi, "power_zone")
        elif (m := _PACE.match(tok)) and nxt == "pace":
            lo_pct = _pace_pct(m[1], m[2], m[3] or m[6], default_unit, zones)
            hi_pct = _pace_pct(m[4], m[5], m[6] or m[3], default_unit, zones) if m[4] else None
            if lo_pct is not None:
                step["pace"] = _target(lo_pct, hi_pct, "%pace")
            i += 1
        elif m := _RPM.match(tok):
            step["cadence"] = _target(float(m[1]), float(m[2]) if m[2] else None, "rpm")
        else:
            prose.append(tok)
        i += 1
    return prose


def _parse_step(body: str, sport: str, zones: Zones) -> dict[str, Any] | None:
    cue = ""
    if "<!>" in body:  # timed prompts: "- First 33^Second <!> 10m ramp 50-75%"
        cue, body = (part.strip() for part in body.split("<!>", 1))
    tokens = body.split()
    for n, tok in enumerate(tokens):
        secs, metres = parse_duration(tok), parse_distance(tok)
        if secs is None and metres is None:
            continue
        step: dict[str, Any] = {"duration": secs} if secs is not None else {"distance": metres}
        prose = _parse_targets(tokens[n + 1:], step, sport, zones)
        text = " ".join(filter(None, [cue, " ".join(tokens[:n]), " ".join(prose)]))
        return {"text": text, **step} if text else step
    lower = [t.lower() for t in tokens]
    for n in range(len(tokens) - 1):
        if lower[n:n + 2] == ["press", "lap"]:  # no length: the step lasts until the lap button
            step = {"until_lap_press": True}
            prose = _parse_targets(tokens[n + 2:], step, sport, zones)
            text = " ".join(filter(None, [cue, " ".join(tokens[:n]), " ".join(prose)]))
            return {"text": text, **step} if text else step
    return None


def _intensity(step: dict[str, Any], zones: Zones) -> float:
    """Rough fraction of threshold a step asks for: drives the load estimate."""
    def mid(t: dict[str, Any]) -> float:
        return (t["start"] + t["end"]) / 2 if "start" in t else float(t["value"])

    def zone_mid(bounds: tuple[float, ...], z: float) -> float:
        n = max(1, min(len(bounds), int(round(z))))
        lo = bounds[n - 2] if n >= 2 else bounds[0] * 0.7
        hi = bounds[n - 1] if bounds[n - 1] < 900 else lo * 1.2
        return (lo + hi) / 2

    def from_hr(bpm: float) -> float:  # inverse of the generators' HR model
        return max(0.3, min(1.3, (bpm / zones.lthr - 0.4) / 0.6))

    if p := step.get("power"):
        units = p["units"]
        if units == "%ftp":
            return mid(p) / 100
        if units == "w" and zones.ftp:
            return mid(p) / zones.ftp
        if units == "power_zone" and zones.power_zones:
            return zone_mid(zones.power_zones, mid(p)) / 100
        if units == "%mmp":
            return 0.9
    if h := step.get("hr"):
        if h["units"] == "%hr":
            return from_hr(mid(h) / 100 * zones.max_hr)
        if h["units"] == "%lthr":
            return from_hr(mid(h) / 100 * zones.lthr)
        return from_hr(zone_mid(tuple(float(b) for b in zones.hr_zones), mid(h)))
    if pc := step.get("pace"):
        if pc["units"] == "%pace":
            return mid(pc) / 100
        if zones.pace_zones:
            return zone_mid(zones.pace_zones, mid(pc)) / 100
    return 0.6 if step.get("freeride") else 0.55


def _default_speed(sport: str, zones: Zones) -> float:
    if zones.threshold_pace:
        return zones.threshold_pace * 0.8
    return 8.3 if "Ride" in sport else 1.5


def _finish_leaf(step: dict[str, Any], sport: str, zones: Zones, acc: dict[str, float]) -> None:
    intensity = _intensity(step, zones)
    speed = (zones.threshold_pace * intensity if "pace" in step and zones.threshold_pace
             else _default_speed(sport, zones))
    if "duration" not in step and "distance" not in step:
        return  # until a lap press: no planned time, no load
    secs = step["duration"] if "duration" in step else step["distance"] / speed
    acc["secs"] += secs
    acc["load"] += intensity * intensity * secs / 36.0  # IF² × 100 × hours
    acc["dist"] += step.get("distance") or (speed * secs if "pace" in step else 0.0)


def parse_workout(text: str, sport: str, zones: Zones) -> dict[str, Any]:
    """Parse a workout description into `workout_doc` plus the derived totals.

    Returns `{"workout_doc": …, "moving_time": s, "distance": m, "icu_training_load": int,
    "icu_intensity": % }`. Text that holds no steps gives an empty `steps` list.
    """
    steps: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:  # a blank line ends a repeat block and a section
            group, section = None, ""
            continue
        if line.startswith("-"):
            step = _parse_step(line[1:].strip(), sport, zones)
            if step is None:
                continue
            if section.startswith("warm"):
                step["warmup"] = True
            elif section.startswith("cool"):
                step["cooldown"] = True
            (group["steps"] if group is not None else steps).append(step)
            continue
        m = _REPEAT.match(line) or _HEADER_REPEAT.match(line)
        if m:
            reps = int(m.groups()[-1])
            label = line if m.re is _REPEAT else m[1].strip()
            group = {"text": label, "reps": reps, "steps": []}
            steps.append(group)
            section = label.lower()
        else:  # a section title such as "Warmup", or free text
            group, section = None, line.lower()
    steps = [s for s in steps if "reps" not in s or s["steps"]]
    total = {"secs": 0.0, "load": 0.0, "dist": 0.0}
    for s in steps:
        if "reps" in s:
            inner = {"secs": 0.0, "load": 0.0, "dist": 0.0}
            for leaf in s["steps"]:
                _finish_leaf(leaf, sport, zones, inner)
            s["duration"] = round(inner["secs"] * s["reps"])
            if any("distance" in leaf for leaf in s["steps"]):
                s["distance"] = round(inner["dist"] * s["reps"], 1)
            for k in total:
                total[k] += inner[k] * s["reps"]
        else:
            _finish_leaf(s, sport, zones, total)
    doc: dict[str, Any] = {"duration": round(total["secs"]), "distance": round(total["dist"], 1), "steps": steps}
    doc.update(ftp=zones.ftp, lthr=zones.lthr, threshold_pace=zones.threshold_pace)
    hours = total["secs"] / 3600
    intensity = math.sqrt(total["load"] / (hours * 100)) * 100 if hours else 0.0
    return {"workout_doc": doc, "moving_time": round(total["secs"]), "distance": round(total["dist"], 1),
            "icu_training_load": round(total["load"]), "icu_intensity": round(intensity, 2)}


def _resolved(t: dict[str, Any], scale: float, digits: int) -> dict[str, Any]:
    if "start" in t:
        return {"start": round(t["start"] * scale, digits), "end": round(t["end"] * scale, digits)}
    return {"value": round(t["value"] * scale, digits)}


def _zone_range(bounds: tuple[float, ...], z: float, scale: float, digits: int) -> dict[str, Any] | None:
    n = int(z)
    if not bounds or not 1 <= n <= len(bounds):
        return None
    lo = bounds[n - 2] if n >= 2 else 0.0
    hi = bounds[n - 1] if bounds[n - 1] < 900 else lo * 1.5
    return {"start": round(lo * scale, digits), "end": round(hi * scale, digits)}


def _zone_target(t: dict[str, Any], bounds: tuple[float, ...], scale: float, digits: int) -> dict[str, Any] | None:
    lo = _zone_range(bounds, t.get("start", t.get("value", 0)), scale, digits)
    hi = _zone_range(bounds, t.get("end", t.get("value", 0)), scale, digits)
    return {"start": lo["start"], "end": hi["end"]} if lo and hi else None


def resolve_doc(doc: dict[str, Any], zones: Zones) -> dict[str, Any]:
    """A copy of `doc` with `_power` (W), `_hr` (bpm) and `_pace` (m/s) on the steps that resolve."""
    def leaf(step: dict[str, Any]) -> dict[str, Any]:
        out = dict(step)
        if "steps" in step:
            out["steps"] = [leaf(s) for s in step["steps"]]
            return out
        p, h, pc = step.get("power"), step.get("hr"), step.get("pace")
        if p and zones.ftp:
            if p["units"] in ("%ftp", "w"):
                out["_power"] = _resolved(p, zones.ftp / 100 if p["units"] == "%ftp" else 1.0, 1)
            elif p["units"] == "power_zone" and (r := _zone_target(p, zones.power_zones, zones.ftp / 100, 1)):
                out["_power"] = r
        if h:
            if h["units"] in ("%hr", "%lthr"):
                out["_hr"] = _resolved(h, (zones.max_hr if h["units"] == "%hr" else zones.lthr) / 100, 0)
            elif r := _zone_target(h, tuple(float(b) for b in zones.hr_zones), 1.0, 0):
                out["_hr"] = r
        if pc and zones.threshold_pace:
            if pc["units"] == "%pace":
                out["_pace"] = _resolved(pc, zones.threshold_pace / 100, 3)
            elif r := _zone_target(pc, zones.pace_zones, zones.threshold_pace / 100, 3):
                out["_pace"] = r
        return out

    return {**doc, "steps": [leaf(s) for s in doc.get("steps", [])]}
