"""Token-level grammar of Intervals.icu workout text: durations, distances, targets.

Kept apart from `workout_parse` (which handles lines and blocks) so the renderer
can ask "would this token re-parse as something?" without a circular import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from icusync.coach.workout.model import DISTANCE_UNITS, PACE_PER

_NUM = r"\d+(?:\.\d+)?"
_HMS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", re.I)
_M_S = re.compile(r"^(\d+)m(\d{1,2})$", re.I)  # 1m30 = 1m30s
_QUOTES = re.compile(r"^(?:(\d+)['’′])?(?:(\d+)[\"”″])?$")
_DISTANCE = re.compile(rf"^({_NUM})(mtr|km|mi)$", re.I)
_BAD_DURATION = re.compile(
    rf"^{_NUM}(min|mins|minute|minutes|sec|secs|second|seconds|hr|hrs|hour|hours|h|m|s)$", re.I
)
_BAD_DISTANCE = re.compile(rf"^{_NUM}(k|meter|meters|metre|metres|mile|miles|yd|yds|yards|y|ft)$", re.I)
UNIT_WORDS: Final = frozenset({
    "min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "h", "hr", "hrs", "hour", "hours",
    "m", "s", "k", "km", "mi", "mtr", "meter", "meters", "metre", "metres", "mile", "miles", "yd", "yds", "yards",
})

PCT = re.compile(rf"^(?P<a>{_NUM})%?(?:-(?P<b>{_NUM}))?%$")
WATTS = re.compile(r"^(?P<a>\d+)w?(?:-(?P<b>\d+))?w$", re.I)
ZONE = re.compile(r"^z(?P<a>\d+)(?:-z?(?P<b>\d+))?$", re.I)
CUSTOM_ZONE = re.compile(r"^cz\d+(?:-(?:cz)?\d+)?$", re.I)
_PACE_UNIT = "|".join(re.escape(u) for u in PACE_PER)
PACE = re.compile(rf"^(?P<a>\d+:\d\d)(?P<ua>{_PACE_UNIT})?(?:-(?P<b>\d+:\d\d)(?P<ub>{_PACE_UNIT})?)?$", re.I)
RPM = re.compile(r"^(?P<a>\d+)(?:-(?P<b>\d+))?rpm$", re.I)
REPEAT = re.compile(r"^(\d+)\s*x$", re.I)
TITLED_REPEAT = re.compile(r"^(.*\S)\s+(\d+)\s*x$", re.I)
KEYWORDS: Final = frozenset({"hr", "lthr", "pace", "mmp"})
# Tokens that look like a target but are not one we read: never let them pass as prose.
SUSPICIOUS = re.compile(r"%|^z\d|^\d+:\d\d|^\d+(?:-\d+)?(?:bpm|watts?|spm)$|/(?:km|mi|\d+[my])\b", re.I)


@dataclass(frozen=True)
class Span:
    """A duration read from one or more tokens: seconds, and its largest/smallest unit (h=3 … s=1)."""

    seconds: int
    big: int
    small: int


def duration_token(tok: str) -> Span | None:
    """Seconds for one duration token (10m, 1h2m30s, 1m30, 5', 30", 1'30"), else None."""
    m = _HMS.match(tok)
    if m and any(m.groups()):
        ranks = [3 - i for i, g in enumerate(m.groups()) if g]
        h, mi, s = (int(g) if g else 0 for g in m.groups())
        return Span(h * 3600 + mi * 60 + s, max(ranks), min(ranks))
    m = _M_S.match(tok)
    if m:
        return Span(int(m[1]) * 60 + int(m[2]), 2, 1)
    m = _QUOTES.match(tok)
    if m and any(m.groups()):
        ranks = [2 - i for i, g in enumerate(m.groups()) if g]
        return Span(int(m[1] or 0) * 60 + int(m[2] or 0), max(ranks), min(ranks))
    return None


def distance_token(tok: str) -> tuple[float, str] | None:
    """(metres, unit as written) for 500mtr, 0.4km, 1mi; else None."""
    m = _DISTANCE.match(tok)
    if not m:
        return None
    unit = m[2].lower()
    return float(m[1]) * DISTANCE_UNITS[unit], unit


def bad_length_message(tok: str, following: str = "") -> str | None:
    """Why a token (optionally with the next one, as in "8 min") is not a duration or distance."""
    if following and re.fullmatch(_NUM, tok) and following.lower() in UNIT_WORDS:
        tok_desc = f"{tok} {following}"
        unit = following.lower()
    else:
        m = _BAD_DURATION.match(tok) or _BAD_DISTANCE.match(tok)
        if not m or duration_token(tok):
            return None
        tok_desc, unit = tok, m[1].lower()
    if unit in {"k", "km", "mi", "mtr", "meter", "meters", "metre", "metres", "mile", "miles",
                "yd", "yds", "yards", "y", "ft"}:
        return (f'"{tok_desc}" is not a distance; write 500mtr, 2km, 0.4km or 1mi '
                "(no space; metres are \"mtr\", yards are not supported)")
    return f'"{tok_desc}" is not a duration; write 8m, 30s, 1h30m or 5\' (no space, no decimals)'


def is_length(tok: str) -> bool:
    return duration_token(tok) is not None or distance_token(tok) is not None


def pace_seconds(text: str) -> int:
    """"5:00" -> 300. Raises ValueError when the seconds are not 00-59."""
    minutes, seconds = text.split(":")
    if int(seconds) >= 60:
        raise ValueError(text)
    return int(minutes) * 60 + int(seconds)


def looks_like_target(tok: str) -> bool:
    """Would this token be read as (part of) a target, so it cannot be cue or prose?"""
    low = tok.lower()
    return bool(
        PCT.match(tok) or WATTS.match(tok) or ZONE.match(tok) or PACE.match(tok) or RPM.match(tok)
        or CUSTOM_ZONE.match(tok) or SUSPICIOUS.search(tok) or low in {"ramp", "freeride"}
    )


def syntax_number(value: float) -> str:
    """75.0 -> "75", 87.5 -> "87.5": the shortest faithful way to write a value."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3f}".rstrip("0").rstrip(".")


def syntax_duration(seconds: int) -> str:
    """4230 -> "1h10m30s", 90 -> "1m30s", 0 -> "0s"."""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    out = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return out or "0s"


def syntax_pace(seconds: float) -> str:
    """300 -> "5:00"; paces are whole seconds."""
    total = int(seconds + 0.5)
    return f"{total // 60}:{total % 60:02d}"
