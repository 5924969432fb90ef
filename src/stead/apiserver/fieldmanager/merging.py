"""Merging an applied configuration into the live object, as server-side apply does.

Maps merge key by key and associative lists item by item; everything else (scalars, atomic
lists and maps) takes the configuration's value. Items of a merged list keep the live order,
with the configuration's items placed where its own order puts them.

Upstream round-trips the result through Go structs; two rules stand in for that here: a field
the configuration sets to null, an empty list or an empty map is dropped (such fields are
pointers or `omitempty`), and an empty struct that typed objects always carry (`spec: {}`) adds
nothing where the live object has none.
"""

from __future__ import annotations

from typing import Any

from stead.apiserver.fieldmanager import schemas, walks
from stead.apiserver.fieldmanager.fieldpath import PathElement
from stead.apiserver.fieldmanager.schemas import Type
from stead.apiserver.fieldmanager.walks import MISSING, Shape


def merge(live: Any, config: Any, schema: Type | None) -> Any:
    """The merged value (MISSING when neither side has anything). Shares subtrees of both."""
    node = walks.shape(schema, live, config)
    if node is Shape.MAP:
        return _merge_maps(live, config, schema)
    if node is Shape.LIST and schema is not None:
        return _merge_lists(live, config, schema)
    return live if config is MISSING else config


def _merge_maps(live: Any, config: Any, schema: Type | None) -> Any:
    before = live if isinstance(live, dict) else {}
    applied = config if isinstance(config, dict) else {}
    if not before and not applied:
        return live if config is MISSING else config
    merged = {}
    for name in {**before, **applied}:
        child_schema = schemas.field_type(schema, name)
        provided = applied.get(name, MISSING)
        value = merge(before.get(name, MISSING), provided, child_schema)
        if provided is not MISSING and _omitted(value, child_schema):
            value = MISSING
        elif provided is not MISSING and value == {} and schemas.always_present(schema, name):
            value = before.get(name, MISSING)
        if value is not MISSING:
            merged[name] = value
    return merged or MISSING


def _omitted(value: Any, schema: Type | None) -> bool:
    """Whether a typed object would drop this value: null, or an empty list or map."""
    if schema is None:
        return False
    empty_map = value == {} and schema.is_object and not schema.is_struct
    return value is None or value == [] or empty_map


def _merge_lists(live: Any, config: Any, schema: Type) -> Any:
    if not (isinstance(live, list) and live) and not (isinstance(config, list) and config):
        return live if config is MISSING else config
    item_schema = schemas.item_type(schema)
    live_pairs = list(walks.list_items(live, schema))
    config_pairs = list(walks.list_items(config, schema))
    live_by = _index(live_pairs)
    config_by = dict(config_pairs)
    merged = [
        merge(live_item, MISSING, item_schema)
        if only_live
        else merge(live_by.get(element, MISSING), config_by[element], item_schema)
        for element, live_item, only_live in _interleave(live_pairs, config_pairs)
    ]
    result = [item for item in merged if item is not MISSING]
    return result or MISSING


def _index(pairs: list[tuple[PathElement, Any]]) -> dict[PathElement, Any]:
    """Live items by element; an element held by several items stands for none of them."""
    found: dict[PathElement, Any] = {}
    for element, item in pairs:
        found[element] = None if element in found else item
    return found


def _interleave(
    live: list[tuple[PathElement, Any]], config: list[tuple[PathElement, Any]]
) -> list[tuple[PathElement, Any, bool]]:
    """Upstream's merged order: (element, live item, whether only the live side has it).

    Live-only items stay where they were; shared and new items follow the configuration's
    order, a shared item being emitted when the configuration reaches it.
    """
    in_config = {element for element, _ in config}
    in_live = {element for element, _ in live}
    shared = [element for element, _ in config if element in in_live]
    done: set[PathElement] = set()
    order: list[tuple[PathElement, Any, bool]] = []
    at_live, at_config = 0, 0
    while at_live < len(live) or at_config < len(config):
        if at_live < len(live) and at_config < len(config):
            element = live[at_live][0]
            if element == config[at_config][0]:
                done.add(element)
                order.append((element, None, False))
                at_live, at_config = at_live + 1, at_config + 1
                shared = shared[1:]
                continue
            if element in in_config and shared and shared[0] != element:
                at_live += 1
                continue
        if at_live < len(live):
            element, item = live[at_live]
            if element not in in_config:
                order.append((element, item, True))
                at_live += 1
                continue
            if element in done:
                at_live += 1
        if at_config < len(config):
            element = config[at_config][0]
            done.add(element)
            order.append((element, None, False))
            at_config += 1
            if shared and shared[0] == element:
                shared = shared[1:]
    return order
