"""The athlete's profile, thresholds and zones per sport."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from icusync.coach.render.rendered import Rendered, day_of, join_lines, table
from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import fmt_clock, fmt_num, fmt_pace, num, rnd
from icusync.coach.zones import Zone, hr_zones, pace_unit, pace_zones, power_zones


def _age(birth: date | None, today: date | None) -> int | None:
    if birth is None or today is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _per(unit: str) -> str:
    """ "/km" → "per_km" for column names."""
    return "per_" + unit.lstrip("/")


def _pace_cell(secs: float | None) -> str | None:
    return None if secs is None else fmt_clock(secs)


def _modelled(s: SportSettings, sport_info: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """eFTP, W' and Pmax Intervals.icu models from recent efforts (wellness `sportInfo`), for this group."""
    info = next((i for i in sport_info if i.get("type") in s.types), None)
    if info is None:
        return {}
    out = {"eftp_w": rnd(num(info.get("eftp"))), "w_prime_j": rnd(num(info.get("wPrime"))),
           "p_max_w": rnd(num(info.get("pMax")))}
    return {k: v for k, v in out.items() if v is not None}


def _sport(s: SportSettings, sport_info: Sequence[Mapping[str, Any]] = ()) -> tuple[dict[str, Any], list[str]] | None:
    power, hr, pace = power_zones(s), hr_zones(s), pace_zones(s)
    if not (s.ftp or s.lthr or s.max_hr or s.threshold_pace or power or hr or pace):
        return None
    unit = pace_unit(s)
    data: dict[str, Any] = {
        "types": list(s.types),
        "ftp_w": rnd(s.ftp),
        "indoor_ftp_w": rnd(s.indoor_ftp),
        "lthr_bpm": rnd(s.lthr),
        "max_hr_bpm": rnd(s.max_hr),
        "threshold_pace": fmt_pace(s.threshold_pace, unit) if s.threshold_pace else None,
        "zones": {},
    }
    data = {k: v for k, v in data.items() if v is not None}
    head = []
    if s.ftp:
        indoor = f" (indoor {fmt_num(s.indoor_ftp)} W)" if s.indoor_ftp and s.indoor_ftp != s.ftp else ""
        head.append(f"FTP {fmt_num(s.ftp)} W{indoor}")
    if s.lthr:
        head.append(f"LTHR {fmt_num(s.lthr)} bpm")
    if s.max_hr:
        head.append(f"max HR {fmt_num(s.max_hr)} bpm")
    if s.threshold_pace:
        head.append(f"threshold pace {data['threshold_pace']}")
    modelled = _modelled(s, sport_info)
    if modelled:
        data["modelled"] = modelled
        bits = [f"eFTP {modelled['eftp_w']} W" if "eftp_w" in modelled else None,
                f"W′ {modelled['w_prime_j'] / 1000:.1f} kJ" if "w_prime_j" in modelled else None,
                f"Pmax {modelled['p_max_w']} W" if "p_max_w" in modelled else None]
        head.append("modelled from recent efforts: " + ", ".join(b for b in bits if b))
    lines = [f"{', '.join(s.types) or 'Other'}: {', '.join(head) or 'no thresholds set'}"]

    def zone_line(kind: str, zones: list[Zone]) -> str:
        return f"  {kind}: " + " | ".join(f"{z.name} {z.label}" for z in zones)

    if power:
        data["zones"]["power"] = table(
            ["zone", "name", "low_w", "high_w"], [[z.index, z.name, rnd(z.low), rnd(z.high)] for z in power]
        )
        lines.append(zone_line("Power", power))
    if hr:
        data["zones"]["hr"] = table(
            ["zone", "name", "low_bpm", "high_bpm"], [[z.index, z.name, rnd(z.low), rnd(z.high)] for z in hr]
        )
        lines.append(zone_line("HR", hr))
    if pace:
        cols = ["zone", "name", f"slow_{_per(unit)}", f"fast_{_per(unit)}"]
        data["zones"]["pace"] = table(cols, [[z.index, z.name, _pace_cell(z.low), _pace_cell(z.high)] for z in pace])
        lines.append(zone_line("Pace", pace))
    return data, lines


def render_athlete(
    athlete: Mapping[str, Any],
    sport_settings: Sequence[Mapping[str, Any]] | None = None,
    *,
    today: date | None = None,
    sport_info: Sequence[Mapping[str, Any]] = (),
) -> Rendered:
    """Profile plus one block per sport group with thresholds and zones, and what Intervals.icu models
    from recent efforts (`sport_info`, today's wellness `sportInfo`: eFTP, W', Pmax).

    `sport_settings` defaults to the athlete's own `sportSettings` list.
    """
    raw_settings = sport_settings if sport_settings is not None else athlete.get("sportSettings") or []
    weight = num(athlete.get("icu_weight")) or num(athlete.get("weight"))
    profile = {
        "id": athlete.get("id"),
        "name": athlete.get("name"),
        "sex": athlete.get("sex"),
        "age": _age(day_of(athlete.get("icu_date_of_birth")), today),
        "timezone": athlete.get("timezone"),
        "weight_kg": rnd(weight, 1),
        "resting_hr_bpm": rnd(num(athlete.get("icu_resting_hr"))),
        "form_as_percent": bool(athlete.get("icu_form_as_percent")),
    }
    profile = {k: v for k, v in profile.items() if v is not None}
    sports, lines = [], []
    for raw in raw_settings:
        if not isinstance(raw, Mapping):
            continue
        block = _sport(SportSettings.from_api(raw), sport_info)
        if block:
            sports.append(block[0])
            lines.extend(block[1])
    bits = [f"{profile.get('name') or 'Athlete'} ({profile.get('id', '?')})"]
    bits += [str(profile[k]) for k in ("sex",) if k in profile]
    if "age" in profile:
        bits.append(f"{profile['age']} y")
    if "weight_kg" in profile:
        bits.append(f"{profile['weight_kg']} kg")
    if "resting_hr_bpm" in profile:
        bits.append(f"resting HR {profile['resting_hr_bpm']} bpm")
    if "timezone" in profile:
        bits.append(f"tz {profile['timezone']}")
    header = ", ".join(bits) + ("; form shown as % of fitness" if profile["form_as_percent"] else "")
    text = join_lines(header, *lines) if lines else join_lines(header, "No sport thresholds or zones set.")
    return Rendered(text, {"athlete": profile, "sports": sports})
