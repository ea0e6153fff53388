"""Changing an athlete's thresholds through `PUT /athlete/{id}/sport-settings/{id}`.

The demo keeps thresholds on the athlete's `Profile`, and every zone table, workout
target and load is derived from it, so a change shows everywhere at once, as upstream.
Only the thresholds a coach or athlete sets by hand are writable here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from icusync.demo.errors import unprocessable
from icusync.demo.profiles import GROUPS, Profile

# Upstream field -> (Profile attribute per group kind, lowest, highest) for the thresholds accepted.
_FIELDS: dict[str, tuple[dict[str, str], float, float]] = {
    "ftp": ({"ride": "ftp"}, 30, 2000),
    "indoor_ftp": ({"ride": "indoor_ftp"}, 30, 2000),
    "w_prime": ({"ride": "w_prime"}, 1000, 100000),
    "lthr": ({"ride": "lthr", "run": "run_lthr", "swim": "lthr", "other": "lthr"}, 60, 230),
    "max_hr": ({"ride": "max_hr", "run": "max_hr", "swim": "max_hr", "other": "max_hr"}, 80, 240),
    "threshold_pace": ({"run": "run_pace", "swim": "swim_pace"}, 0.3, 10.0),
}


def group_kind(p: Profile, sid: str) -> str:
    """The kind ("ride", "run", ...) of the settings row `sid`: its numeric id or an activity type."""
    for n, (types, kind) in enumerate(GROUPS):
        if sid == str(1000 * (p.index + 1) + n + 1) or sid in types:
            return kind
    raise LookupError(sid)


def apply_settings(p: Profile, kind: str, body: Any) -> Profile:
    """The profile with the thresholds in `body` changed for that group; 422 on a value out of range."""
    if not isinstance(body, dict):
        raise unprocessable("Expected a JSON object")
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if key not in _FIELDS or value is None:
            continue  # other SportSettings fields are not changed by the demo
        targets, low, high = _FIELDS[key]
        if kind not in targets:
            raise unprocessable(f"{key} does not apply to these sport settings")
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise unprocessable(f"Invalid {key}: {value!r}")
        attribute = targets[kind]
        changes[attribute] = float(value) if attribute.endswith("_pace") else int(round(value))
    return replace(p, **changes)
