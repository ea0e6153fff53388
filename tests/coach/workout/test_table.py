"""Workout texts as coaches write them, across ride, run and swim: what icusync reads, or what it refuses.

Each row is (sport, text, expected). An accepted text's expected value is its preview, section by
section (" | "), with " !" when the reply carries a warning; a refused one is "REFUSED " and the
message the athlete reads. Every accepted text is also read by the demo Intervals.icu's own parser,
which must find the same steps: the parser never guesses, and what it sends is read as it meant.
The athlete is the demo's first one (FTP 253 W, indoor 245 W, run threshold 4:11/km, swim 1:55/100m).
"""

from __future__ import annotations

import pytest

from icusync.coach.sport_settings import SportSettings
from icusync.coach.workout.check import check_workout
from icusync.coach.workout.verify import differences
from icusync.demo.profiles import make_profile, sport_settings, zones_for
from icusync.demo.workout_text import parse_workout as demo_reading
from icusync.errors import InputError

ATHLETE = make_profile(0, 1)
SPORTS = tuple(SportSettings.from_api(row) for row in sport_settings(ATHLETE))

TABLE = [
    # -- Ride ------------------------------------------------------------------------------------------------
    ('Ride', '- 10m 75%', '10 min at 190 W'),
    ('Ride', '- 1h 65%', '1 h at 164 W'),
    ('Ride', '- 1h30m 70%', '1 h 30 min at 177 W'),
    ('Ride', '- 45s 150%', '45 s at 380 W'),
    ('Ride', '- 5m30s 90%', '5 min 30 s at 228 W'),
    ('Ride', '- 1m30 110%', '1 min 30 s at 278 W'),
    ('Ride', "- 5' 80%", '5 min at 202 W'),
    ('Ride', '- 30" 200%', '30 s at 506 W'),
    ('Ride', '- 1\'30" 120%', '1 min 30 s at 304 W'),
    ('Ride', '- 10m 95-105%', '10 min at 240–266 W'),
    ('Ride', '- 10m 87.5%', '10 min at 221 W'),
    ('Ride', '- 20m 250w', '20 min at 250 W'),
    ('Ride', '- 20m 240-260w', '20 min at 240–260 W'),
    ('Ride', '- 20m 240W-260W', '20 min at 240–260 W'),
    ('Ride', '- 30m Z2', '30 min at 139–190 W'),
    ('Ride', '- 20m Z3-Z4', '20 min at 190–266 W'),
    ('Ride', '- 1h Z2 85-95rpm', '1 h at 139–190 W (85–95 rpm)'),
    ('Ride', '- 10m 75% 90rpm', '10 min at 190 W (90 rpm)'),
    ('Ride', '- 10m ramp 50-75%', '10 min ramp 127→190 W'),
    ('Ride', '- 10m ramp 75-50%', '10 min ramp 190→127 W'),
    ('Ride', '- 15m Ramp 50%-80% 85rpm', '15 min ramp 127→202 W (85 rpm)'),
    ('Ride', '- 20m freeride', '20 min freeride'),
    ('Ride', '- 5m 60% MMP 5m', '5 min at 60% MMP 5m'),
    ('Ride', '- 30m 70% HR', '30 min at 132 bpm'),
    ('Ride', '- 20m 90-95% LTHR', '20 min at 151–160 bpm'),
    ('Ride', '- 20m Z2 HR', '20 min at 136–150 bpm'),
    ('Ride', '- 30m Z2-Z3 HR', '30 min at 136–156 bpm'),
    ('Ride', '- 10m 75% 70% HR', '10 min at 190 W / 132 bpm'),
    ('Ride', '- Recovery 30s 50%', '30 s Recovery at 127 W'),
    ('Ride', '- Spin up 1m 60% 100rpm', '1 min Spin up at 152 W (100 rpm)'),
    ('Ride', '- 10m 75% keep it smooth', '10 min keep it smooth at 190 W'),
    ('Ride', '- 10m 50% Press lap', '10 min at 127 W (ends at lap press)'),
    ('Ride', '- Press lap when ready', 'until lap press when ready !'),
    ('Ride', '- Press lap 60%', 'until lap press at 152 W'),
    ('Ride', '- 20km 70%', '20 km at 177 W'),
    ('Ride', '- 10mi Z2', '10 mi at 139–190 W'),
    ('Ride', '- Settle in^120 Lift cadence <!> 10m ramp 25-75%', '10 min Settle in^120 Lift cadence ramp 63→190 W'),
    ('Ride', 'Warmup\n- 10m ramp 50-75%\n\nMain Set 4x\n- 8m 95-100%\n- 4m 50%\n\nCooldown\n- 10m 50%', 'Warmup: 10 min ramp 127→190 W | Main Set: 4 × [8 min at 240–253 W, 4 min at 127 W] | Cooldown: 10 min at 127 W'),
    ('Ride', '4x\n- 1m 120%\n- 1m 50%', '4 × [1 min at 304 W, 1 min at 127 W]'),
    ('Ride', '5x\n- 30s 150%\n- 30s 50%\n\n- 10m 55%', '5 × [30 s at 380 W, 30 s at 127 W] | 10 min at 139 W'),
    ('Ride', 'Main Set 3x\n- 10m 90%\n- 5m 55%\n\n2x\n- 2m 110%\n- 2m 55%', 'Main Set: 3 × [10 min at 228 W, 5 min at 139 W] | 2 × [2 min at 278 W, 2 min at 139 W]'),
    ('Ride', 'Warmup\n- 15m Z1-Z2\n\nSweet spot 2x\n- 20m 88-93%\n- 5m 55%\n\nCooldown\n- 10m Z1', 'Warmup: 15 min at ≤190 W | Sweet spot: 2 × [20 min at 223–235 W, 5 min at 139 W] | Cooldown: 10 min at ≤139 W'),
    ('Ride', '4x\n- 1m 120%\n- 1m 50%\nCooldown\n- 10m 50%', '4 × [1 min at 304 W, 1 min at 127 W] | Cooldown: 10 min at 127 W !'),
    ('Ride', '4x\n- 8m 95%\n- 2m 50%\n- 10m 50%', '4 × [8 min at 240 W, 2 min at 127 W, 10 min at 127 W]'),
    ('Ride', 'Take it easy today\n\n- 1h Z2', '1 h at 139–190 W'),
    ('Ride', '- 20m 95%\nstay seated', '20 min at 240 W'),
    ('Ride', 'Over-unders 3x\n- 2m 95%\n- 1m 105%\n- 2m 95%\n- 1m 105%\n\n- 10m 55%', 'Over-unders: 3 × [2 min at 240 W, 1 min at 266 W, 2 min at 240 W, 1 min at 266 W] | 10 min at 139 W'),
    ('Ride', '- 2h 65% 85-95rpm\n- 10m 90%', '2 h at 164 W (85–95 rpm); 10 min at 228 W'),
    ('Ride', 'VO2 5x\n- 3m 115-120%\n- 3m 50%', 'VO2: 5 × [3 min at 291–304 W, 3 min at 127 W]'),
    ('Ride', 'Tabata 8x\n- 20s 170%\n- 10s 40%', 'Tabata: 8 × [20 s at 430 W, 10 s at 101 W]'),
    ('Ride', '- 4h Z2', '4 h at 139–190 W'),
    ('Ride', '- 10m 200w 90rpm', '10 min at 200 W (90 rpm)'),
    ('Ride', '- 10m Z2 90rpm freeride', '10 min at 139–190 W freeride (90 rpm)'),
    ('Ride', '- 20m 95', 'REFUSED "95" is a number without a unit, so it is no target; write "95%" (of FTP) or "95w"'),
    ('Ride', '- 20m 250-270', 'REFUSED "250-270" is a number without a unit, so it is no target; write "250-270%" (of FTP) or "250-270w"'),
    ('Ride', '- 20m 250 W', 'REFUSED "250 W": write "250w", with no space'),
    ('Ride', '- 20m 3.5w/kg', 'REFUSED "3.5w/kg": W/kg targets are not in the workout syntax; write watts ("250w") or % of FTP ("95%")'),
    ('Ride', '- 20m 95 LTHR', 'REFUSED "95 LTHR": write "95% LTHR" with the % sign'),
    ('Ride', '- 20m 30km/h', 'REFUSED "30km/h": speed targets are not in the workout syntax; write a pace ("2:00/km Pace") or, on a ride, power'),
    ('Ride', '- 20m threshold', 'REFUSED "threshold" names an intensity but is no target; write it as one, e.g. "100%"'),
    ('Ride', '- 20m tempo', 'REFUSED "tempo" names an intensity but is no target; write it as one, e.g. "Z3"'),
    ('Ride', '- 8 min 100%', 'REFUSED "8 min" is not a duration; write 8m, 30s, 1h30m or 5\' (no space, no decimals)'),
    ('Ride', '- 10m Z9', 'REFUSED zone Z9 does not exist; zones are Z1 to Z7'),
    ('Ride', '- 10m 105-95%', 'REFUSED power target "105-95%" runs backwards; write it low to high ("95-105%"), or add "ramp" for a target that changes over the step'),
    ('Ride', 'Main Set 3x\n4x\n- 1m 120%\n- 1m 50%', 'REFUSED repeats cannot be nested: "Main Set 3x" is directly followed by another repeat; put a blank line between two repeats, and write an inner repeat out as plain steps'),
    ('Ride', '- 10m CZ2', 'REFUSED custom zones ("CZ2") are not supported; use Z1-Z7, % FTP or watts'),
    ('Ride', '- 10m 150bpm', 'REFUSED "150bpm": heart rate is written "70% HR", "90-95% LTHR" or "Z2 HR", not in bpm'),
    ('Ride', '- 10m 70%HR', 'REFUSED "70%HR": put a space before the keyword, e.g. "70% HR", "95% LTHR", "80% Pace"'),
    ('Ride', '10m 75%', 'REFUSED step lines start with "- ", or Intervals.icu reads them as plain text; write "- 10m 75%"'),
    ('Ride', '- 10m 75% 80%', 'REFUSED the step has two power targets; keep one (a range is one target: "95-105%", "Z2-Z3 HR")'),
    ('Ride', '- 10m', '10 min !'),
    ('Ride', '- ', 'REFUSED the step is empty; write a duration or distance and a target, e.g. "- 10m 75%", "- 5m 95-105% 90rpm", "- 8m Z4 Pace" or "- 1km 4:00/km Pace"'),
    ('Ride', '- 75% 10m', 'REFUSED "75%" comes before the duration; write the duration first, then targets, e.g. "- 10m 75%", "- 5m 95-105% 90rpm", "- 8m Z4 Pace" or "- 1km 4:00/km Pace"'),
    ('Ride', '0x\n- 1m 50%', 'REFUSED a repeat count must be 1 to 50, not 0; e.g. "4x" or "Main Set 4x"'),
    ('Ride', '60x\n- 1m 50%', 'REFUSED a repeat count must be 1 to 50, not 60; e.g. "4x" or "Main Set 4x"'),
    ('Ride', '- 13h Z1', 'REFUSED the workout is over 12h (13h by here); check the durations ("m" means minutes)'),
    ('Ride', '- 10m 75% 2m', 'REFUSED a second duration or distance "2m" after the targets; a step has one, e.g. "- 10m 75%", "- 5m 95-105% 90rpm", "- 8m Z4 Pace" or "- 1km 4:00/km Pace"'),
    ('Ride', '- 10m ramp 75%', 'REFUSED a ramp needs a start and an end, e.g. "- 10m ramp 50-75%"'),
    ('Ride', '- 10m 1200%', 'REFUSED power target "1200%" is above 1000% FTP; check for a typo'),
    ('Ride', '- 10m 4000w', 'REFUSED power target "4000w" is above 3000 W; check for a typo'),
    ('Ride', '- 10m 60% MMP', 'REFUSED "% MMP" needs the duration of the effort, e.g. "60% MMP 5m"'),
    ('Ride', '- 10m Z2 LTHR', 'REFUSED zones are written "Z2", "Z2 HR" or "Z2 Pace", not "Z2 LTHR"'),
    ('Ride', 'Just text, no steps', 'REFUSED the workout has no steps; each step is a line starting with "- ", e.g. "- 10m 60%"'),
    ('Ride', '- 10m 75% <!> 5m', '5 min 10m 75% !'),
    # -- Run -------------------------------------------------------------------------------------------------
    ('Run', '- 10m Z2 Pace', '10 min at 4:46–5:23/km'),
    ('Run', '- 20m 80% Pace', '20 min at 5:13/km'),
    ('Run', '- 20m 78-82% Pace', '20 min at 5:06–5:21/km'),
    ('Run', '- 5m 4:30/km Pace', '5 min at 4:30/km'),
    ('Run', '- 5m 4:30 Pace', '5 min at 4:30/km'),
    ('Run', '- 5m 4:40-4:20/km Pace', '5 min at 4:20–4:40/km'),
    ('Run', '- 1km 4:00/km Pace', '1 km at 4:00/km'),
    ('Run', '- 400mtr 95% Pace', '400 m at 4:24/km'),
    ('Run', '- 1mi 7:00/mi Pace', '1 mi at 7:00/mi'),
    ('Run', '- 2km Z4 Pace', '2 km at 4:11–4:26/km'),
    ('Run', '- 30m 70% HR', '30 min at 132 bpm'),
    ('Run', '- 30m Z2 HR', '30 min at 139–152 bpm'),
    ('Run', '- 20m 95% LTHR', '20 min at 162 bpm'),
    ('Run', '- 10m ramp 60-80% Pace', '10 min ramp 6:58→5:13/km'),
    ('Run', '- 10m Z1 Pace Press lap', '10 min at ≥5:23/km (ends at lap press)'),
    ('Run', '- Press lap jog', 'until lap press jog !'),
    ('Run', '- Strides 20s 110% Pace', '20 s Strides at 3:48/km'),
    ('Run', '- 5km Z2 Pace', '5 km at 4:46–5:23/km'),
    ('Run', '- 1h Z2 HR', '1 h at 139–152 bpm'),
    ('Run', '- 10m Z2 Pace 170rpm', '10 min at 4:46–5:23/km (170 rpm)'),
    ('Run', 'Warmup\n- 15m Z1-Z2 Pace\n\nMain Set 5x\n- 1km 95-100% Pace\n- 2m Z1 Pace\n\nCooldown\n- 10m Z1 Pace', 'Warmup: 15 min at ≥4:46/km | Main Set: 5 × [1 km at 4:11–4:24/km, 2 min at ≥5:23/km] | Cooldown: 10 min at ≥5:23/km'),
    ('Run', '6x\n- 400mtr 4:00/km Pace\n- 200mtr Z1 Pace', '6 × [400 m at 4:00/km, 200 m at ≥5:23/km]'),
    ('Run', 'Threshold 3x\n- 10m Z4 Pace\n- 2m Z1 Pace\n\n- 10m Z1 Pace', 'Threshold: 3 × [10 min at 4:11–4:26/km, 2 min at ≥5:23/km] | 10 min at ≥5:23/km'),
    ('Run', 'Hills 8x\n- 45s 105% Pace\n- 90s 60% Pace', 'Hills: 8 × [45 s at 3:59/km, 1 min 30 s at 6:58/km]'),
    ('Run', '- 1h30m Z2 Pace\n- 15m Z3 Pace', '1 h 30 min at 4:46–5:23/km; 15 min at 4:26–4:46/km'),
    ('Run', 'Long run\n- 2h Z2 HR', 'Long run: 2 h at 139–152 bpm'),
    ('Run', '- 20m Z2 Pace\n\n4x\n- 20s 120% Pace\n- 40s Z1 Pace', '20 min at 4:46–5:23/km | 4 × [20 s at 3:29/km, 40 s at ≥5:23/km]'),
    ('Run', '- 10m 60% Pace easy jog', '10 min easy jog at 6:58/km'),
    ('Run', '- 40m Z2 HR 175rpm', '40 min at 139–152 bpm (175 rpm)'),
    ('Run', '- 3km 4:10-4:05/km Pace', '3 km at 4:05–4:10/km'),
    ('Run', '- 8m Z4 Pace\n- 2m jog', '8 min at 4:11–4:26/km; 2 min jog'),
    ('Run', 'Tempo 2x\n- 15m Z3 Pace\n- 3m Z1 Pace', 'Tempo: 2 × [15 min at 4:26–4:46/km, 3 min at ≥5:23/km]'),
    ('Run', '- 10km 4:30/km Pace', '10 km at 4:30/km'),
    ('Run', '- 800mtr 3:50/km Pace', '800 m at 3:50/km'),
    ('Run', '- Half marathon pace 40m 88% Pace', '40 min Half marathon pace at 4:45/km'),
    ('Run', '- 400m Z4 Pace', 'REFUSED "400m" means 400 minutes (6h40m); for metres write "400mtr", for time "6h40m"'),
    ('Run', '- 10m Z2', 'REFUSED "Z2" is a power target (a power zone or % of FTP) and your Run settings have no FTP; for pace write "Z2 Pace", for heart rate "Z2 HR" (or set an FTP in Intervals.icu → Settings → Run → FTP if you train with power)'),
    ('Run', '- 20m 95%', 'REFUSED "95%" is a power target (a power zone or % of FTP) and your Run settings have no FTP; for pace write "95% Pace", for heart rate "95% HR" (or set an FTP in Intervals.icu → Settings → Run → FTP if you train with power)'),
    ('Run', '- 5m 4:30/km', 'REFUSED "4:30/km" needs the word "Pace" after it ("4:30/km Pace"), otherwise Intervals.icu silently ignores it'),
    ('Run', '- 20m 95', 'REFUSED "95" is a number without a unit, so it is no target; write "95% Pace", "95% HR" or "95% LTHR"'),
    ('Run', '- 20m threshold pace', 'REFUSED "threshold pace" is no target; write "100% Pace", or a zone such as "Z4 Pace"'),
    ('Run', '- 5m 2:00/100m Pace', 'REFUSED a Run pace cannot be per 100m; use /250m, /400m, /km, /mi, e.g. "4:30/km Pace"'),
    ('Run', '- 5m 4:75/km Pace', 'REFUSED "4:75/km" is not a pace; write minutes:seconds, e.g. "4:05/km Pace"'),
    ('Run', '- 5m 4:30/500m Pace', 'REFUSED a Run pace cannot be per 500m; use /250m, /400m, /km, /mi, e.g. "4:30/km Pace"'),
    ('Run', '- 20m 160 bpm', 'REFUSED "160 bpm": heart rate is written "70% HR", "90-95% LTHR" or "Z2 HR", not in bpm'),
    ('Run', '- 20m 30km/h', 'REFUSED "30km/h": speed targets are not in the workout syntax; write a pace ("2:00/km Pace") or, on a ride, power'),
    ('Run', '- 1.5km 4:00/km Pace', '1.5 km at 4:00/km'),
    ('Run', '- 10m Z8 Pace', 'REFUSED zone Z8 does not exist; zones are Z1 to Z7'),
    ('Run', '- 5 km Z2 Pace', 'REFUSED "5 km" is not a distance; write 500mtr, 2km, 0.4km or 1mi (no space; metres are "mtr", yards are not supported)'),
    ('Run', '- 10m 90% pace 80% HR 85% Pace', 'REFUSED the step has two pace targets; keep one (a range is one target: "95-105%", "Z2-Z3 HR")'),
    # -- Swim ------------------------------------------------------------------------------------------------
    ('Swim', '- 100mtr Z2 Pace', '100 m at 2:08–2:24/100m'),
    ('Swim', '- 200mtr 1:55/100m Pace', '200 m at 1:55/100m'),
    ('Swim', '- 400mtr 85% Pace', '400 m at 2:15/100m'),
    ('Swim', '- 1km Z2 Pace', '1 km at 2:08–2:24/100m'),
    ('Swim', '- 100mtr 2:00/100y Pace', '100 m at 2:00/100y'),
    ('Swim', '- 10m Z2 Pace', '10 min at 2:08–2:24/100m'),
    ('Swim', '- 10m Z2 HR', '10 min at 128–141 bpm'),
    ('Swim', '- 30m 70% HR', '30 min at 125 bpm'),
    ('Swim', '- 100mtr 1:50-1:45/100m Pace', '100 m at 1:45–1:50/100m'),
    ('Swim', '- 50mtr 95% Pace', '50 m at 2:01/100m'),
    ('Swim', 'Warmup\n- 400mtr Z1 Pace\n\nMain Set 8x\n- 100mtr Z4 Pace\n- 20s rest\n\nCooldown\n- 200mtr Z1 Pace', 'Warmup: 400 m at ≥2:24/100m | Main Set: 8 × [100 m at 1:55–2:01/100m, 20 s rest] | Cooldown: 200 m at ≥2:24/100m'),
    ('Swim', '10x\n- 50mtr 105% Pace\n- 15s rest', '10 × [50 m at 1:49/100m, 15 s rest]'),
    ('Swim', '- 1500mtr Z3 Pace', '1.5 km at 2:01–2:08/100m'),
    ('Swim', '- Kick 200mtr Z2 Pace', '200 m Kick at 2:08–2:24/100m'),
    ('Swim', '- Pull 400mtr 90% Pace', '400 m Pull at 2:08/100m'),
    ('Swim', '4x\n- 200mtr Z3 Pace\n- 30s rest\n\n- 200mtr Z1 Pace', '4 × [200 m at 2:01–2:08/100m, 30 s rest] | 200 m at ≥2:24/100m'),
    ('Swim', '- 20s rest', '20 s rest !'),
    ('Swim', '- 300mtr 2:10/100m Pace', '300 m at 2:10/100m'),
    ('Swim', '- 100mtr Z5 Pace', '100 m at 1:49–1:55/100m'),
    ('Swim', '- 3x100 drill 300mtr Z2 Pace', '300 m 3x100 drill at 2:08–2:24/100m'),
    ('Swim', '- Press lap 100mtr Z2 Pace', '100 m at 2:08–2:24/100m (ends at lap press)'),
    ('Swim', '- 2000mtr Z2 Pace', '2 km at 2:08–2:24/100m'),
    ('Swim', 'Main Set 4x\n- 50mtr Z5 Pace\n- 50mtr Z1 Pace', 'Main Set: 4 × [50 m at 1:49–1:55/100m, 50 m at ≥2:24/100m]'),
    ('Swim', '- 60m Z2 HR', '1 h at 128–141 bpm'),
    ('Swim', '- 45s Z2 Pace', '45 s at 2:08–2:24/100m'),
    ('Swim', '- 50m Z2 Pace', 'REFUSED "50m" means 50 minutes in Intervals.icu, not metres; for a distance write "50mtr" (for 50 minutes of swimming write "3000s")'),
    ('Swim', '- 100m Z2 Pace', 'REFUSED "100m" means 100 minutes in Intervals.icu, not metres; for a distance write "100mtr" (for 100 minutes of swimming write "6000s")'),
    ('Swim', '- 25m easy', 'REFUSED "25m" means 25 minutes in Intervals.icu, not metres; for a distance write "25mtr" (for 25 minutes of swimming write "1500s")'),
    ('Swim', '- 200m 1:55/100m Pace', 'REFUSED "200m" means 200 minutes in Intervals.icu, not metres; for a distance write "200mtr" (for 200 minutes of swimming write "12000s")'),
    ('Swim', '- 100mtr 75%', 'REFUSED Swim workouts have no power targets; use pace ("2:00/100m Pace", "Z2 Pace") or HR'),
    ('Swim', '- 100mtr Z2', 'REFUSED Swim workouts have no power targets; use pace ("2:00/100m Pace", "Z2 Pace") or HR'),
    ('Swim', '- 100mtr 2:00/km Pace', 'REFUSED a Swim pace cannot be per km; use /100m, /100y, e.g. "2:00/100m Pace"'),
    ('Swim', '- 100 mtr Z2 Pace', 'REFUSED "100 mtr" is not a distance; write 500mtr, 2km, 0.4km or 1mi (no space; metres are "mtr", yards are not supported)'),
    ('Swim', '- 100mtr 1:55 Pace', '100 m at 1:55/100m'),
    ('Swim', '- 400yd Z2 Pace', 'REFUSED "400yd" is not a distance; write 500mtr, 2km, 0.4km or 1mi (no space; metres are "mtr", yards are not supported)'),
    ('Swim', '- 100mtr 95', 'REFUSED "95" is a number without a unit, so it is no target; write "95% Pace" or "95% HR"'),
    ('Swim', '- 100mtr threshold pace', 'REFUSED "threshold pace" is no target; write "100% Pace", or a zone such as "Z4 Pace"'),
]
ACCEPTED = [(sport, text) for sport, text, expected in TABLE if not expected.startswith("REFUSED ")]


