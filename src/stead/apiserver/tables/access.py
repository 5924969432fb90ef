"""Total readers of wire-shaped JSON: every lookup answers Go's zero value instead of raising.

Printers read objects users wrote; a field may be missing, null or (for objects that skipped
our schema check) of an unexpected type. Each reader here narrows one value to the type a
printer needs and falls back to the value Go would print for an unset field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Object = Mapping[str, Any]

_EMPTY: Object = {}


def dig(value: object, *keys: str) -> object:
    """The value at `keys` below `value`, or None as soon as a step is not a mapping."""
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def mapping(value: object) -> Object:
    return value if isinstance(value, Mapping) else _EMPTY


def mappings(value: object) -> list[Object]:
    """The mapping elements of a list (anything else in it is skipped)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def strings(value: object) -> list[str]:
    """The string elements of a list (anything else in it is skipped)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def text(value: object) -> str:
    return value if isinstance(value, str) else ""


def integer(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def is_true(value: object) -> bool:
    """True only for JSON `true` (a Go *bool that is set and true)."""
    return value is True


def name_of(obj: Object) -> str:
    return text(dig(obj, "metadata", "name"))


def is_deleting(obj: Object) -> bool:
    """True when `metadata.deletionTimestamp` is set (Go: a non-nil pointer)."""
    return dig(obj, "metadata", "deletionTimestamp") is not None


def annotation(obj: Object, key: str) -> str | None:
    """The annotation's value, or None when the object has no such annotation."""
    value = mapping(dig(obj, "metadata", "annotations")).get(key)
    return value if isinstance(value, str) else None


def format_labels(labels: object) -> str:
    """Upstream `labels.FormatLabels`: sorted `k=v` joined by commas, `<none>` when empty."""
    pairs = mapping(labels)
    if not pairs:
        return "<none>"
    return ",".join(f"{key}={text(pairs[key])}" for key in sorted(pairs))
