"""Argument mistakes in plain words: which argument, what was given, what is accepted.

Pydantic's own messages name internal types and link to its documentation; the model
needs the argument, the value it sent and the forms that would work, taken from the
same schema it was shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

MAX_SHOWN = 60


def unknown_arguments(tool: str, given: Iterable[str], schema: Mapping[str, Any]) -> str | None:
    """A refusal naming the unknown arguments and listing the known ones; None when all are known."""
    known = list(schema.get("properties", {}))
    unknown = sorted(set(given) - set(known))
    if not unknown:
        return None
    listed = ", ".join(known) if known else "none"
    names = ", ".join(unknown)
    return f"{tool}: unknown argument{'s' if len(unknown) > 1 else ''} {names}. Its arguments are: {listed}."


def accepted(schema: Mapping[str, Any]) -> str:
    """What a schema accepts, in words: 'one of Ride, Run', 'a whole number from 1 to 50', ..."""
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "integer" or kind == "number":
        noun = "a whole number" if kind == "integer" else "a number"
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        if low is not None and high is not None:
            return f"{noun} from {low} to {high}"
        return noun if low is None else f"{noun} from {low}"
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        item = accepted(schema.get("items", {}))
        size = schema.get("maxItems")
        return f"a list{f' of up to {size}' if size else ''} ({item} each)"
    if kind == "object":
        props = schema.get("properties", {})
        return "an object with " + ", ".join(props) if props else "an object"
    if kind == "string":
        hint = schema.get("description")
        limit = schema.get("maxLength")
        text = f"text{f' up to {limit} characters' if limit else ''}"
        return f"{text} ({hint})" if hint else text
    return str(schema.get("description", "a value of the documented form"))


def _schema_at(schema: Mapping[str, Any], path: tuple[Any, ...]) -> Mapping[str, Any]:
    node: Mapping[str, Any] = schema
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def plain_validation_error(tool: str, exc: ValidationError, schema: Mapping[str, Any]) -> str:
    """One line per wrong argument: `arg`: what was wrong with the value given; what is accepted."""
    lines = []
    for error in exc.errors(include_url=False):
        path = tuple(error["loc"])
        name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")
        wants = accepted(_schema_at(schema, path))
        if error["type"] == "missing":
            lines.append(f"`{name}` is missing; give {wants}.")
        else:
            lines.append(f"`{name}`: {_shown(error.get('input'))} is not accepted; give {wants}.")
    return f"{tool}: wrong arguments, nothing was done.\n" + "\n".join(lines)