def test_the_table_is_large_and_covers_every_sport() -> None:
    assert len(TABLE) >= 150
    for sport in ("Ride", "Run", "Swim"):
        rows = [row for row in TABLE if row[0] == sport]
        assert any(e.startswith("REFUSED ") for _, _, e in rows) and any(not e.startswith("REFUSED ") for _, _, e in rows)


@pytest.mark.parametrize(("sport", "text", "expected"), TABLE)
def test_each_text_is_read_as_written_or_refused(sport: str, text: str, expected: str) -> None:
    if expected.startswith("REFUSED "):
        with pytest.raises(InputError) as refused:
            check_workout(text, sport, SPORTS)
        assert expected.removeprefix("REFUSED ") in refused.value.message
        assert "nothing was written" in refused.value.message
        return
    checked = check_workout(text, sport, SPORTS)
    shown = " | ".join(checked.resolved.summary) + (" !" if checked.warnings else "")
    assert shown == expected


@pytest.mark.parametrize(("sport", "text"), ACCEPTED)
def test_the_demo_reads_every_accepted_text_as_icusync_does(sport: str, text: str) -> None:
    checked = check_workout(text, sport, SPORTS)
    upstream = demo_reading(checked.text, sport, zones_for(ATHLETE, sport))
    assert differences(checked.workout, upstream["workout_doc"], default_per=checked.pace_unit) == []
