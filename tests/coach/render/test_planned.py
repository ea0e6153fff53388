from __future__ import annotations

import pytest

from icusync.coach.render.planned import TargetRange, leaf_steps, planned_targets, step_target, versus
from icusync.coach.sport_settings import SportSettings

SETTINGS = SportSettings.from_api(
    {
        "types": ["Ride"],
        "ftp": 200,
        "lthr": 170,
        "max_hr": 190,
        "power_zones": [55, 75, 90, 105, 120, 150, 999],
        "hr_zones": [140, 155, 165, 175, 190],
    }
)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ({"power": {"value": 75, "units": "%ftp"}}, TargetRange("power", 150, 150)),
        ({"power": {"start": 105, "end": 95, "units": "%ftp"}}, TargetRange("power", 190, 210)),
        ({"power": {"start": 200, "end": 240, "units": "w"}}, TargetRange("power", 200, 240)),
        ({"power": {"value": 1, "units": "power_zone"}}, TargetRange("power", 0, 110)),
        ({"power": {"value": 2, "units": "power_zone"}}, TargetRange("power", 110, 150)),
        ({"power": {"start": 3, "end": 4, "units": "power_zone"}}, TargetRange("power", 150, 210)),
        ({"hr": {"start": 90, "end": 95, "units": "%lthr"}}, TargetRange("hr", 153, 161.5)),
        ({"hr": {"value": 80, "units": "%hr"}}, TargetRange("hr", 152, 152)),
        ({"hr": {"value": 2, "units": "hr_zone"}}, TargetRange("hr", 140, 155)),
        (
            {"_power": {"start": 180, "end": 190}, "power": {"value": 1, "units": "%mmp"}},
            TargetRange("power", 180, 190),
        ),
        ({"duration": 300}, None),
        ({"power": {"value": 1, "units": "hr_zone_unknown"}}, None),
        ({"hr": {"value": 1, "units": "hr_zone"}}, None),  # Z1 has no floor: no usable range
    ],
)
def test_step_target(step: dict, expected: TargetRange | None) -> None:
    assert step_target(step, None, SETTINGS) == expected


def test_doc_thresholds_win_and_pace() -> None:
    doc = {"ftp": 300, "threshold_pace": 4.0}
    assert step_target({"power": {"value": 100, "units": "%ftp"}}, doc, SETTINGS) == TargetRange("power", 300, 300)
    assert step_target({"pace": {"start": 95, "end": 105, "units": "%pace"}}, doc) == TargetRange("pace", 3.8, 4.2)
    assert step_target({"power": {"value": 100, "units": "%ftp"}}, None, None) is None


def test_leaf_steps_expand_repeats() -> None:
    steps = [{"duration": 1}, {"reps": 3, "steps": [{"duration": 2}, {"duration": 3}]}, "junk", {"duration": 4}]
    assert [s["duration"] for s in leaf_steps(steps)] == [1, 2, 3, 2, 3, 2, 3, 4]
    doc = {"ftp": 200, "steps": [{"power": {"value": 50, "units": "%ftp"}}, {"text": "free"}]}
    assert planned_targets(doc) == [TargetRange("power", 100, 100), None]
    assert planned_targets(None) == [] and planned_targets({"steps": "x"}) == []


def test_versus() -> None:
    rng = TargetRange("power", 190, 210)
    assert versus({"average_watts": 200}, rng) == "on target"
    assert versus({"average_watts": 222}, rng) == "+12 W over"
    assert versus({"average_watts": 182}, rng) == "8 W under"
    one = TargetRange("hr", 150, 150)
    assert versus({"average_heartrate": 154}, one) == "on target"
    assert versus({"average_heartrate": 160}, one) == "+10 bpm over"
    assert versus({}, one) is None
    pace = TargetRange("pace", 1000 / 250, 1000 / 240)  # 4:10-4:00/km
    assert pace.label() == "4:10-4:00/km"
    assert versus({"average_speed": 1000 / 245}, pace) == "on target"
    assert versus({"average_speed": 1000 / 255}, pace) == "5 s/km slow"
    assert versus({"average_speed": 1000 / 230}, pace) == "10 s/km fast"
    assert TargetRange("power", 250, 262.4).label() == "250-262 W" and TargetRange("hr", 150, 150).label() == "150 bpm"
