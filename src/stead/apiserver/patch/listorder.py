"""Element identity and ordering for lists merged by a strategic merge patch.

After a merge, upstream orders the list so that items named by the patch keep the patch's
relative order, items only the server had keep theirs, and the two are interleaved by where
the server-side items sat before. A `$setElementOrder/<list>` directive supplies the patch order
explicitly. Items are identified by their merge key (lists of objects) or by value (primitives).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from stead.apiserver.patch import smperrors
from stead.apiserver.patch.jsonvalue import go_format, identity, json_type


def element_kind(*lists: list[Any]) -> str:
    """The one JSON type all items share; lists of lists and mixed lists are refused."""
    kinds = {json_type(item) for items in lists for item in items}
    if "array" in kinds:
        raise smperrors.list_of_lists()
    if len(kinds) > 1:
        raise smperrors.mixed_elements(*lists)
    return kinds.pop() if kinds else "null"


def key_of(item: Any, merge_key: str) -> Hashable:
    """What identifies `item`: its merge-key value, or the item itself for primitives."""
    if not merge_key:
        return identity(item)
    if not isinstance(item, dict) or merge_key not in item:
        raise smperrors.no_merge_key(item, merge_key)
    return identity(item[merge_key])


def dedupe(items: list[Any]) -> list[Any]:
    """`items` without repeats, first occurrences kept."""
    seen: set[Hashable] = set()
    unique = []
    for item in items:
        key = identity(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def partition(items: list[Any], by: list[Any], merge_key: str) -> tuple[list[Any], list[Any]]:
    """Split `items` into those also named in `by` and the others, keeping relative order."""
    wanted = {key_of(item, merge_key) for item in by}
    named = [item for item in items if key_of(item, merge_key) in wanted]
    others = [item for item in items if key_of(item, merge_key) not in wanted]
    return named, others


def check_element_order(patch_list: list[Any], order: list[Any], merge_key: str) -> None:
    """The patch's items (deletions aside) must appear in `$setElementOrder` in the same order."""
    if not patch_list or not order:
        return
    kept = [item for item in patch_list if not _is_deletion(item, merge_key)]
    position = 0
    keys = [key_of(item, merge_key) for item in order]
    for item in kept:
        if isinstance(item, dict) and "$patch" in item:
            continue
        wanted = key_of(item, merge_key)
        while position < len(keys) and keys[position] != wanted:
            position += 1
        if position == len(keys):
            raise smperrors.unmergeable(
                f"The order in patch list:\n{go_format(patch_list)}\n doesn't match "
                f"$setElementOrder list:\n{go_format(order)}\n"
            )
        position += 1


def _is_deletion(item: Any, merge_key: str) -> bool:
    return bool(merge_key) and isinstance(item, dict) and item.get("$patch") == "delete"


def normalize_order(
    patch_items: list[Any],
    server_only: list[Any],
    *,
    patch_order: list[Any],
    server_order: list[Any],
    merge_key: str,
) -> list[Any]:
    """Interleave patch items (in `patch_order`) with server-only items (in `server_order`).

    A server-only item goes before the next patch item only when both sat in `server_order`
    and it came first there; items new to the server go as early as that allows.
    """
    patch_items = _sorted_by(patch_items, patch_order, merge_key)
    server_only = _sorted_by(server_only, server_order, merge_key)
    places = _positions(server_order, merge_key)
    merged: list[Any] = []
    left, right = 0, 0
    while left < len(server_only) or right < len(patch_items):
        if right >= len(patch_items) or (
            left < len(server_only)
            and _before(server_only[left], patch_items[right], places, merge_key)
        ):
            merged.append(server_only[left])
            left += 1
        else:
            merged.append(patch_items[right])
            right += 1
    return merged


def _positions(order: list[Any], merge_key: str) -> dict[Hashable, int]:
    places: dict[Hashable, int] = {}
    for position, item in enumerate(order):
        places.setdefault(_loose_key(item, merge_key), position)
    return places


def _loose_key(item: Any, merge_key: str) -> Hashable:
    """Like `key_of`, but an item without its merge key is identified as null (as upstream)."""
    if merge_key and isinstance(item, dict):
        return identity(item.get(merge_key))
    return identity(item)


def _before(server: Any, patch: Any, places: dict[Hashable, int], merge_key: str) -> bool:
    here = places.get(_loose_key(server, merge_key))
    there = places.get(_loose_key(patch, merge_key))
    return here is not None and there is not None and here < there


def _sorted_by(items: list[Any], order: list[Any], merge_key: str) -> list[Any]:
    places = _positions(order, merge_key)
    unknown = len(order)
    return sorted(items, key=lambda item: places.get(_loose_key(item, merge_key), unknown))
