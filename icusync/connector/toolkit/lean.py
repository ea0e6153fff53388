"""Tool metadata the model reads, small: input schemas without what the model does not use.

Pydantic describes every optional argument as `anyOf [type, null]` with `default: null`
and gives every schema a `title`; nested models go to `$defs`. The model needs none of
that: an optional argument is one it may leave out. Arguments are still validated by the
tool's pydantic model, so trimming the published schema changes no behaviour.
"""

from __future__ import annotations

import json
from typing import Any

NULL = {"type": "null"}


def lean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with `$ref`s inlined and titles, null branches and null defaults removed."""
    defs: dict[str, Any] = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = defs[node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("title", "$defs"):
                continue
            if key == "properties":  # names here are arguments, not schema keywords
                out[key] = {name: walk(sub) for name, sub in value.items()}
            else:
                out[key] = walk(value)
        branches = out.get("anyOf")
        if isinstance(branches, list) and NULL in branches:
            rest = [b for b in branches if b != NULL]
            if len(rest) == 1:
                del out["anyOf"]
                out = {**rest[0], **out}
            else:
                out["anyOf"] = rest
        if "default" in out and out["default"] is None:
            del out["default"]
        return out

    result: dict[str, Any] = walk(schema)
    return result


def model_facing_size(name: str, description: str, input_schema: dict[str, Any]) -> int:
    """What the model reads of one tool, as compact JSON characters (the budget's unit)."""
    shown = {"name": name, "description": description, "inputSchema": input_schema}
    return len(json.dumps(shown, separators=(",", ":")))
