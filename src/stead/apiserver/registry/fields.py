"""Total accessors over decoded JSON, and upstream's notion of "semantically equal".

Objects reach the strategies schema-checked, but any optional field may be absent or `null`.
These helpers answer a neutral value (empty dict, list, string; None for numbers) for anything
absent or of an unexpected shape, so rules read like upstream's Go over zero values and never
raise.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

Object = dict[str, Any]


def as_dict(value: object) -> Object:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def child(obj: object, key: str) -> Object:
    """`obj[key]` when it is an object, else an empty (detached) dict."""
    return as_dict(as_dict(obj).get(key))


def ensure(obj: Object, key: str) -> Object:
    """`obj[key]` as an object, created (replacing null) when missing."""
    value = obj.get(key)
    if not isinstance(value, dict):
        value = {}
        obj[key] = value
    return value


def objects(value: object) -> list[Object]:
    """The elements of a list; an element that is not an object reads as {}."""
    return [as_dict(element) for element in as_list(value)]


def items(obj: object, key: str) -> list[Object]:
    """The elements of the list `obj[key]` (see `objects`)."""
    return objects(as_dict(obj).get(key))


def enumerate_items(obj: object, key: str) -> Iterator[tuple[int, Object]]:
    return enumerate(items(obj, key))


def text(obj: object, key: str) -> str:
    """`obj[key]` as a string; "" when absent (Go's zero value)."""
    value = as_dict(obj).get(key)
    return value if isinstance(value, str) else ""


def integer(obj: object, key: str) -> int | None:
    """`obj[key]` when it is an integer (booleans excluded), else None."""
    value = as_dict(obj).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number(obj: object, key: str) -> int:
    """`obj[key]` as an integer, 0 when absent (a non-pointer Go int)."""
    value = integer(obj, key)
    return 0 if value is None else value


def flag(obj: object, key: str) -> bool:
    return as_dict(obj).get(key) is True


def strings(value: object) -> list[str]:
    return [element for element in as_list(value) if isinstance(element, str)]


def string_map(value: object) -> dict[str, str]:
    return {k: v for k, v in as_dict(value).items() if isinstance(v, str)}


def is_unset(obj: Object, key: str) -> bool:
    """True when `obj[key]` is absent, null or "" (how upstream defaulting sees a string)."""
    return obj.get(key) in (None, "")


def normalized(value: object) -> object:
    """`value` with nulls and empty lists/maps dropped at every level (see `semantic_equal`)."""
    if isinstance(value, dict):
        kept = {k: normalized(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [normalized(element) for element in value]
    return value


def semantic_equal(left: object, right: object) -> bool:
    """Upstream `equality.Semantic.DeepEqual` over JSON: an absent field, `null` and an empty
    list or map are the same thing."""
    return normalized(left) == normalized(right)


def clone(value: Any) -> Any:
    return copy.deepcopy(value)
