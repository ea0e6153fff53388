"""Structured workouts as plain frozen data, the shape of Intervals.icu workout text.

The model mirrors the upstream text syntax (not `workout_doc`): a workout is a
flat list of items (section headers, free text, steps and one-level repeat
blocks). Targets keep the units the athlete wrote (% FTP, watts, zones, pace);
`workout_resolve` turns them into watts, bpm and pace for one athlete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from icusync.errors import InputError

# Target units, named as in upstream `workout_doc` (plus "pace" for absolute pace).
POWER_UNITS: Final = frozenset({"%ftp", "w", "power_zone", "%mmp"})
HR_UNITS: Final = frozenset({"%hr", "%lthr", "hr_zone"})
PACE_UNITS: Final = frozenset({"%pace", "pace_zone", "pace"})
CADENCE_UNITS: Final = frozenset({"rpm"})
ZONE_UNITS: Final = frozenset({"power_zone", "hr_zone", "pace_zone"})

# Distance a pace is written per, in metres ("/km" -> 1000).
PACE_PER: Final[dict[str, float]] = {
    "/km": 1000.0,
    "/mi": 1609.344,
    "/100m": 100.0,
    "/100y": 91.44,
    "/500m": 500.0,
    "/400m": 400.0,
    "/250m": 250.0,
}
# Upstream `pace_units` setting -> the suffix we write.
PACE_UNIT_SETTING: Final[dict[str, str]] = {
    "MINS_KM": "/km",
    "MINS_MILE": "/mi",
    "SECS_100M": "/100m",
    "SECS_100Y": "/100y",
    "SECS_500M": "/500m",
    "SECS_400M": "/400m",
    "SECS_250M": "/250m",
}
DISTANCE_UNITS: Final[dict[str, float]] = {"mtr": 1.0, "km": 1000.0, "mi": 1609.344}

RIDE_SPORTS: Final = frozenset(
    {"Ride", "VirtualRide", "MountainBikeRide", "GravelRide", "EBikeRide", "EMountainBikeRide",
     "TrackRide", "Velomobile", "Handcycle"}
)
RUN_SPORTS: Final = frozenset({"Run", "VirtualRun", "TrailRun"})
SWIM_SPORTS: Final = frozenset({"Swim", "OpenWaterSwim"})
ROW_SPORTS: Final = frozenset({"Rowing", "VirtualRow"})


def workout_family(sport: str) -> str:
    """"ride", "run", "swim", "row" or "other": what decides which targets make sense."""
    for family, members in (("ride", RIDE_SPORTS), ("run", RUN_SPORTS), ("swim", SWIM_SPORTS),
                            ("row", ROW_SPORTS)):
        if sport in members:
            return family
    return "other"


@dataclass(frozen=True)
class Target:
    """One target: `start` alone, or a `start`-`end` range (a ramp goes start -> end).

    Values are in `units`: percent for %ftp/%hr/%lthr/%pace/%mmp, watts for "w",
    zone numbers for *_zone, rpm for cadence, and seconds per `pace_per` distance
    for absolute "pace" (5:00/km -> 300.0, pace_per "/km"; None = sport default).
    """

    units: str
    start: float
    end: float | None = None
    pace_per: str | None = None
    mmp_seconds: int | None = None  # the duration of "60% MMP 5m"

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @property
    def low(self) -> float:
        return self.start if self.end is None else min(self.start, self.end)

    @property
    def high(self) -> float:
        return self.start if self.end is None else max(self.start, self.end)


@dataclass(frozen=True)
class Step:
    """A leaf step. Exactly one of `duration` (s) and `distance` (m) is set, or neither for a step
    that lasts until the lap button is pressed."""

    duration: int | None = None
    distance: float | None = None
    distance_unit: str = "mtr"  # how the distance was written: mtr, km or mi
    cue: str = ""
    until_lap_press: bool = False
    ramp: bool = False
    freeride: bool = False
    power: Target | None = None
    hr: Target | None = None
    pace: Target | None = None
    cadence: Target | None = None
    extra: str = ""  # trailing prose, kept as written
    line: int = field(default=0, compare=False)

    @property
    def targets(self) -> tuple[tuple[str, Target], ...]:
        found = (("power", self.power), ("hr", self.hr), ("pace", self.pace), ("cadence", self.cadence))
        return tuple((kind, t) for kind, t in found if t is not None)


@dataclass(frozen=True)
class RepeatBlock:
    """`count` repeats of `steps`; `title` is the "Main Set" of "Main Set 4x"."""

    count: int
    steps: tuple[Step, ...]
    title: str = ""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Header:
    """A section title such as "Warmup": a text line directly above steps."""

    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TextLine:
    """Free text that is not a section title; kept so the athlete's notes survive."""

    text: str
    line: int = field(default=0, compare=False)


Item = Header | TextLine | Step | RepeatBlock


@dataclass(frozen=True)
class Workout:
    sport: str
    items: tuple[Item, ...]

    def leaf_steps(self) -> tuple[Step, ...]:
        """Every step once, in order (repeat blocks not expanded)."""
        out: list[Step] = []
        for item in self.items:
            if isinstance(item, Step):
                out.append(item)
            elif isinstance(item, RepeatBlock):
                out.extend(item.steps)
        return tuple(out)


@dataclass(frozen=True)
class WorkoutProblem:
    """One finding about one line (line 0: the workout as a whole)."""

    line: int
    text: str
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return self.message
        return f'line {self.line} "{self.text}": {self.message}'


class WorkoutSyntaxError(InputError):
    """The text is not a workout Intervals.icu would read as intended; `problems` says where."""

    code = "invalid_workout"

    def __init__(self, problems: list[WorkoutProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class WorkoutResolveError(InputError):
    """A target needs a threshold or zones the athlete has not set."""

    code = "workout_needs_setting"


@dataclass(frozen=True)
class ParsedWorkout:
    workout: Workout
    warnings: tuple[WorkoutProblem, ...] = ()
