"""Bounds on the JSON values requests bring in, and YAML documents made into plain JSON.

Objects are walked, patched, copied and encoded by code that recurses once per nesting level,
and orjson refuses to encode past 254 levels: a value nested deeper than `MAX_DEPTH` must be
refused before any of that runs. Upstream's decoders stop at 10000 levels; ours at 100, which no
real object comes near.

A parsed YAML document is not yet JSON: aliases share nodes (nine levels of nine aliases expand
to 387 million nodes), and YAML has timestamps, binary, sets, and keys that are not strings.
`plain_json` turns it into a fresh JSON tree, the way upstream's YAML-to-JSON conversion does,
or refuses it.
"""

from __future__ import annotations

import base64
import datetime
import math
from typing import Any

MAX_DEPTH = 100
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
_ALIAS_ALLOWANCE = 10_000
"""Nodes an alias-expanded document may have beyond four per byte of its text."""


class Unrepresentable(ValueError):
    """The value cannot be kept as a JSON object: too deep, too large, or not JSON."""


def too_deep(value: Any) -> bool:
    """Whether containers nest in `value` more than `MAX_DEPTH` levels deep (iterative, so safe
    on any input)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def plain_json(document: Any, *, source_size: int) -> Any:
    """A fresh JSON tree equal to the parsed YAML `document` (of `source_size` bytes of text).

    Raises Unrepresentable for excessive aliasing, nesting past `MAX_DEPTH`, or a value JSON
    cannot hold (a set, a NaN, an infinity).
    """
    budget = 4 * source_size + _ALIAS_ALLOWANCE
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(document, root, 0, 0)]
    while stack:
        node, parent, slot, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise Unrepresentable("yaml: document contains excessive aliasing")
        if isinstance(node, dict | list):
            if depth >= MAX_DEPTH:
                raise Unrepresentable(f"yaml: exceeded max depth of {MAX_DEPTH}")
            parent[slot] = copy = {} if isinstance(node, dict) else [None] * len(node)
            items = node.items() if isinstance(node, dict) else enumerate(node)
            # Reversed onto the stack, so keys are inserted in document order.
            for key, child in reversed(list(items)):
                target = _key(key) if isinstance(node, dict) else key
                stack.append((child, copy, target, depth + 1))
        else:
            parent[slot] = _scalar(node)
    return root[0]


def _finite(number: float) -> float:
    try:
        as_float = float(number)
    except OverflowError:
        as_float = math.inf
    if math.isnan(as_float) or math.isinf(as_float):
        raise Unrepresentable(f"json: unsupported value: {as_float}")
    return as_float


def _key(key: Any) -> str:
    """Map keys as upstream's YAML-to-JSON conversion spells them."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, int | float):
        return str(_scalar(key))
    raise Unrepresentable(f"yaml: unsupported map key of type {type(key).__name__}")


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        # As a JSON parser reads it (and as orjson can write it): past 64 bits, a float.
        return value if _INT64_MIN <= value <= _UINT64_MAX else _finite(value)
    if isinstance(value, float):
        return _finite(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return f"{value.isoformat()}T00:00:00Z"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise Unrepresentable(f"yaml: unsupported value of type {type(value).__name__}")
