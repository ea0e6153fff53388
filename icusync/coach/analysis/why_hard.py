"""Why a session felt hard: the likely causes the data show, strongest first, each with its numbers.

The session's start is set against its end: the first and last hour of a session of two hours or
more, the first and last work rep of an interval session, else the two halves. What is weighed:

- cardiac drift: heart rate per unit of output rising (decoupling over the steady part, or rep
  against rep), 5% being clear;
- heat: a warm average, a hot peak, or a sharp rise in temperature through the session;
- a fade: output falling away at the end; in a session of two hours or more, a hint that fuel may
  have run low (what was eaten is named when it was recorded, and nothing is claimed beyond that);
- intensity: time above threshold heart rate or FTP, and the session's intensity;
- fatigue going in: form at the end of that day (fitness minus fatigue) well below zero.

Each cause gets a score, 1 meaning the data show it plainly; under 0.5 it is ruled out and said so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icusync.coach.analysis.decoupling import decoupling, steady_part
from icusync.coach.analysis.series import HR, TEMP, WATTS, Series, Span
from icusync.coach.analysis.spans import first_and_last, from_intervals, in_parts
from icusync.coach.units import num

LONG_SECS = 2 * 3600
HEAT_ENDS_SECS = 600  # the temperature at the start and at the end: ten minutes' average
LIKELY = 0.5


@dataclass(frozen=True)
class Window:
    label: str
    moving_secs: float
    output: float | None
    hr: float | None
    temp: float | None


@dataclass(frozen=True)
class Context:
    """What the summary and the athlete's settings add: thresholds, intensity, form, fuel eaten."""

    lthr: float | None = None
    ftp: float | None = None
    intensity_pct: float | None = None
    form: float | None = None
    carbs_g: float | None = None

    @classmethod
    def of(cls, activity: Mapping[str, Any], lthr: float | None, ftp: float | None) -> Context:
        ctl, atl = num(activity.get("icu_ctl")), num(activity.get("icu_atl"))
        intensity = num(activity.get("icu_intensity"))
        return cls(
            lthr=num(activity.get("lthr")) or lthr,
            ftp=num(activity.get("icu_ftp")) or ftp,
            intensity_pct=None if intensity is None else (intensity * 100 if intensity <= 3 else intensity),
            form=ctl - atl if ctl is not None and atl is not None else None,
            carbs_g=num(activity.get("carbs_ingested")),
        )


@dataclass(frozen=True)
class Reason:
    kind: str  # drift | heat | fade | intensity | fatigue
    score: float
    facts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class WhyHard:
    early: Window
    late: Window
    basis: str  # "hours" (first and last hour), "reps" (first and last work rep) or "halves"
    reasons: list[Reason]  # likely, strongest first
    ruled_out: list[Reason]


def _window(series: Series, span: Span, output: str | None) -> Window:
    return Window(span.label, series.moving_secs(span.start, span.end),
                  series.mean(output, span.start, span.end) if output else None,
                  series.mean(HR, span.start, span.end), series.mean(TEMP, span.start, span.end))


def windows(series: Series, intervals: Sequence[Mapping[str, Any]]) -> tuple[Span, Span, str]:
    reps = from_intervals(series, [i for i in intervals if str(i.get("type")).upper() == "WORK"])
    if len(reps) >= 2:
        return Span(reps[0].start, reps[0].end, "first rep"), Span(reps[-1].start, reps[-1].end, "last rep"), "reps"
    if series.moving_secs() >= LONG_SECS:
        return *first_and_last(series, 3600.0), "hours"
    first, second = in_parts(series, 2)
    return Span(first.start, first.end, "first half"), Span(second.start, second.end, "second half"), "halves"


def _drift(series: Series, output: str | None, early: Window, late: Window, basis: str,
           intervals: Sequence[Mapping[str, Any]]) -> Reason | None:
    if output is None:
        return None
    found = decoupling(series, output, steady_part(series, intervals)) if basis != "reps" else None
    if found is not None:
        return Reason("drift", found.pct / 5, {"pct": found.pct, "hr_first": found.hr_first,
                                               "hr_second": found.hr_second, "output_first": found.output_first,
                                               "output_second": found.output_second})
    if not (early.output and late.output and early.hr and late.hr):
        return None
    pct = (early.output / early.hr - late.output / late.hr) / (early.output / early.hr) * 100
    return Reason("drift", pct / 5, {"pct": pct, "hr_first": early.hr, "hr_second": late.hr,
                                     "output_first": early.output, "output_second": late.output})


def _heat(series: Series) -> Reason | None:
    """The temperature through the whole session: its first and last ten minutes, average and peak."""
    average = series.mean(TEMP)
    head, tail = first_and_last(series, HEAT_ENDS_SECS)
    start, end = series.mean(TEMP, head.start, head.end), series.mean(TEMP, tail.start, tail.end)
    if average is None or start is None or end is None:
        return None
    peak = series.top(TEMP) or end
    score = max(0.0, (average - 20) / 8, (end - start - 2) / 6, (peak - 25) / 8)
    return Reason("heat", score, {"average": average, "start": start, "end": end, "peak": peak})


def _fade(early: Window, late: Window, moving_secs: float, context: Context) -> Reason | None:
    if not early.output or not late.output:
        return None
    drop = (early.output - late.output) / early.output * 100
    long = moving_secs >= LONG_SECS
    facts = {"drop_pct": drop, "output_first": early.output, "output_second": late.output,
             "moving_secs": moving_secs, "long": float(long)}
    if early.hr and late.hr:
        facts["hr_change"] = late.hr - early.hr
    if context.carbs_g is not None:
        facts["carbs_g"] = context.carbs_g
    return Reason("fade", drop / 6 + (0.25 if long and drop > 0 else 0.0), facts)


def _intensity(series: Series, context: Context) -> Reason | None:
    facts: dict[str, float] = {}
    scores = []
    if context.lthr and series.has(HR):
        facts["above_lthr_secs"], facts["lthr"] = series.secs_above(HR, context.lthr), context.lthr
        scores.append(facts["above_lthr_secs"] / 1200)
    if context.ftp and series.has(WATTS):
        facts["above_ftp_secs"], facts["ftp"] = series.secs_above(WATTS, context.ftp), context.ftp
        scores.append(facts["above_ftp_secs"] / 900)
    if context.intensity_pct:
        facts["intensity_pct"] = context.intensity_pct
        scores.append((context.intensity_pct - 80) / 10)
    return Reason("intensity", max(scores), facts) if scores else None


def _fatigue(context: Context) -> Reason | None:
    if context.form is None:
        return None
    return Reason("fatigue", (-context.form - 10) / 15, {"form": context.form})


def why_hard(series: Series, output: str | None, context: Context,
             intervals: Sequence[Mapping[str, Any]] = ()) -> WhyHard:
    """The causes the data support (score 0.5 or more, strongest first) and those they rule out."""
    first, last, basis = windows(series, intervals)
    early, late = _window(series, first, output), _window(series, last, output)
    found = [
        _drift(series, output, early, late, basis, intervals),
        _heat(series),
        _fade(early, late, series.moving_secs(), context),
        _intensity(series, context),
        _fatigue(context),
    ]
    reasons = sorted((r for r in found if r is not None), key=lambda r: -r.score)
    return WhyHard(early, late, basis, [r for r in reasons if r.score >= LIKELY],
                   [r for r in reasons if r.score < LIKELY])
