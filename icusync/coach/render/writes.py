"""Replies to changes: what was (or would be) written, in the words the athlete reads on the watch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from icusync.coach.render.profile import step_profile
from icusync.coach.render.rendered import Rendered
from icusync.coach.units import fmt_duration
from icusync.coach.workout.check import CheckedWorkout


def workout_view(
    event_id: Any, checked: CheckedWorkout, sport: str, name: str, day: str | None
) -> dict[str, Any]:
    """One workout as written or previewed: totals, the steps as on the watch, the canonical text.
    A library workout has no day."""
    r = checked.resolved
    view: dict[str, Any] = {
        "id": event_id,
        "date": day,
        "library": True if day is None else None,
        "sport": sport,
        "name": name,
        "duration_s": r.duration_s,
        "distance_m": None if r.distance_m is None else round(r.distance_m),
        "estimated_load": r.load,
        "on_the_watch": list(r.summary),
        "text": checked.text,
        "profile": step_profile(checked),
    }
    if checked.warnings:
        view["warnings"] = list(checked.warnings)
    return {k: v for k, v in view.items() if v is not None}


def _workout_lines(view: dict[str, Any]) -> str:
    where, kind = ("library", "workout") if view.get("library") else (view["date"], "event")
    head = f"{where} {view['sport']} '{view['name']}'" + (f" ({kind} {view['id']})" if "id" in view else "")
    if "on_the_watch" not in view:  # a move or rename: the steps did not change
        return head
    totals = [fmt_duration(view["duration_s"])]
    if "distance_m" in view:
        totals.append(f"{view['distance_m'] / 1000:.1f} km")
    if view.get("estimated_load") is not None:
        totals.append(f"load ~{view['estimated_load']}")
    lines = [f"{head}: {', '.join(totals)}", *("  " + s for s in view["on_the_watch"])]
    lines += ["  warning: " + w for w in view.get("warnings", [])]
    differs = view.get("intervals_reads_differently")
    if differs:
        lines.append(
            "  CHECK: Intervals.icu reads it differently, so the watch may not show the above: " + "; ".join(differs)
        )
    if view.get("note"):
        lines.append("  note: " + view["note"])
    return "\n".join(lines)


def render_workouts(written: bool, views: Sequence[dict[str, Any]], lead: str, dates: str | None = None) -> Rendered:
    """The workouts written or previewed, led by what the date phrases became (`dates`), if any."""
    text = "\n".join([*([dates] if dates else []), lead, *(_workout_lines(v) for v in views)])
    data: dict[str, Any] = {"written": written, "events": list(views)}
    if dates:
        data["dates"] = dates
    return Rendered(text, data)
