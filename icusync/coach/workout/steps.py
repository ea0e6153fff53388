"""Reading one step line ("- Recovery 2m 50% 85rpm") into a `Step`.

Errors are raised as `StepError(message)`; `workout_parse` adds the line number
and quotes the line. Every message says what is wrong and shows a valid form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from icusync.coach.workout import lex
from icusync.coach.workout.model import Step, Target
from icusync.coach.workout.render import render_target

_PRESS_LAP = re.compile(r"\bpress\s+lap\b", re.I)
_KEYWORD_UNITS: Final = {"hr": "%hr", "lthr": "%lthr", "pace": "%pace", "mmp": "%mmp"}
# Upper limits past which a value is a typo, not a hard interval.
_LIMITS: Final[dict[str, float]] = {
    "%ftp": 1000, "w": 3000, "%mmp": 200, "%hr": 120, "%lthr": 130, "%pace": 200, "rpm": 250,
}
_KIND: Final = {
    "%ftp": "power", "w": "power", "power_zone": "power", "%mmp": "power",
    "%hr": "hr", "%lthr": "hr", "hr_zone": "hr",
    "%pace": "pace", "pace_zone": "pace", "pace": "pace", "rpm": "cadence",
}
_KIND_NAME: Final = {"power": "power", "hr": "heart rate", "pace": "pace", "cadence": "cadence"}
_EXAMPLE: Final = '"- 10m 75%", "- 5m 95-105% 90rpm", "- 8m Z4 Pace" or "- 1km 4:00/km Pace"'
MAX_ZONE: Final = 7
_NUMBER = re.compile(r"^\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?$")
_PER_KG = re.compile(r"w/kg$", re.I)
_SPEED = re.compile(r"(km/h|kmh|kph|mph)$", re.I)
# A number written for each sport family, when the writer left out what it measures.
_NUMBER_FORMS: Final = {
    "ride": '"{n}%" (of FTP) or "{n}w"',
    "run": '"{n}% Pace", "{n}% HR" or "{n}% LTHR"',
    "swim": '"{n}% Pace" or "{n}% HR"',
}
# Intensity names, and the targets that say them in the syntax (ride; other sports use Pace zones).
_INTENSITY_WORDS: Final = {
    "threshold": ("100%", "100% Pace"), "tempo": ("Z3", "Z3 Pace"), "sweetspot": ("88-93%", "Z3 Pace"),
    "vo2": ("106-120%", "Z5 Pace"), "vo2max": ("106-120%", "Z5 Pace"), "endurance": ("Z2", "Z2 Pace"),
}


class StepError(ValueError):
    """A step line is wrong; the message is for the person who wrote it."""


@dataclass
class _Reader:
    tokens: list[str]
    pos: int = 0

    def peek(self, ahead: int = 0) -> str:
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else ""


def parse_step(body: str, line: int = 0, family: str = "ride") -> Step:
    """One step from the text after "- "; `family` ("ride", "run", "swim", ...) shapes the fix hints."""
    body, until_lap_press = _strip_press_lap(body)
    cue = ""
    if "<!>" in body:  # "<!>" ends a cue that may itself hold timed prompts ("33^Second prompt")
        cue, body = (part.strip() for part in body.split("<!>", 1))
        if not cue or "<!>" in body:
            raise StepError('"<!>" ends a cue and appears once, after it: '
                            '"- Settle in^60 Spin up <!> 10m ramp 50-75%"')
    tokens = body.split()
    if not tokens and not until_lap_press:
        raise StepError(f"the step is empty; write a duration or distance and a target, e.g. {_EXAMPLE}")
    seconds: int | None = None
    distance: tuple[float, str] | None = None
    if until_lap_press and not any(lex.is_length(t) for t in tokens):
        # "- Press lap when ready": the step lasts until the lap button, so it has no length.
        start = end = next((i for i, t in enumerate(tokens) if lex.looks_like_target(t)), len(tokens))
    else:
        start = _find_length(tokens)
        seconds, end = _read_duration(tokens, start)
        if seconds is None:
            distance = lex.distance_token(tokens[start])
            end = start + 1
    if not cue:
        cue = " ".join(tokens[:start])
    elif start:
        raise StepError(f'text after "<!>" must start with the duration; move "{tokens[0]}" before "<!>"')
    step = _read_targets(_Reader(tokens, end), family)
    # Prose words gathered from around the targets can spell "press lap" only once joined.
    extra, lap_in_prose = _strip_press_lap(step.extra)
    if extra.split() and extra.split()[0].lower() in _KEYWORD_UNITS:
        raise StepError(f'"{extra.split()[0]}" must follow its value, e.g. "70% HR", "Z2 HR" or "80% Pace"')
    step = replace(step, duration=seconds, cue=cue, until_lap_press=until_lap_press or lap_in_prose,
                   extra=extra, line=line)
    if distance is not None:
        step = replace(step, distance=distance[0], distance_unit=distance[1])
    _check_step(step)
    return step


def _strip_press_lap(text: str) -> tuple[str, bool]:
    found = bool(_PRESS_LAP.search(text))
    while _PRESS_LAP.search(text):  # loop: removing one can join "press Press lap lap" into another
        text = _PRESS_LAP.sub(" ", text)
    return " ".join(text.split()), found


def _find_length(tokens: list[str]) -> int:
    """Index of the duration or distance token; everything before it is the cue."""
    for i, tok in enumerate(tokens):
        if lex.is_length(tok):
            return i
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        bad = lex.bad_length_message(tok, nxt)
        if bad:
            raise StepError(bad)
        if lex.REPEAT.match(tok):
            raise StepError(f'a repeat cannot sit inside a step; put "{tok}" on its own line above '
                            "the steps it repeats (repeats cannot be nested)")
        if lex.looks_like_target(tok):
            if any(lex.is_length(t) for t in tokens[i:]):
                raise StepError(f'"{tok}" comes before the duration; write the duration first, '
                                f"then targets, e.g. {_EXAMPLE}")
            break
    raise StepError(f"the step has no duration or distance; every step needs one, e.g. {_EXAMPLE}")


def _read_duration(tokens: list[str], i: int) -> tuple[int | None, int]:
    """Seconds from tokens[i:], joining "1h 10m 30s" written with spaces; else (None, i)."""
    span = lex.duration_token(tokens[i])
    if span is None:
        return None, i
    seconds, small, i = span.seconds, span.small, i + 1
    while i < len(tokens) and (nxt := lex.duration_token(tokens[i])) and nxt.big < small:
        seconds, small, i = seconds + nxt.seconds, nxt.small, i + 1
    return seconds, i


def _read_targets(r: _Reader, family: str) -> Step:
    found: dict[str, Target] = {}
    ramp = freeride = False
    prose: list[str] = []
    while r.pos < len(r.tokens):
        tok = r.peek()
        low = tok.lower()
        r.pos += 1
        if low == "ramp":
            ramp = True
            continue
        if low == "freeride":
            freeride = True
            continue
        target = _read_target(tok, r)
        if target is None:
            if lex.looks_like_target(tok) or lex.is_length(tok) or lex.bad_length_message(tok):
                raise StepError(_not_a_target(tok, prose))
            if not prose and low in _KEYWORD_UNITS:
                raise StepError(f'"{tok}" must follow its value, e.g. "70% HR", "Z2 HR" or "80% Pace"')
            unread = _unread(tok, r.peek(), family)
            if unread:
                raise StepError(unread)
            prose.append(tok)
            continue
        kind = _KIND[target.units]
        if kind in found:
            raise StepError(f"the step has two {_KIND_NAME[kind]} targets; keep one "
                            '(a range is one target: "95-105%", "Z2-Z3 HR")')
        found[kind] = target
    return Step(
        ramp=ramp, freeride=freeride, power=found.get("power"), hr=found.get("hr"),
        pace=found.get("pace"), cadence=found.get("cadence"), extra=" ".join(prose),
    )


def _unread(tok: str, following: str, family: str) -> str | None:
    """Why a token after the duration, which reads as neither target nor plain note, is refused.

    The parser never guesses: a number, a unit or an intensity word there meant a target
    the syntax does not spell that way, and Intervals.icu would keep it as text.
    """
    word = tok.strip(".,;:!?()").lower()
    nxt = following.strip(".,;:!?()").lower()
    ride = family not in ("run", "swim", "row")
    if _PER_KG.search(word):
        return f'"{tok}": W/kg targets are not in the workout syntax; write watts ("250w") or % of FTP ("95%")'
    if _SPEED.search(word):
        return (f'"{tok}": speed targets are not in the workout syntax; write a pace ("2:00/km Pace") '
                "or, on a ride, power")
    if _NUMBER.match(word):
        if nxt in ("w", "watt", "watts"):
            return f'"{tok} {following}": write "{word}w", with no space'
        if nxt in ("hr", "lthr", "pace", "ftp"):
            return f'"{tok} {following}": write "{word}% {"FTP" if nxt == "ftp" else following}" with the % sign'
        if nxt == "bpm":
            return f'"{tok} {following}": heart rate is written "70% HR", "90-95% LTHR" or "Z2 HR", not in bpm'
        forms = _NUMBER_FORMS.get(family, _NUMBER_FORMS["ride"]).format(n=word)
        return f'"{tok}" is a number without a unit, so it is no target; write {forms}'
    if any(ch.isdigit() for ch in word):
        return _not_a_target(tok, [])
    if word in _INTENSITY_WORDS:
        ride_form, other_form = _INTENSITY_WORDS[word]
        if word == "threshold" and nxt == "pace":
            return '"threshold pace" is no target; write "100% Pace", or a zone such as "Z4 Pace"'
        form = ride_form if ride else other_form
        return f'"{tok}" names an intensity but is no target; write it as one, e.g. "{form}"'
    if word in ("w", "watt", "watts", "bpm", "rpm", "ftp", "zone", "zones", "power", "cadence"):
        return (f'"{tok}" is no target on its own; units follow their number without a space ("250w", '
                '"90rpm") and zones are "Z2", "Z2 HR" or "Z2 Pace"')
    return None


def _not_a_target(tok: str, prose: list[str]) -> str:
    if lex.CUSTOM_ZONE.match(tok):
        return f'custom zones ("{tok}") are not supported; use Z1-Z7, % FTP or watts'
    if lex.is_length(tok):
        where = "in the note" if prose else "after the targets"
        return f'a second duration or distance "{tok}" {where}; a step has one, e.g. {_EXAMPLE}'
    bad = lex.bad_length_message(tok)
    if bad:
        return bad
    if re.search(r"bpm$", tok, re.I):
        return f'"{tok}": heart rate is written "70% HR", "90-95% LTHR" or "Z2 HR", not in bpm'
    if re.search(r"%(hr|lthr|pace|ftp|mmp)$", tok, re.I):
        return f'"{tok}": put a space before the keyword, e.g. "70% HR", "95% LTHR", "80% Pace"'
    return (f'"{tok}" is not a target; targets look like 75%, 95-105%, 220w, Z2, 70% HR, 95% LTHR, '
            "Z2 HR, 80% Pace, Z2 Pace, 5:00/km Pace or 90rpm")


def _range(a: str, b: str | None) -> tuple[float, float | None]:
    return float(a), (float(b) if b is not None else None)


def _keyword(r: _Reader) -> str:
    low = r.peek().lower()
    if low in _KEYWORD_UNITS:
        r.pos += 1
        return low
    return ""


def _read_target(tok: str, r: _Reader) -> Target | None:
    """The target starting at `tok` (consuming a following HR/LTHR/Pace/MMP keyword), or None."""
    if m := lex.PCT.match(tok):
        start, end = _range(m["a"], m["b"])
        word = _keyword(r)
        if word == "mmp":
            span = lex.duration_token(r.peek())
            if span is None:
                raise StepError('"% MMP" needs the duration of the effort, e.g. "60% MMP 5m"')
            r.pos += 1
            return Target("%mmp", start, end, mmp_seconds=span.seconds)
        return Target(_KEYWORD_UNITS.get(word, "%ftp"), start, end)
    if m := lex.WATTS.match(tok):
        return Target("w", *_range(m["a"], m["b"]))
    if m := lex.ZONE.match(tok):
        word = _keyword(r)
        if word not in ("", "hr", "pace"):
            raise StepError(f'zones are written "Z2", "Z2 HR" or "Z2 Pace", not "{tok} {r.peek(-1)}"')
        units = {"": "power_zone", "hr": "hr_zone", "pace": "pace_zone"}[word]
        return Target(units, *_range(m["a"], m["b"]))
    if m := lex.PACE.match(tok):
        if _keyword(r) != "pace":
            raise StepError(f'"{tok}" needs the word "Pace" after it ("{tok} Pace"), '
                            "otherwise Intervals.icu silently ignores it")
        ua, ub = (m["ua"] or "").lower() or None, (m["ub"] or "").lower() or None
        if ua and ub and ua != ub:
            raise StepError(f'"{tok}" mixes {ua} and {ub}; use one unit, e.g. "4:10-4:00/km Pace"')
        try:
            start = float(lex.pace_seconds(m["a"]))
            end = float(lex.pace_seconds(m["b"])) if m["b"] else None
        except ValueError:
            raise StepError(f'"{tok}" is not a pace; write minutes:seconds, e.g. "4:05/km Pace"') from None
        return Target("pace", start, end, pace_per=ua or ub)
    if m := lex.RPM.match(tok):
        return Target("rpm", *_range(m["a"], m["b"]))
    return None


def _check_step(step: Step) -> None:
    for kind, t in step.targets:
        if t.units in ("power_zone", "hr_zone", "pace_zone"):
            for z in (t.start, t.end):
                if z is not None and not 1 <= z <= MAX_ZONE:
                    raise StepError(f'zone Z{lex.syntax_number(z)} does not exist; zones are Z1 to Z{MAX_ZONE}')
        limit = _LIMITS.get(t.units)
        if limit is not None and t.high > limit:
            raise StepError(f"{_spec(kind, t)} is above {lex.syntax_number(limit)}{_unit_word(t.units)}; "
                            "check for a typo")
        if t.units in ("%pace", "pace") and t.low <= 0:
            raise StepError(f"{_spec(kind, t)} must be above zero")
        if t.end is not None and t.end < t.start and not step.ramp and t.units != "pace":
            flipped = render_target(replace(t, start=t.end, end=t.start))
            raise StepError(f'{_spec(kind, t)} runs backwards; write it low to high ("{flipped}"), '
                            'or add "ramp" for a target that changes over the step')
    if step.ramp and not any(t.is_range for kind, t in step.targets if kind != "cadence"):
        raise StepError('a ramp needs a start and an end, e.g. "- 10m ramp 50-75%"')
    if step.duration == 0 or step.distance == 0:
        raise StepError("the step has zero length; give it a duration or distance above zero")


def _spec(kind: str, t: Target) -> str:
    return f'{_KIND_NAME[kind]} target "{render_target(t)}"'


def _unit_word(units: str) -> str:
    return {"%ftp": "% FTP", "w": " W", "%mmp": "% MMP", "%hr": "% max HR", "%lthr": "% LTHR",
            "%pace": "% threshold pace", "rpm": " rpm"}.get(units, "")
