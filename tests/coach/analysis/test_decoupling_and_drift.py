"""Pa:HR decoupling over the steady part and HR drift by segment, against hand computations."""

from __future__ import annotations

from icusync.coach.analysis.decoupling import decoupling, steady_part
from icusync.coach.analysis.drift import drift_segments, hr_drift
from icusync.coach.analysis.series import Series, from_streams

WANTED = ("time", "watts", "heartrate", "velocity_smooth")


def ride(parts: list[tuple[int, float, float]]) -> Series:
    """(seconds, watts, bpm) stretches at 1 Hz."""
    watts = [w for secs, w, _ in parts for _ in range(secs)]
    hr = [h for secs, _, h in parts for _ in range(secs)]
    return from_streams({"time": list(range(len(watts))), "watts": watts, "heartrate": hr}, WANTED)


def test_decoupling_leaves_out_a_ten_minute_warm_up() -> None:
    # 10 min warm-up, then 15 min at 200 W / 140 bpm and 15 min at 200 W / 150 bpm.
    s = ride([(600, 150, 120), (900, 200, 140), (900, 200, 150)])
    found = decoupling(s, "watts", steady_part(s))
    assert found is not None
    assert (found.steady.start, found.first.end, found.steady.end) == (600, 1500, 2400)
    assert (found.output_first, found.hr_first, found.output_second, found.hr_second) == (200, 140, 200, 150)
    # EF 200/140 = 1.4286 against 200/150 = 1.3333: 1 - 140/150 = 6.67%.
    assert round(found.pct, 2) == 6.67


def test_a_warm_up_lap_sets_where_the_steady_part_starts() -> None:
    s = ride([(600, 150, 120), (900, 200, 140), (900, 200, 150)])
    steady = steady_part(s, [{"label": "Warmup", "start_index": 0, "end_index": 299}])
    found = decoupling(s, "watts", steady)
    assert found is not None and steady.start == 300
    # Halves of 1050 s. First: 300 s at 150 W / 120 bpm and 750 s at 200 / 140 → 185.714 W, 134.286 bpm.
    # Second: 150 s at 200 / 140 and 900 s at 200 / 150 → 200 W, 148.571 bpm.
    # EF 1.382979 against 1.346154: 2.66%.
    assert round(found.output_first, 3) == 185.714 and round(found.hr_first, 3) == 134.286
    assert round(found.hr_second, 3) == 148.571
    assert round(found.pct, 2) == 2.66


def test_decoupling_on_speed_and_too_short_to_say() -> None:
    run = from_streams({"velocity_smooth": [3.0] * 3000, "heartrate": [150] * 1800 + [156] * 1200}, WANTED)
    found = decoupling(run, "velocity_smooth", steady_part(run))
    # Steady part 600-3000: first half 1200 s at 150 bpm, second half 1200 s at 156: 1 - 150/156 = 3.85%.
    assert found is not None and round(found.pct, 2) == 3.85
    twenty = ride([(600, 200, 140), (600, 200, 145)])
    whole = decoupling(twenty, "watts", steady_part(twenty))  # too short to leave a warm-up out
    assert whole is not None and whole.steady.start == 0 and round(whole.pct, 2) == 3.45  # 1 - 140/145
    short = ride([(600, 200, 140), (300, 200, 150)])
    assert decoupling(short, "watts", steady_part(short)) is None  # 15 minutes: halves too short to say


def test_hr_drift_by_quarter() -> None:
    s = ride([(600, 200, 140), (600, 200, 144), (600, 200, 147), (600, 200, 154)])
    spans = drift_segments(s)
    assert [(x.start, x.end) for x in spans] == [(0, 600), (600, 1200), (1200, 1800), (1800, 2400)]
    rows = hr_drift(s, "watts", spans)
    # HR per watt 0.70, 0.72, 0.735, 0.77: +2.86%, +5.0%, +10.0% on the first quarter's.
    assert [round(r.change_pct or 0, 2) for r in rows] == [0, 2.86, 5.0, 10.0]
    assert [r.hr for r in rows] == [140, 144, 147, 154]


def test_longer_sessions_drift_in_twenty_minute_segments() -> None:
    s = ride([(6000, 200, 140)])
    assert [x.label for x in drift_segments(s)] == ["0-20m", "20m-40m", "40m-1h00", "1h00-1h20", "1h20-1h40"]
    assert [r.change_pct for r in hr_drift(s, None, drift_segments(s))] == [None] * 5  # no output: no ratio
