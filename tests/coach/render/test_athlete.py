from __future__ import annotations

from datetime import date

from icusync.coach.render.athlete import render_athlete

RIDE = {
    "id": 1,
    "types": ["Ride", "VirtualRide"],
    "ftp": 250,
    "indoor_ftp": 240,
    "power_zones": [55, 75, 90, 105, 120, 150, 999],
    "power_zone_names": ["Active Recovery", "Endurance", "Tempo", "Threshold", "VO2 Max", "Anaerobic", "Neuromuscular"],
    "hr_zones": [138, 153, 160, 171, 176, 181, 204],
    "lthr": 171,
    "max_hr": 204,
}
RUN = {
    "id": 2,
    "types": ["Run"],
    "threshold_pace": 1000 / 270,
    "pace_units": "MINS_KM",
    "lthr": 175,
    "pace_zones": [77.5, 87.7, 94.3, 100, 103.4, 111.5, 999],
    "hr_zones": [140, 155, 165, 175, 185],
}
ATHLETE = {
    "id": "i123",
    "name": "Jane Doe",
    "sex": "F",
    "icu_date_of_birth": "1990-11-05",
    "timezone": "Europe/Paris",
    "icu_weight": 58.2,
    "icu_resting_hr": 46,
    "icu_form_as_percent": True,
    "sportSettings": [RIDE, RUN, {"id": 9, "types": ["Other"], "ftp": None}],
}


def test_profile_and_thresholds() -> None:
    r = render_athlete(ATHLETE, today=date(2026, 11, 4))
    assert r.data["athlete"] == {
        "id": "i123",
        "name": "Jane Doe",
        "sex": "F",
        "age": 35,
        "timezone": "Europe/Paris",
        "weight_kg": 58.2,
        "resting_hr_bpm": 46,
        "form_as_percent": True,
    }
    ride, run = r.data["sports"]  # the empty "Other" group is left out
    assert ride["ftp_w"] == 250 and ride["indoor_ftp_w"] == 240 and ride["lthr_bpm"] == 171
    assert ride["zones"]["power"]["columns"] == ["zone", "name", "low_w", "high_w"]
    assert ride["zones"]["power"]["rows"][1] == [2, "Z2 Endurance", 138, 188]
    assert ride["zones"]["power"]["rows"][-1] == [7, "Z7 Neuromuscular", 375, None]
    assert ride["zones"]["hr"]["rows"][0] == [1, "Z1", None, 138]
    assert run["threshold_pace"] == "4:30/km" and "power" not in run["zones"]
    assert run["zones"]["pace"]["columns"] == ["zone", "name", "slow_per_km", "fast_per_km"]
    assert run["zones"]["pace"]["rows"][3] == [4, "Z4", "4:46", "4:30"]
    assert run["zones"]["pace"]["rows"][0] == [1, "Z1", None, "5:48"]


def test_text() -> None:
    text = render_athlete(ATHLETE, today=date(2026, 11, 4)).text
    assert text.splitlines()[0] == (
        "Jane Doe (i123), F, 35 y, 58.2 kg, resting HR 46 bpm, tz Europe/Paris; form shown as % of fitness"
    )
    assert "Ride, VirtualRide: FTP 250 W (indoor 240 W), LTHR 171 bpm, max HR 204 bpm" in text
    assert "Z4 Threshold 225-262 W" in text and "Z7 Neuromuscular > 375 W" in text
    assert "Run: LTHR 175 bpm, threshold pace 4:30/km" in text
    assert "Z1 slower than 5:48/km" in text and "Z4 4:46-4:30/km" in text
    assert len(text) < 1200


def test_separate_settings_and_nothing_set() -> None:
    r = render_athlete({"id": "i9", "name": "New"}, [{"id": 1, "types": ["Ride"]}])
    assert r.data == {"athlete": {"id": "i9", "name": "New", "form_as_percent": False}, "sports": []}
    assert "No sport thresholds or zones set." in r.text
