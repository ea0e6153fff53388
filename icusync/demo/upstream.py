"""`DemoUpstream`: the demo Intervals.icu, its synthetic athletes and its switchable faults."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from icusync.demo.app import build_app
from icusync.demo.athlete_gen import HistoryCache, generate
from icusync.demo.auth import Auth
from icusync.demo.calendar_gen import seed_calendar
from icusync.demo.faults import Faults
from icusync.demo.gear import seed_gear
from icusync.demo.profiles import Profile, make_profile
from icusync.demo.roster import COACH, relations
from icusync.demo.store import AthleteData

DEFAULT_CLIENTS = {"icusync-demo": "demo-secret"}
_LIBRARY = [
    ("Sweet Spot 3x12", "Ride", "Warmup\n- 10m ramp 50-75%\n\nMain Set 3x\n- 12m 88-93%\n- 4m 55%\n\n"
                                "Cooldown\n- 10m 50%"),
    ("Easy Endurance 90", "Ride", "- 1h30m Z2 85-95rpm"),
    ("Hill Strides", "Run",
     "Warmup\n- 15m 70% Pace\n\n8x\n- 30s 110% Pace\n- 90s 60% Pace\n\nCooldown\n- 10m 65% Pace"),
]


# A bought training plan: workouts by day offset from the plan's start.
_PLAN = {
    0: ("Base Ride 90", "Ride", "- 1h30m Z2 85-95rpm"),
    2: ("Tempo 3x10", "Ride", "Warmup\n- 15m Z1-Z2\n\nMain Set 3x\n- 10m Z3\n- 5m Z1\n\nCooldown\n- 10m Z1"),
    5: ("Long Ride", "Ride", "- 3h Z2"),
    7: ("Base Ride 90", "Ride", "- 1h30m Z2 85-95rpm"),
    9: ("Sweet Spot 2x20", "Ride", "Warmup\n- 15m Z1-Z2\n\nMain Set 2x\n- 20m 88-93%\n- 5m 55%\n\nCooldown\n- 10m Z1"),
    12: ("Long Ride", "Ride", "- 3h30m Z2"),
}

REQUEST_LOG_SIZE = 10_000
IDS_PER_ATHLETE = 1_000_000


class Athletes(Mapping[str, AthleteData]):
    """The demo athletes' data, each built the first time it is asked for: most uses (a test, a
    demo visitor) only ever touch one or two of them."""

    def __init__(self, profiles: list[Profile], build: Callable[[Profile], AthleteData]) -> None:
        self._profiles = {p.athlete_id: p for p in profiles}
        self._build = build
        self._built: dict[str, AthleteData] = {}

    def __getitem__(self, athlete_id: str) -> AthleteData:
        if athlete_id not in self._built:
            self._built[athlete_id] = self._build(self._profiles[athlete_id])
        return self._built[athlete_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)

    def built(self) -> list[AthleteData]:
        """The athletes built so far (a search can look there first)."""
        return list(self._built.values())


class DemoUpstream:
    """An in-process Intervals.icu: `asgi` serves `{prefix}/api/v1/...` and the OAuth pages.

    Everything hangs off the instance: data written through the API lives as long
    as it does. Set `clock` (seconds since the epoch) to move time for code expiry.
    """

    def __init__(self, *, seed: int = 1, today: dt.date | None = None, prefix: str = "/demo-intervals",
                 oauth_clients: Mapping[str, str] | None = None, athletes: int = 5,
                 fault_endpoint: bool = True, histories: HistoryCache | None = None) -> None:
        self.seed = seed
        self.prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
        self.clock: Callable[[], float] = time.time
        self.faults = Faults(lambda: self.clock())
        # (method, full request path), for counting upstream calls; bounded for a long-running demo.
        self.requests: deque[tuple[str, str]] = deque(maxlen=REQUEST_LOG_SIZE)
        # POST {prefix}/_faults, for tests driving a demo in another process; off on a public demo.
        self.fault_endpoint = fault_endpoint
        self.profiles: list[Profile] = [make_profile(i, seed) for i in range(max(1, athletes))]
        self.athlete_ids = [p.athlete_id for p in self.profiles]
        self._fixed_today = today
        self.today = self.today_for(self.athlete_ids[0])
        self.auth = Auth(seed, self.athlete_ids, dict(oauth_clients or DEFAULT_CLIENTS), self.faults,
                         lambda: self.clock(), reach=relations(self.athlete_ids))
        self._histories = histories
        self.data = Athletes(self.profiles, self._build)
        self.asgi: Any = self.faults.dropping(build_app(self), f"{self.prefix}/api/v1/")

    @property
    def coach_id(self) -> str | None:
        """The demo coach (see demo/roster.py), when the demo has that many athletes."""
        return self.athlete_ids[COACH] if len(self.athlete_ids) > COACH else None

    def today_for(self, athlete_id: str) -> dt.date:
        """Today in that athlete's timezone (or the `today` given at construction)."""
        if self._fixed_today is not None:
            return self._fixed_today
        tz = next(p.timezone for p in self.profiles if p.athlete_id == athlete_id)
        return dt.datetime.now(ZoneInfo(tz)).date()

    def api_key(self, athlete_id: str) -> str:
        return self.auth.keys[athlete_id]

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC)

    def _build(self, p: Profile) -> AthleteData:
        # Each athlete's ids (events, folders, workouts) count in a range of their own, so they do not
        # depend on which athlete was asked for first.
        next_id = functools.partial(next, itertools.count(71_000_001 + p.index * IDS_PER_ATHLETE))
        today = self.today_for(p.athlete_id)
        seeded_at = dt.datetime.combine(today, dt.time(5, 30), dt.UTC)
        history = (self._histories.history(p, self.seed, today) if self._histories is not None
                   else generate(p, self.seed, today))
        data = AthleteData(p, today, history, next_id, lambda: seeded_at)
        seed_calendar(data)
        seed_gear(data.gear, today)
        folder = data.create_folder({"name": "Demo workouts", "description": "Sessions to drag onto the calendar"})
        for name, sport, text in _LIBRARY:
            data.create_workout({"name": name, "type": sport, "description": text, "folder_id": folder["id"]})
        plan = data.create_folder({"name": "Base Builder", "type": "PLAN", "duration_weeks": 2,
                                   "description": "Two weeks of aerobic base, bought from the plan store"})
        for day, (name, sport, text) in _PLAN.items():
            data.create_workout({"name": name, "type": sport, "description": text, "folder_id": plan["id"],
                                 "day": day})
        data.set_clock(self._now)  # writes from now on carry the real (injectable) time
        return data
