"""Streams as the analyses read them: moving samples, pauses, nulls, averages, distance, climbing."""

from __future__ import annotations

from icusync.coach.analysis.series import from_streams

WANTED = ("time", "velocity_smooth", "heartrate", "watts", "cadence", "altitude")


def test_moving_time_leaves_out_standing_and_a_paused_recording() -> None:
    # Sample 0 and 3 stand still; the recording paused between 6 and 20 s.
    s = from_streams({
        "time": [0, 1, 2, 3, 4, 5, 6, 20, 21, 22],
        "velocity_smooth": [0, 2, 2, 0.1, 2, 2, 2, 2, 2, 2],
        "heartrate": [None, 100, 110, 120, 130, None, 150, 160, 170, 180],
    }, WANTED)
    assert s.secs == [0, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    assert s.moving_secs() == 8
    assert s.mean("heartrate") == 1000 / 7  # 100+110+130+150+160+170+180 over 7 moving samples with a value
    assert s.distance() == 16  # 8 moving seconds at 2 m/s, from speed alone
    assert s.speed() == 2.0
    assert s.index_at(3) == 5  # samples 1, 2 and 4 hold the first 3 moving seconds
    assert s.missing == ("watts", "cadence", "altitude")


def test_a_distance_stream_with_gaps_and_climbing_over_nulls() -> None:
    s = from_streams({
        "time": [0, 1, 2, 3, 4, 5],
        "distance": [3, 6, None, 12, 15, 18],
        "velocity_smooth": [3, 3, 3, 3, 3, 3],
        "altitude": [10, 11, None, 13, 12, 15],
    }, (*WANTED, "distance"))
    assert s.distance() == 18 and s.distance(0, 3) == 6 and s.distance(3, 6) == 12
    assert s.climbing() == 6  # 10→11, 11→13 over the gap, 12→15
    assert s.climbing(4, 6) == 3


def test_text_booleans_and_nan_are_no_value() -> None:
    s = from_streams({"heartrate": [120, "130", True, float("nan"), 140]}, ("heartrate",))
    assert s.values("heartrate") == [120, None, None, None, 140]
    assert s.mean("heartrate") == 130  # without speed, power or cadence every sample counts as moving


def test_the_moving_stream_wins_and_watts_decide_without_speed() -> None:
    told = from_streams({"watts": [0, 0, 200, 200], "moving": [True, False, True, True]}, ("watts",))
    assert told.secs == [1, 0, 1, 1]
    pedalling = from_streams({"watts": [0, 150, 200, 0], "cadence": [0, 80, 85, 0]}, ("watts", "cadence"))
    assert pedalling.secs == [0, 1, 1, 0]
    assert pedalling.mean("watts") == 175


def test_all_null_and_absent_streams_are_missing() -> None:
    s = from_streams({"time": [0, 1], "heartrate": [None, None]}, ("time", "heartrate", "watts"))
    assert s.missing == ("heartrate", "watts") and s.mean("heartrate") is None and s.distance() is None
