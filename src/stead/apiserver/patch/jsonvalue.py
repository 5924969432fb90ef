"""Decoded-JSON helpers shared by the patch engines and the field manager.

Values are what a JSON decoder returns: dict, list, str, int, float, bool, None. Python's own
`==` conflates `True` with `1`; the helpers here keep JSON's types apart while comparing numbers
by value, as RFC 6902 asks.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

JsonObject = dict[str, Any]


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value: object, array, string, number, boolean or null."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null"


def deep_copy(value: Any) -> Any:
    """A copy sharing no container with `value` (scalars are immutable and shared)."""
    if isinstance(value, dict):
        return {key: deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [deep_copy(item) for item in value]
    return value


def identity(value: Any) -> Hashable:
    """A hashable stand-in for a JSON value: equal exactly when `json_equal` says so."""
    if isinstance(value, dict):
        return ("o", frozenset((key, identity(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("a", tuple(identity(item) for item in value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return ("n", int(value))
    if isinstance(value, int | float):
        return ("n", value)
    return ("s", value) if isinstance(value, str) else ("z", None)


def json_equal(left: Any, right: Any) -> bool:
    """Structural equality with JSON's types: `true != 1`, `1 == 1.0`, key order ignored."""
    return identity(left) == identity(right)


def go_format(value: Any) -> str:
    """A value printed as Go's `%v` prints decoded JSON, for messages that quote upstream's."""
    if isinstance(value, dict):
        inner = " ".join(f"{key}:{go_format(value[key])}" for key in sorted(value))
        return f"map[{inner}]"
    if isinstance(value, list):
        return "[" + " ".join(go_format(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)
