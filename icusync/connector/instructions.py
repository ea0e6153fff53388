"""What the model reads once, at initialize: how the tools fit together, and the vocabulary
(dates, workout text, units) that every tool description then refers to in a few words."""

from __future__ import annotations

from icusync.coach.dates import ACCEPTED_FORMS

INSTRUCTIONS = f"""\
icusync reads and changes the athlete's Intervals.icu account. Read first: get_athlete_profile (zones), \
get_fitness, get_calendar. Preview before writing; every change is recorded and undo_last_write reverses \
the newest.
Dates are the athlete's local dates; date arguments take {ACCEPTED_FORMS}. Weeks run Monday to Sunday. \
Past dates need allow_past=true. Events icusync did not create change only when the athlete named them \
(not_created_by_icusync=true).
Workout text (Intervals.icu syntax): one step per line starting with '-': a duration (10m, 30s, 1h30m) or \
distance (2km, 400mtr), then the target: 95% (of FTP), 250w, Z2 (power zone); 75% HR, 95% LTHR, Z2 HR; \
90% Pace, Z3 Pace, 4:30/km Pace; ramp 50-75%; 90rpm. Text before the duration is the cue. A line such as \
'Main Set 4x' repeats the steps under it up to the next blank line. Targets resolve against the athlete's \
zones.
Units: W, bpm, km, paces per km (swims per 100 m)."""
