"""Strategic merge patch: `application/strategic-merge-patch+json`, what kubectl sends by default.

It is a merge patch whose lists follow the kind's schema: a list with patch strategy `merge`
and a merge key is merged item by item on that key, a primitive list with strategy `merge` is
a set union, any other list is replaced. Fields the schema does not know merge like a merge
patch. Directives, which never reach the result:

- `$patch: replace` (a map or list is replaced), `$patch: delete` (a map is emptied; a list item
  `{<key>: v, $patch: delete}` removes the item), `$patch: merge` (the default, accepted);
- `$retainKeys: [...]` keys of the map not listed are dropped (union fields such as a volume's
  source);
- `$setElementOrder/<list>: [...]` the final order of a merged list;
- `$deleteFromPrimitiveList/<list>: [...]` values removed from a primitive list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stead.api import errors
from stead.api.schema import Schema
from stead.apiserver.patch import listorder, smperrors
from stead.apiserver.patch.jsonvalue import JsonObject, deep_copy, identity, json_type

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
ORDER_PREFIX = "$setElementOrder"
DELETE_PREFIX = "$deleteFromPrimitiveList"
_DROPPING = ("delete", "replace")


def apply_strategic_merge_patch(
    document: JsonObject, patch: Any, schema: Schema | None
) -> JsonObject:
    """Apply `patch` to a copy of `document`, guided by the kind's root `schema`.

    The inputs are never changed. `schema=None` merges everything like a merge patch.
    """
    if not isinstance(patch, dict):
        raise errors.BadRequest(
            f"json: cannot unmarshal {json_type(patch)} into Go value of type "
            "map[string]interface {}"
        )
    if not isinstance(document, dict):
        raise errors.BadRequest("invalid JSON document")
    try:
        return _merge_map(deep_copy(document), patch, schema)
    except RecursionError:
        raise errors.BadRequest("the patch or the object is nested too deeply") from None


def _field(schema: Schema | None, key: str) -> Schema | None:
    """The schema of `key` in an object: a declared field, else the map's value schema."""
    if schema is None:
        return None
    found = schema.field(key)
    return found if found is not None else schema.values


def _merge_map(original: JsonObject, patch: JsonObject, schema: Schema | None) -> JsonObject:
    """Merge `patch` into `original`, which is private to this merge and changed in place."""
    if DIRECTIVE in patch:
        directive = patch[DIRECTIVE]
        if directive == "replace":
            return _merge_map({}, _without(patch, DIRECTIVE), schema)
        if directive == "delete":
            return {}
        if directive != "merge":
            raise smperrors.unknown_directive(directive, patch)
    _retain_keys(original, patch)
    ordered = _apply_element_orders(original, patch, schema)
    deletions: list[tuple[str, Any]] = []
    for key, value in patch.items():
        if key in ordered or key in (DIRECTIVE, RETAIN_KEYS) or key.startswith(ORDER_PREFIX):
            continue
        if key.startswith(DELETE_PREFIX):
            target = _directive_target(key, DELETE_PREFIX, smperrors.bad_primitive_list)
            deletions.append((target, value))
            continue
        _merge_entry(original, key, value, _field(schema, key))
    for target, value in deletions:
        _delete_from_primitive_list(original, target, value)
    return original


def _without(patch: JsonObject, key: str) -> JsonObject:
    return {name: value for name, value in patch.items() if name != key}


def _merge_entry(original: JsonObject, key: str, value: Any, field: Schema | None) -> None:
    if value is None:
        original.pop(key, None)
        return
    current = original.get(key)
    if isinstance(current, dict) and isinstance(value, dict):
        replaced = field is not None and "replace" in field.patch_strategy
        original[key] = _fresh(value, field) if replaced else _merge_map(current, value, field)
    elif isinstance(current, list) and isinstance(value, list):
        original[key] = _merge_list(current, value, field)
    else:
        original[key] = _fresh(value, field)


def _fresh(value: Any, schema: Schema | None) -> Any:
    """A patch value that lands where nothing was: copied, its directives carried out."""
    if isinstance(value, dict):
        return _merge_map({}, value, schema)
    if isinstance(value, list):
        return _fresh_list(value, schema)
    return value


def _fresh_list(items: list[Any], field: Schema | None) -> list[Any]:
    item_schema = field.items if field is not None else None
    return [
        _fresh(item, item_schema)
        for item in items
        if not (isinstance(item, dict) and item.get(DIRECTIVE) in _DROPPING)
    ]


def _merge_list(current: list[Any], incoming: list[Any], field: Schema | None) -> list[Any]:
    if field is None or "merge" not in field.patch_strategy:
        return _fresh_list(incoming, field)
    return _merge_items(current, incoming, field.items, field.patch_merge_key)


