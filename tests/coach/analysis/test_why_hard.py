"""Why it felt hard: the causes ranked, each with the numbers it rests on, worked out by hand."""

from __future__ import annotations

from icusync.coach.analysis.series import Series, from_streams
from icusync.coach.analysis.why_hard import Context, why_hard

WANTED = ("time", "heartrate", "watts", "velocity_smooth", "temp")


def stretches(parts: list[tuple[int, float, float, float]]) -> Series:
    """(seconds, watts, bpm, °C) at 1 Hz."""
    cols = list(zip(*[(w, h, t) for secs, w, h, t in parts for _ in range(secs)], strict=True))
    return from_streams({"watts": list(cols[0]), "heartrate": list(cols[1]), "temp": list(cols[2])}, WANTED)


# A 2.5-hour ride getting hotter: 200 W at 140 bpm and 20 °C for an hour, 200 W at 145 bpm and 26 °C for
# half an hour, then an hour at 190 W, 150 bpm and 32 °C.
HOT_RIDE = stretches([(3600, 200, 140, 20), (1800, 200, 145, 26), (3600, 190, 150, 32)])
EASY = Context(lthr=170, ftp=250, intensity_pct=75, form=-5)


def test_drift_heat_and_a_fade_are_found_and_ranked() -> None:
    found = why_hard(HOT_RIDE, "watts", EASY)
    assert found.basis == "hours" and (found.early.label, found.late.label) == ("first hour", "last hour")
    assert (found.early.output, found.early.hr, found.early.temp) == (200, 140, 20)
    assert (found.late.output, found.late.hr, found.late.temp) == (190, 150, 32)
    assert [r.kind for r in found.reasons] == ["drift", "heat", "fade"]
    drift, heat, fade = found.reasons
    # Steady part 600-9000 s in halves of 4200 s. First: 3000 s at 200/140 and 1200 s at 200/145 →
    # 200 W, 141.43 bpm. Second: 600 s at 200/145 and 3600 s at 190/150 → 191.43 W, 149.29 bpm.
    # EF 1.4141 against 1.2823: 9.32%, a score of 9.32 / 5.
    assert round(drift.facts["pct"], 2) == 9.32 and round(drift.score, 2) == 1.86
    assert round(drift.facts["hr_first"], 2) == 141.43 and round(drift.facts["output_second"], 2) == 191.43
    # Average (3600 x 20 + 1800 x 26 + 3600 x 32) / 9000 = 26 °C; 20 → 32 °C: a 12 °C rise, (12 - 2) / 6.
    assert heat.facts == {"average": 26, "start": 20, "end": 32, "peak": 32}
    assert round(heat.score, 2) == 1.67
    # 200 → 190 W is a 5% drop, 5 / 6, and a quarter more in a session over two hours.
    assert fade.facts["drop_pct"] == 5 and fade.facts["hr_change"] == 10 and fade.facts["long"] == 1
    assert round(fade.score, 2) == 1.08
    # No second above 170 bpm or 250 W, IF 75%; form -5 is no fatigue to speak of.
    assert [r.kind for r in found.ruled_out] == ["intensity", "fatigue"]
    assert found.ruled_out[0].facts["above_lthr_secs"] == 0 and found.ruled_out[0].score == 0
    assert round(found.ruled_out[1].score, 2) == -0.33


def test_intensity_and_fatigue_when_they_are_there() -> None:
    hard = stretches([(1200, 280, 175, 18), (1200, 200, 150, 18)])
    found = why_hard(hard, "watts", Context(lthr=170, ftp=250, intensity_pct=95, form=-28, carbs_g=40))
    kinds = {r.kind: r for r in found.reasons}
    assert found.basis == "halves"
    # 20 minutes above both thresholds: 1200 / 1200 for HR, 1200 / 900 for FTP, (95 - 80) / 10 for IF.
    assert kinds["intensity"].facts["above_ftp_secs"] == 1200 and kinds["intensity"].score == 1.5
    assert round(kinds["fatigue"].score, 2) == 1.2  # (28 - 10) / 15
    fade = kinds["fade"]
    assert round(fade.facts["drop_pct"], 2) == 28.57 and fade.facts["carbs_g"] == 40 and fade.facts["long"] == 0


def test_an_interval_session_sets_its_first_rep_against_its_last() -> None:
    s = stretches([(600, 150, 120, 15), (300, 300, 160, 15), (300, 120, 130, 15), (300, 300, 168, 15),
                   (600, 150, 135, 15)])
    reps = [{"type": "WORK", "start_index": 600, "end_index": 899},
            {"type": "RECOVERY", "start_index": 900, "end_index": 1199},
            {"type": "WORK", "start_index": 1200, "end_index": 1499}]
    found = why_hard(s, "watts", Context(), reps)
    assert found.basis == "reps" and (found.early.hr, found.late.hr) == (160, 168)
    drift = next(r for r in found.reasons + found.ruled_out if r.kind == "drift")
    assert round(drift.facts["pct"], 2) == 4.76  # EF 300/160 against 300/168: 1 - 160/168
    assert drift in found.reasons and round(drift.score, 2) == 0.95  # likely, if under the clear 5%


def test_missing_streams_leave_their_causes_out() -> None:
    hr_only = from_streams({"heartrate": [120] * 1800 + [125] * 1800}, WANTED)
    found = why_hard(hr_only, None, Context(lthr=170))
    assert {r.kind for r in found.reasons + found.ruled_out} == {"intensity"}
    assert found.early.output is None and found.early.temp is None
