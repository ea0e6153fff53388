"""`GET /athlete/{id}/athlete-summary`: weekly totals with fitness, most recent first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from icusync.demo.dates import parse_day
from icusync.demo.store import AthleteData


def athlete_summary(data: AthleteData, args: dict[str, str]) -> list[dict[str, Any]]:
    end = parse_day(args["end"], "end") if args.get("end") else data.today
    start = parse_day(args["start"], "start") if args.get("start") else end - dt.timedelta(weeks=12)
    tags = {t for t in (args.get("tags") or "").split(",") if t}
    week = start - dt.timedelta(days=start.weekday())
    out: list[dict[str, Any]] = []
    while week <= end:
        last = min(week + dt.timedelta(days=6), data.today)
        acts = [a for a in data.activities if "moving_time" in a
                and week.isoformat() <= a["start_date_local"][:10] <= (week + dt.timedelta(days=6)).isoformat()
                and (not tags or tags & set(a.get("tags") or []))]
        w = data.wellness.get(last.isoformat(), {})
        cats: dict[str, dict[str, Any]] = {}
        for a in acts:
            c = cats.setdefault(a["type"], {"category": a["type"], "count": 0, "time": 0, "moving_time": 0,
                                            "distance": 0.0, "training_load": 0, "total_elevation_gain": 0.0})
            c["count"] += 1
            c["time"] += a["elapsed_time"]
            c["moving_time"] += a["moving_time"]
            c["distance"] += a["distance"] or 0
            c["training_load"] += a["icu_training_load"] or 0
            c["total_elevation_gain"] += a["total_elevation_gain"] or 0
        ctl, atl = w.get("ctl"), w.get("atl")
        out.append({
            "date": week.isoformat(), "athlete_id": data.profile.athlete_id, "athlete_name": data.profile.name,
            "count": len(acts), "time": sum(a["elapsed_time"] for a in acts),
            "moving_time": sum(a["moving_time"] for a in acts), "elapsed_time": sum(a["elapsed_time"] for a in acts),
            "distance": round(sum(a["distance"] or 0 for a in acts), 1),
            "total_elevation_gain": round(sum(a["total_elevation_gain"] or 0 for a in acts), 1),
            "calories": sum(a["calories"] or 0 for a in acts),
            "training_load": sum(a["icu_training_load"] or 0 for a in acts),
            "fitness": ctl, "fatigue": atl, "form": round(ctl - atl, 5) if ctl is not None and atl is not None
            else None, "rampRate": w.get("rampRate"), "weight": w.get("weight"),
            "eftp": (w.get("sportInfo") or [{}])[0].get("eftp"), "mostRecentWellnessId": w.get("id"),
            "byCategory": [{**c, "distance": round(c["distance"], 1)} for c in cats.values()],
        })
        week += dt.timedelta(days=7)
    return list(reversed(out))
