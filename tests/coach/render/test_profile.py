"""A workout's step profile: leaf steps in order, repeat blocks kept apart, lengths and intensities."""

from __future__ import annotations

from icusync.coach.render.profile import PROFILE_COLUMNS, step_profile
from icusync.coach.render.writes import render_workouts, workout_view
from icusync.coach.sport_settings import SportSettings
from icusync.coach.workout.check import check_workout

RIDER = (SportSettings(id=1, types=("Ride",), ftp=250),)
TEXT = "Warmup\n- 10m 50%\n\n3x\n- 4m 100%\n- 2m 50%\n\n2x\n- 1m 120%\n- 1m 50%\n\n- 5m\n- 2km 60%"


def test_the_profile_keeps_blocks_and_reads_lengths_and_intensities() -> None:
    profile = step_profile(check_workout(TEXT, "Ride", RIDER))
    assert profile["columns"] == list(PROFILE_COLUMNS)
    assert [row[:4] for row in profile["rows"]] == [
        [0, 1, 600, 0.5],
        [1, 3, 240, 1.0], [1, 3, 120, 0.5],  # two blocks of the same shape stay two blocks
        [2, 2, 60, 1.2], [2, 2, 60, 0.5],
        [3, 1, 300, None],  # no target to rate
        [4, 1, None, 0.6],  # a distance with no pace to time it
    ]
    assert profile["rows"][1][4] == "4 min at 250 W"


def test_the_profile_is_structured_content_only() -> None:
    checked = check_workout(TEXT, "Ride", RIDER)
    view = workout_view(None, checked, "Ride", "Mixed", "2026-12-03")
    without = {k: v for k, v in view.items() if k != "profile"}
    rendered = render_workouts(False, [view], "Preview:")
    assert rendered.text == render_workouts(False, [without], "Preview:").text  # the text does not change
    assert rendered.data["events"][0]["profile"] == step_profile(checked)
