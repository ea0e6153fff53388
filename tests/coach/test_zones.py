from __future__ import annotations

from icusync.coach.sport_settings import SportSettings
from icusync.coach.units import fmt_pace_secs
from icusync.coach.zones import hr_zones, pace_unit, pace_zones, power_zones, threshold_pace_secs, zone_name, zones_for

RIDE = SportSettings.from_api(
    {
        "id": 1,
        "types": ["Ride", "VirtualRide"],
        "ftp": 250,
        "power_zones": [55, 75, 90, 105, 120, 150, 999],
        "power_zone_names": [
            "Active Recovery",
            "Endurance",
            "Tempo",
            "Threshold",
            "VO2 Max",
            "Anaerobic",
            "Neuromuscular",
        ],
        "hr_zones": [138, 153, 160, 171, 176, 181, 204],
        "hr_zone_names": [],
        "lthr": 171,
        "max_hr": 204,
    }
)
RUN = SportSettings.from_api(
    {
        "id": 2,
        "types": ["Run", "TrailRun"],
        "threshold_pace": 1000 / 270,  # 4:30/km
        "pace_units": "MINS_KM",
        "pace_zones": [77.5, 87.7, 94.3, 100, 103.4, 111.5, 999],
        "pace_zone_names": ["Zone 1", "Zone 2", "Zone 3", "Zone 4", "Zone 5a", "Zone 5b", "Zone 5c"],
    }
)
SWIM = SportSettings.from_api(
    {"id": 3, "types": ["Swim"], "threshold_pace": 1.0, "pace_units": "SECS_100M", "pace_zones": [80, 100, 999]}
)


def test_power_zones_in_watts() -> None:
    zones = power_zones(RIDE)
    assert [(z.low, z.high) for z in zones] == [
        (0.0, 138.0),
        (138.0, 188.0),
        (188.0, 225.0),
        (225.0, 262.0),
        (262.0, 300.0),
        (300.0, 375.0),
        (375.0, None),
    ]
    assert zones[0].name == "Z1 Active Recovery" and zones[-1].name == "Z7 Neuromuscular"
    assert zones[1].label == "138-188 W" and zones[-1].label == "> 375 W"
    assert zones[2].to_dict() == {"zone": 3, "name": "Z3 Tempo", "low": 188.0, "high": 225.0, "unit": "W"}


def test_hr_zones_in_bpm() -> None:
    zones = hr_zones(RIDE)
    assert [(z.low, z.high) for z in zones][:2] == [(None, 138.0), (138.0, 153.0)]
    assert zones[0].label == "< 138 bpm" and zones[-1].high == 204.0 and zones[0].name == "Z1"


def test_pace_zones_use_percent_of_speed() -> None:
    zones = pace_zones(RUN)
    assert pace_unit(RUN) == "/km"
    assert threshold_pace_secs(RUN) == 270.0
    # Z1: slower than 270 / 0.775 = 348.4 s/km; Z4 upper = threshold; Z7 open on the fast side.
    assert zones[0].low is None and zones[0].high == 348.4
    assert zones[3].high == 270.0 and zones[3].low == 286.3
    assert zones[-1].high is None and zones[-1].low == 242.2
    assert zones[0].label == "slower than 5:48/km"
    assert zones[3].label == "4:46-4:30/km"
    assert zones[-1].label == "faster than 4:02/km"
    assert zones[4].name == "Z5 Zone 5a"
    assert all(z.unit == "s/km" for z in zones)


def test_pace_zones_in_miles_and_swim() -> None:
    miles = SportSettings.from_api(
        {"types": ["Run"], "threshold_pace": 1609.344 / 480, "pace_units": "MINS_MILE", "pace_zones": [100, 999]}
    )
    assert pace_zones(miles)[0].high == 480.0 and pace_zones(miles)[0].unit == "s/mi"
    swim = pace_zones(SWIM)
    assert pace_unit(SWIM) == "/100m"
    assert [(z.low, z.high) for z in swim] == [(None, 125.0), (125.0, 100.0), (100.0, None)]
    assert fmt_pace_secs(swim[1].high, "/100m") == "1:40/100m"


def test_missing_thresholds_give_no_zones() -> None:
    empty = SportSettings.from_api({"types": ["Other"], "power_zones": [55, 75]})
    assert power_zones(empty) == [] and pace_zones(empty) == [] and hr_zones(empty) == []
    assert zones_for(empty) == {}
    assert set(zones_for(RIDE)) == {"power", "hr"}
    assert set(zones_for(RUN)) == {"pace"}


def test_zone_name_lookup() -> None:
    assert zone_name(power_zones(RIDE), 2) == "Z2 Endurance"
    assert zone_name([], 3) == "Z3"
