"""The workout library and plans, folder by folder: one line per workout with what to call it by."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.render.rendered import Rendered
from icusync.coach.units import fmt_duration, num, rnd

MAX_WORKOUTS = 60


def _workout(w: Mapping[str, Any], plan: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": w.get("id"), "name": w.get("name"), "sport": w.get("type"),
                           "duration_s": rnd(num(w.get("moving_time"))), "load": rnd(num(w.get("icu_training_load")))}
    if plan and num(w.get("day")) is not None:
        out["day"] = int(num(w.get("day")) or 0)  # days from the plan's start
    return {k: v for k, v in out.items() if v is not None}


def _line(w: Mapping[str, Any]) -> str:
    day = f"day {w['day'] + 1}: " if "day" in w else ""
    bits = [b for b in (fmt_duration(w.get("duration_s")) if w.get("duration_s") else None,
                        f"load {w['load']}" if "load" in w else None) if b]
    return f"  {day}{w.get('sport')} '{w.get('name')}'" + (f" ({', '.join(bits)})" if bits else "") + f" [{w['id']}]"


def render_library(folders: Sequence[Mapping[str, Any]], name_filter: str | None = None) -> Rendered:
    """Folders (and plans: type PLAN, workouts by day) with their workouts; `name_filter` narrows by name."""
    shown: list[dict[str, Any]] = []
    lines: list[str] = []
    left = MAX_WORKOUTS
    for folder in folders:
        if name_filter and name_filter.lower() not in str(folder.get("name") or "").lower():
            continue
        plan = folder.get("type") == "PLAN"
        children = sorted(folder.get("children") or [], key=lambda w: (num(w.get("day")) or 0, str(w.get("name"))))
        workouts = [_workout(w, plan) for w in children[:left]]
        left -= len(workouts)
        kind = f"plan, {folder.get('duration_weeks')} weeks" if plan and folder.get("duration_weeks") else (
            "plan" if plan else "folder")
        shown.append({"id": folder.get("id"), "name": folder.get("name"), "type": "plan" if plan else "folder",
                      "workouts": workouts})
        lines.append(f"{folder.get('name')} ({kind}, {len(children)} workouts) [folder {folder.get('id')}]")
        lines += [_line(w) for w in workouts]
        if len(workouts) < len(children):
            lines.append(f"  ... {len(children) - len(workouts)} more; ask for this folder by name")
    if not shown:
        text = "No folders" + (f" named like '{name_filter}'" if name_filter else " in the library") + "."
    else:
        text = "\n".join(lines)
    return Rendered(text, {"folders": shown})
