"""The write history in the athlete's words, for every kind of change icusync records."""

from __future__ import annotations

from datetime import date

import pytest

from icusync.coach.render.changes import change_words

TODAY = date(2026, 12, 1)
WORKOUT = {"category": "WORKOUT", "start_date_local": "2026-12-03T00:00:00", "type": "Ride", "name": "Threshold 4x8"}


@pytest.mark.parametrize(
    ("tool", "action", "summary", "before", "after", "target", "said"),
    [
        ("create_workouts", "create", "created Ride 'Threshold 4x8' on 2026-12-03", None, WORKOUT, "7",
         "Added workout 'Threshold 4x8' on Thu 3 Dec"),
        ("create_workouts", "update", "updated Ride 'Threshold 4x8' on 2026-12-03", WORKOUT, WORKOUT, "7",
         "Updated workout 'Threshold 4x8' on Thu 3 Dec"),
        ("create_workouts", "library", "saved Ride 'Sweet Spot' in the library", None, {"name": "Sweet Spot"}, "9",
         "Saved workout 'Sweet Spot' in the library"),
        ("add_calendar_entry", "create", "added RACE_A 'Gran Fondo' on 2027-01-09", None,
         {"category": "RACE_A", "start_date_local": "2027-01-09T00:00:00", "name": "Gran Fondo"}, "8",
         "Added A race 'Gran Fondo' on Sat 9 Jan 2027"),
        ("add_calendar_entry", "update", "updated NOTE 'Physio' on 2026-12-04", {},
         {"category": "NOTE", "start_date_local": "2026-12-04T00:00:00", "name": "Physio"}, "8",
         "Updated note 'Physio' on Fri 4 Dec"),
        ("delete_calendar_event", "delete", "deleted WORKOUT 'Threshold 4x8' on 2026-12-03", WORKOUT, None, "7",
         "Deleted workout 'Threshold 4x8' on Thu 3 Dec"),
        ("update_workout", "update", "changed date, name of 'Threshold 4x8'",
         {"start_date_local": "2026-12-03T00:00:00", "name": "Threshold 4x8"},
         {"start_date_local": "2026-12-05T00:00:00", "name": "Threshold 5x6"}, "7",
         "Changed workout 'Threshold 4x8': moved to Sat 5 Dec, renamed 'Threshold 5x6'"),
        ("update_workout", "update", "changed description of 'Long Ride'", {"description": "- 3h Z2"},
         {"description": "- 4h Z2"}, "7", "Changed workout 'Long Ride': new steps"),
        ("log_wellness", "wellness", "logged weight, restingHR for 2026-12-01", {"weight": None},
         {"weight": 70.5, "restingHR": 48}, "2026-12-01", "Logged weight, resting HR for Tue 1 Dec"),
        ("something_new", "other", "did a new thing", None, None, "", "Did a new thing"),
        ("set_thresholds", "settings", "set ftp 253 W → 300 W for Ride", {"ftp": 253}, {"ftp": 300}, "1",
         "Set ftp 253 W → 300 W for Ride"),
        ("change_calendar", "bulk", "cleared 3 events 2026-12-03..2026-12-05 for Jake Morales (i100002)", None,
         {"op": "clear"}, "clear", "Cleared 3 events 2026-12-03..2026-12-05"),
        ("update_activity", "activity", "RPE 8/10 'Morning Run'", {"icu_rpe": None}, {"icu_rpe": 8}, "i1",
         "Feedback: RPE 8/10 'Morning Run'"),
        ("something_new", "other", "x", None, None, "", "Changed x"),
    ],
)
def test_each_change_in_plain_words(
    tool: str, action: str, summary: str, before: object, after: object, target: str, said: str
) -> None:
    words = change_words(tool, action, summary, before, after, target, TODAY)
    assert words.sentence == said
    assert words.lower == said[0].lower() + said[1:]
