"""A workout's shape for drawing: each step's length and intensity, repeat blocks kept as blocks.

For structured content only (a chart draws the bars from it); the text answer does not change.
"""

from __future__ import annotations

from typing import Any

from icusync.coach.render.rendered import table
from icusync.coach.workout.check import CheckedWorkout
from icusync.coach.workout.model import RepeatBlock, Step

PROFILE_COLUMNS = ("block", "reps", "seconds", "intensity", "step")


def step_profile(checked: CheckedWorkout) -> dict[str, Any]:
    """Table of the leaf steps in order: the block (steps sharing one run `reps` times together), its
    repeat count, seconds (estimated from pace for a distance; None until a lap press), intensity as a
    fraction of threshold (None without a target that rates it) and the step as resolved for the athlete."""
    resolved = iter(checked.resolved.steps)
    rows: list[list[Any]] = []
    block = 0
    for item in checked.workout.items:
        if isinstance(item, Step):
            leaves = 1
        elif isinstance(item, RepeatBlock):
            leaves = len(item.steps)
        else:
            continue
        for _ in range(leaves):
            s = next(resolved)
            seconds = s.duration_s if s.duration_s is not None else s.est_duration_s
            rows.append([block, s.reps, None if seconds is None else round(seconds),
                         None if s.intensity is None else round(s.intensity, 3), s.text])
        block += 1
    return table(PROFILE_COLUMNS, rows)
