"""Splits by distance and by lap, checked against sums done by hand."""

from __future__ import annotations

from typing import Any

from icusync.coach.analysis.series import from_streams
from icusync.coach.analysis.spans import split_length
from icusync.coach.analysis.splits import distance_splits, half_split, lap_splits

# 650 s at 4 m/s (2.6 km): HR 140 for the first 325 s, 150 after.
RUN: dict[str, Any] = {
    "time": list(range(650)),
    "distance": [4.0 * (i + 1) for i in range(650)],
    "velocity_smooth": [4.0] * 650,
    "heartrate": [140] * 325 + [150] * 325,
}
WANTED = ("time", "distance", "velocity_smooth", "heartrate", "watts")


def test_km_splits() -> None:
    splits = distance_splits(from_streams(RUN, WANTED), 1000)
    assert [s.distance_m for s in splits] == [1000, 1000, 600]
    assert [s.moving_secs for s in splits] == [250, 250, 150]
    assert [s.speed for s in splits] == [4.0, 4.0, 4.0]
    # Split 2 holds 75 s at 140 and 175 s at 150: (75 x 140 + 175 x 150) / 250 = 147.
    assert [s.hr for s in splits] == [140, 147, 150]
    assert all(s.watts is None for s in splits)


def test_a_short_last_split_joins_the_one_before() -> None:
    streams = {**RUN, "distance": [4.0 * (i + 1) for i in range(510)], "time": list(range(510)),
               "velocity_smooth": [4.0] * 510, "heartrate": [140] * 510}
    splits = distance_splits(from_streams(streams, WANTED), 1000)
    assert [s.distance_m for s in splits] == [1000, 1040]  # 40 m is under a tenth of a split


def test_lap_splits_follow_the_interval_indexes() -> None:
    laps = lap_splits(from_streams(RUN, WANTED), [
        {"label": "Warmup", "start_index": 0, "end_index": 99},
        {"type": "WORK", "start_index": 100, "end_index": 399},
        {"type": "RECOVERY"},  # no indexes: left out
    ])
    assert [lap.label for lap in laps] == ["Warmup", "2 work"]
    assert [lap.moving_secs for lap in laps] == [100, 300]
    assert [lap.distance_m for lap in laps] == [400, 1200]
    assert laps[1].hr == 142.5  # 225 s at 140 and 75 s at 150


def test_halves_by_distance() -> None:
    half = half_split(from_streams({**RUN, "velocity_smooth": [4.0] * 325 + [5.0] * 325,
                                    "distance": [4.0 * (i + 1) for i in range(325)]
                                    + [1300 + 5.0 * (i + 1) for i in range(325)]}, WANTED))
    assert half is not None
    # 2925 m in all; the half-way mark (1462.5 m) is passed at sample 357, 1465 m in 358 s.
    assert half.first_speed == 1465 / 358 and half.second_speed == 1460 / 292 == 5.0
    assert round(half.change_pct, 2) == 22.18  # 5.0 / 4.0922 - 1: a negative split
    assert (half.first_hr, half.second_hr) == ((325 * 140 + 33 * 150) / 358, 150)


def test_split_length_is_a_round_multiple() -> None:
    assert split_length(121_000, 1000, 40) == 5000  # 121 per km and 61 per 2 km are too many
    assert split_length(10_000, 1000, 40) == 1000
    assert split_length(42_195, 1609.344, 40) == 1609.344
