"""Inside one activity: the analysis asked for, computed from its streams, as a compact answer.

The streams themselves never reach the answer: each analysis reduces them to a table or a few lines
with numbers (under 3,000 characters even for a 6-hour ride), in the athlete's units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from icusync.coach.analysis.channels import NEEDS, output_of
from icusync.coach.analysis.series import Series, from_streams
from icusync.coach.render.analysis_effort import render_drift, render_why_hard
from icusync.coach.render.analysis_tables import render_climbs, render_histograms, render_splits, render_zones
from icusync.coach.render.analysis_units import display_for, heading
from icusync.coach.render.rendered import Rendered
from icusync.coach.sport_settings import SportSettings


def render_analysis(kind: str, activity: Mapping[str, Any], streams: Mapping[str, Sequence[Any]], *,
                    settings: SportSettings | None = None, athlete: Mapping[str, Any] | None = None) -> Rendered:
    """`kind` is one of `channels.ANALYSES`; `streams` maps stream type to its samples (as fetched);
    `settings` are the sport's thresholds and zones; `athlete` carries the unit preferences."""
    answer = _render(kind, activity, from_streams(streams, NEEDS[kind]), settings, athlete)
    return Rendered(answer.text, {"analysis": {"kind": kind, **answer.data}})


def _render(kind: str, activity: Mapping[str, Any], series: Series, settings: SportSettings | None,
            athlete: Mapping[str, Any] | None) -> Rendered:
    if series.n == 0:
        text = heading(activity, f"{kind.replace('_', ' ')}: Intervals.icu has no streams for this activity "
                                 "(entered by hand, or the file had no samples).")
        return Rendered(text, {"missing": list(NEEDS[kind][1:])})
    if series.moving_secs() <= 0:
        text = heading(activity, f"{kind.replace('_', ' ')}: the streams hold no moving time (standing still "
                                 "throughout, or nothing that tells moving from standing).")
        return Rendered(text, {"missing": list(series.missing)})
    display = display_for(activity, settings, athlete)
    output = output_of(series)
    if kind == "splits":
        return render_splits(activity, series, display)
    if kind == "drift":
        return render_drift(activity, series, display, output)
    if kind == "zones":
        return render_zones(activity, series, display, settings)
    if kind == "histogram":
        return render_histograms(activity, series, display)
    if kind == "climbs":
        return render_climbs(activity, series, display)
    lthr, ftp = (settings.lthr, settings.ftp) if settings else (None, None)
    return render_why_hard(activity, series, display, output, lthr, ftp)