def _merge_items(
    original: list[Any], patch: list[Any], item_schema: Schema | None, merge_key: str
) -> list[Any]:
    """Merge a list with strategy `merge`: a set of primitives, or objects keyed on `merge_key`."""
    if not original and not patch:
        return original
    if listorder.element_kind(original, patch) != "object":
        merged = listorder.dedupe(original + deep_copy(patch))
    elif not merge_key:
        raise smperrors.unmergeable("cannot merge lists without merge key for type map")
    else:
        original, patch = _list_directives(original, patch, merge_key, item_schema)
        merged = _merge_keyed(original, patch, merge_key, item_schema)
    named, others = listorder.partition(merged, patch, merge_key)
    return listorder.normalize_order(
        named, others, patch_order=patch, server_order=original, merge_key=merge_key
    )


def _list_directives(
    original: list[Any], patch: list[Any], merge_key: str, item_schema: Schema | None
) -> tuple[list[Any], list[Any]]:
    """Carry out `$patch` items: answers the remaining original and the plain patch items."""
    plain: list[Any] = []
    replace = False
    for item in patch:
        directive = item.get(DIRECTIVE)
        if DIRECTIVE not in item:
            plain.append(item)
        elif directive == "delete":
            doomed = listorder.key_of(item, merge_key)
            original = [kept for kept in original if not _has_key(kept, merge_key, doomed)]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            plain.append(_without(item, DIRECTIVE))
        else:
            raise smperrors.unknown_directive(directive, item)
    if replace:
        return [_fresh(item, item_schema) for item in plain], []
    return original, plain


def _has_key(item: Any, merge_key: str, wanted: object) -> bool:
    return isinstance(item, dict) and merge_key in item and identity(item[merge_key]) == wanted


def _merge_keyed(
    original: list[Any], patch: list[Any], merge_key: str, item_schema: Schema | None
) -> list[Any]:
    merged = list(original)
    for item in patch:
        wanted = listorder.key_of(item, merge_key)
        position = next(
            (at for at, have in enumerate(merged) if _has_key(have, merge_key, wanted)), None
        )
        if position is None:
            merged.append(_fresh(item, item_schema))
        else:
            merged[position] = _merge_map(merged[position], item, item_schema)
    return merged


def _retain_keys(original: JsonObject, patch: JsonObject) -> None:
    """`$retainKeys`: every key the patch sets must be listed; unlisted keys are dropped."""
    if RETAIN_KEYS not in patch:
        return
    listed = patch[RETAIN_KEYS]
    if not isinstance(listed, list):
        raise smperrors.bad_retain_keys()
    allowed = {identity(key) for key in listed}
    for key, value in patch.items():
        if value is None or key in (DIRECTIVE, RETAIN_KEYS) or key.startswith("$"):
            continue
        if identity(key) not in allowed:
            raise smperrors.bad_retain_keys()
    for key in [key for key in original if identity(key) not in allowed]:
        del original[key]


def _apply_element_orders(
    original: JsonObject, patch: JsonObject, schema: Schema | None
) -> set[str]:
    """Merge each list named by a `$setElementOrder/<list>` and put it in that order.

    Answers the names of the lists handled, which the caller must not merge again.
    """
    handled: set[str] = set()
    for key, order in patch.items():
        if not key.startswith(ORDER_PREFIX):
            continue
        target = _directive_target(key, ORDER_PREFIX, smperrors.bad_element_order)
        if not isinstance(order, list):
            raise smperrors.bad_element_order()
        incoming = patch.get(target)
        if target in patch and incoming is None:
            continue
        current = original.get(target)
        if current is None and incoming is None:
            continue
        _check_lists(target, current, incoming)
        field = _field(schema, target)
        original[target] = _ordered_merge(current, incoming, order, field)
        handled.add(target)
    return handled


def _check_lists(target: str, *values: Any) -> None:
    for value in values:
        if value is not None and not isinstance(value, list):
            raise smperrors.unmergeable(
                f"expected a []interface {{}} for {target}, but received a {json_type(value)}"
            )


def _ordered_merge(
    current: list[Any] | None, incoming: list[Any] | None, order: list[Any], field: Schema | None
) -> list[Any]:
    merge_key = field.patch_merge_key if field is not None else ""
    listorder.check_element_order(incoming or [], order, merge_key)
    listorder.element_kind(current or [], incoming or [])
    if incoming is None:
        merged = current or []
    elif current is None:
        merged = _fresh_list(incoming, field)
    else:
        merged = _merge_list(current, incoming, field)
    named, others = listorder.partition(merged, order, merge_key)
    return listorder.normalize_order(
        named, others, patch_order=order, server_order=current or [], merge_key=merge_key
    )


def _directive_target(key: str, prefix: str, error: Callable[[], errors.ApiError]) -> str:
    head, slash, target = key.partition("/")
    if not slash or head != prefix:
        raise error()
    return target


def _delete_from_primitive_list(original: JsonObject, target: str, values: Any) -> None:
    if values is None:
        original.pop(target, None)
        return
    current = original.get(target)
    if not isinstance(values, list) or not isinstance(current, list | None):
        raise smperrors.bad_primitive_list()
    if current is not None:
        doomed = {identity(value) for value in values}
        original[target] = [item for item in current if identity(item) not in doomed]
