"""Answers about how one activity went inside: heart-rate drift and decoupling, and why it felt hard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icusync.coach.analysis.decoupling import Decoupling, decoupling, steady_part
from icusync.coach.analysis.drift import drift_segments, hr_drift
from icusync.coach.analysis.series import WATTS, Series
from icusync.coach.analysis.spans import from_intervals
from icusync.coach.analysis.why_hard import Context, Reason, why_hard
from icusync.coach.render.analysis_units import Display, heading, missing_line
from icusync.coach.render.rendered import Rendered, join_lines, table, text_table
from icusync.coach.units import fmt_duration, fmt_signed, num, rnd

CLEAR_DRIFT_PCT = 5.0


def _intervals(activity: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in activity.get("icu_intervals") or [] if isinstance(i, Mapping)]


def _work(activity: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in _intervals(activity) if str(i.get("type") or "").upper() == "WORK"]


def _output(value: float | None, output: str, display: Display) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} W" if output == WATTS else display.pace_text(value)


def _decoupling_text(found: Decoupling, series: Series, display: Display, upstream: float | None) -> str:
    skipped = series.moving_secs(0, found.steady.start)
    where = f"after a {fmt_duration(skipped)} warm-up, " if skipped >= 60 else ""
    steady = fmt_duration(series.moving_secs(found.steady.start, found.steady.end))
    basis = "power" if found.output == WATTS else "pace"
    text = (
        f"Decoupling (Pa:HR, {basis}): {found.pct:.1f}% over the steady part ({where}{steady}): first half "
        f"{_output(found.output_first, found.output, display)} at {found.hr_first:.0f} bpm, second half "
        f"{_output(found.output_second, found.output, display)} at {found.hr_second:.0f} bpm"
    )
    if found.output == WATTS:
        text += f"; EF {found.ef_first:.2f} → {found.ef_second:.2f} W/bpm"
    if found.pct >= CLEAR_DRIFT_PCT:
        text += ". Over 5%: heart rate climbed for the same output (heat, fuel, fatigue, or beyond the aerobic base)."
    elif found.pct < 0:
        text += ". Negative: output rose more than heart rate (a progression, or heart rate still settling)."
    else:
        text += ". Under 5%: heart rate held to the output, a sound aerobic base for this duration."
    if upstream is not None:
        text += f" Intervals.icu's figure: {upstream:.1f}%."
    return text


def render_drift(activity: Mapping[str, Any], series: Series, display: Display, output: str | None) -> Rendered:
    lines = [heading(activity, "heart-rate drift and aerobic decoupling")]
    data: dict[str, Any] = {"missing": list(series.missing)}
    if output is None:
        lines.append("No power or speed recorded: drift needs an output to set heart rate against.")
        return Rendered(join_lines(*lines, missing_line(series.missing)), data)
    intervals, work = _intervals(activity), _work(activity)
    steady = steady_part(series, intervals)
    found = decoupling(series, output, steady)
    if found is not None:
        lines.append(_decoupling_text(found, series, display, num(activity.get("decoupling"))))
        data["decoupling_pct"] = rnd(found.pct, 1)
    else:
        lines.append("Decoupling needs a steady part of 20 minutes or more with output and heart rate.")
    reps = from_intervals(series, work)
    spans = reps if len(reps) >= 2 else drift_segments(series, steady.start, steady.end)
    if len(reps) >= 2:
        lines.append(f"With {len(reps)} work intervals the halves hold different work; rep against rep says more:")
    rows = []
    for row in hr_drift(series, output, [s for s in spans if series.moving_secs(s.start, s.end) > 0]):
        cell = rnd(row.output) if output == WATTS else display.pace_cell(row.output)
        rows.append([row.label, fmt_duration(row.moving_secs), cell, rnd(row.hr),
                     fmt_signed(row.change_pct, 1, "%") if row.change_pct is not None else None])
    per = "power_w" if output == WATTS else display.pace_column
    columns = ["rep" if len(reps) >= 2 else "segment", "time", per, "hr_bpm", "hr_per_output_vs_first"]
    lines += [f"Heart rate per unit of {'power' if output == WATTS else 'speed'}, against the first:",
              text_table(columns, rows)]
    data["segments"] = table(columns, rows)
    return Rendered(join_lines(*lines, missing_line(series.missing)), data)


# -- why it felt hard -----------------------------------------------------------------------------


def _reason_text(reason: Reason, display: Display, output: str | None, labels: tuple[str, str]) -> str:
    f = reason.facts
    out = output or WATTS
    if reason.kind == "drift":
        return (f"Cardiac drift: heart rate per unit of output up {f['pct']:.1f}% "
                f"({_output(f['output_first'], out, display)} at {f['hr_first']:.0f} bpm → "
                f"{_output(f['output_second'], out, display)} at {f['hr_second']:.0f} bpm); over 5% is clear drift.")
    if reason.kind == "heat":
        return (f"Heat: {display.temp(f['start'])} → {display.temp(f['end'])} "
                f"(average {display.temp(f['average'])}, peak {display.temp(f['peak'])}).")
    if reason.kind == "fade":
        what = "power fell" if out == WATTS else "pace slowed"
        hr = f", HR {fmt_signed(f['hr_change'], 0, ' bpm')}" if "hr_change" in f else ""
        text = (f"Fade: {what} {f['drop_pct']:.0f}% from the {labels[0]} to the {labels[1]} "
                f"({_output(f['output_first'], out, display)} → {_output(f['output_second'], out, display)}{hr}).")
        if f.get("long"):
            carbs = f"{f['carbs_g']:.0f} g of carbohydrate recorded" if "carbs_g" in f else "no carbohydrate recorded"
            text += (f" In a session this long ({fmt_duration(f['moving_secs'])}) a late fade often means fuel "
                     f"ran low ({carbs}).")
        return text
    if reason.kind == "intensity":
        parts = []
        if "above_lthr_secs" in f:
            parts.append(f"{fmt_duration(f['above_lthr_secs'])} above threshold HR ({f['lthr']:.0f} bpm)")
        if "above_ftp_secs" in f:
            parts.append(f"{fmt_duration(f['above_ftp_secs'])} above FTP ({f['ftp']:.0f} W)")
        if "intensity_pct" in f:
            parts.append(f"intensity {f['intensity_pct']:.0f}% of threshold")
        return "Intensity: " + ", ".join(parts) + "."
    return (f"Fatigue going in: form {fmt_signed(f['form'])} at the end of that day (fitness minus fatigue); "
            "below -10 the legs still carry recent training.")


def _ruled_out_text(reason: Reason, display: Display) -> str:
    f = reason.facts
    if reason.kind == "drift":
        return f"drift ({f['pct']:.1f}%)"
    if reason.kind == "heat":
        return f"heat (average {display.temp(f['average'])})"
    if reason.kind == "fade":
        return f"a fade (output {fmt_signed(-f['drop_pct'], 0, '%')})"
    if reason.kind == "intensity":
        shown = [fmt_duration(f["above_lthr_secs"]) + " above threshold HR"] if "above_lthr_secs" in f else []
        shown += [f"intensity {f['intensity_pct']:.0f}%"] if "intensity_pct" in f else []
        return f"intensity ({', '.join(shown)})"
    return f"fatigue (form {fmt_signed(f['form'])})"


def render_why_hard(activity: Mapping[str, Any], series: Series, display: Display, output: str | None,
                    lthr: float | None, ftp: float | None) -> Rendered:
    found = why_hard(series, output, Context.of(activity, lthr, ftp), _intervals(activity))
    labels = (found.early.label, found.late.label)
    lines = [heading(activity, "why it felt hard")]
    likely = [(r, _reason_text(r, display, output, labels)) for r in found.reasons]
    if likely:
        lines.append("Likely causes, strongest first:")
        lines += [f"{n}. {text}" for n, (_, text) in enumerate(likely, start=1)]
    else:
        lines.append("Nothing in the data stands out; what it cannot show: sleep, illness, stress, food "
                     "(get_wellness has sleep, HRV and resting HR).")
    if found.ruled_out:
        lines.append("Ruled out: " + ", ".join(_ruled_out_text(r, display) for r in found.ruled_out) + ".")
    rows = []
    for w in (found.early, found.late):
        out = _output(w.output, output, display) if output else None
        rows.append([w.label, fmt_duration(w.moving_secs), out, rnd(w.hr),
                     display.temp(w.temp) if w.temp is not None else None])
    columns = ["window", "time", "output", "hr_bpm", "temp"]
    lines += [f"{labels[0].capitalize()} against {labels[1]}:", text_table(columns, rows)]
    data = {
        "likely": [{"cause": r.kind, "detail": text} for r, text in likely],  # strongest first
        "ruled_out": [{"cause": r.kind, "detail": _ruled_out_text(r, display)} for r in found.ruled_out],
        "windows": table(columns, rows),
        "missing": list(series.missing),
    }
    return Rendered(join_lines(*lines, missing_line(series.missing)), data)
