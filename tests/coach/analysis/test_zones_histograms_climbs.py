"""Time in zones per span, histogram buckets, and climbs, against counts done by hand."""

from __future__ import annotations

from icusync.coach.analysis.climbs import find_climbs
from icusync.coach.analysis.histograms import histogram
from icusync.coach.analysis.series import Span, from_streams
from icusync.coach.analysis.zone_times import times_in_zones, zone_bounds, zone_index
from icusync.coach.sport_settings import SportSettings

RIDE = SportSettings(id=1, types=("Ride",), ftp=200, power_zones=(55, 75, 90, 105, 120, 150, 999),
                     hr_zones=(130, 150, 170, 190))
RUN = SportSettings(id=2, types=("Run",), threshold_pace=4.0, pace_units="MINS_KM",
                    pace_zones=(77.5, 87.7, 94.3, 100, 103.4, 111.5, 999))


def test_power_zones_per_span() -> None:
    s = from_streams({"watts": [100, 110, 111, 200, 350, None]}, ("watts",))
    zones, bounds = zone_bounds(RIDE, "power")
    assert bounds == [110, 150, 180, 210, 240, 300, float("inf")]  # 55%, 75%... of 200 W
    index = zone_index(s, "watts", bounds)
    assert index == [0, 0, 1, 3, 6, None]  # 110 W is on Z1's bound, so Z1
    rows = times_in_zones(s, index, len(bounds), [Span(0, 3), Span(3, 6)])
    assert rows == [[2, 1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 1]]


def test_pace_zones_by_speed() -> None:
    s = from_streams({"velocity_smooth": [3.0, 3.2, 3.9, 4.6]}, ("velocity_smooth",))
    _, bounds = zone_bounds(RUN, "pace")
    # Zone tops at 77.5%, 87.7%, 94.3%, 100% of 4.0 m/s: 3.1, 3.508, 3.772, 4.0 m/s (paces rounded to 0.1 s).
    assert [round(b, 2) for b in bounds[:4]] == [3.1, 3.51, 3.77, 4.0]
    assert zone_index(s, "velocity_smooth", bounds) == [0, 1, 3, 6]


def test_power_histogram_in_round_buckets() -> None:
    s = from_streams({"watts": [100] * 50 + [150] * 30 + [260] * 20}, ("watts",))
    buckets = histogram(s, "watts")
    # 100 to 260 W: 10 W steps make 17 buckets and 20 W 9, so 25 W: 100-125 ... 250-275.
    assert [(b.low, b.high) for b in buckets] == [(100 + 25 * k, 125 + 25 * k) for k in range(7)]
    assert [b.secs for b in buckets] == [50, 0, 30, 0, 0, 0, 20]


def test_a_rare_spike_goes_into_an_open_top_bucket() -> None:
    s = from_streams({"watts": [100] * 50 + [150] * 30 + [260] * 20 + [1000]}, ("watts",))
    buckets = histogram(s, "watts")
    assert (buckets[-1].low, buckets[-1].high, buckets[-1].secs) == (250, None, 21)
    assert buckets[0].low == 100


def test_pace_histogram_leaves_out_standing() -> None:
    s = from_streams({"velocity_smooth": [4.0] * 60 + [0.0] * 10 + [3.2] * 30}, ("velocity_smooth",))
    buckets = histogram(s, "pace")
    # 250 s/km (4:10) and 312.5 s/km (5:12.5): 5 s steps would need 13 buckets, 10 s steps need 7.
    assert [(b.low, b.high) for b in buckets] == [(250 + 10 * k, 260 + 10 * k) for k in range(7)]
    assert [b.secs for b in buckets] == [60, 0, 0, 0, 0, 0, 30]  # the 10 s standing still count nowhere


def climb_ride() -> dict[str, list[float]]:
    """10 m/s at 1 Hz: flat 50 s, up 1 m a second for 40 s, down 0.5 m a second for 30 s, flat 30 s."""
    alt = [0.0] * 50 + [float(k) for k in range(1, 41)] + [40 - 0.5 * k for k in range(1, 31)] + [25.0] * 30
    return {"time": list(range(150)), "distance": [10.0 * (i + 1) for i in range(150)],
            "velocity_smooth": [10.0] * 150, "altitude": alt, "watts": [150] * 50 + [300] * 40 + [100] * 60,
            "heartrate": [130] * 50 + [160] * 40 + [140] * 60}


def test_a_climb_from_its_last_low_point_to_its_top() -> None:
    s = from_streams(climb_ride(), ("time", "distance", "velocity_smooth", "altitude", "watts", "heartrate"))
    [climb] = find_climbs(s)
    assert (climb.start, climb.end) == (49, 90)  # bottom at sample 49, top at 89
    assert (climb.gain_m, climb.length_m, climb.moving_secs) == (40, 400, 40)
    assert climb.grade_pct == 10 and climb.vam == 3600 and climb.start_m == 500
    assert (climb.watts, climb.hr, climb.top_m) == (300, 160, 40)


def test_rolling_ground_and_gentle_drags_are_not_climbs() -> None:
    wanted = ("time", "distance", "velocity_smooth", "altitude")
    rolling = [5.0 * ((i // 20) % 2) for i in range(200)]  # 5 m up, 5 m down
    drag = [0.1 * i for i in range(300)]  # 30 m over 3 km: 1%
    for alt in (rolling, drag):
        n = len(alt)
        s = from_streams({"time": list(range(n)), "velocity_smooth": [10.0] * n, "altitude": alt}, wanted)
        assert find_climbs(s) == []
    assert find_climbs(from_streams({"altitude": [0.0, 50.0]}, wanted)) == []  # no distance: no grade
