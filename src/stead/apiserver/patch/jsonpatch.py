"""JSON Patch (RFC 6902): `application/json-patch+json`.

Error codes follow upstream: a body that is not a list of operation objects is a 400, more than
10000 operations a 413, and an operation that cannot be applied (missing path, failed `test`,
bad pointer) a 422 `Invalid`. Upstream answers that 422 with its generic message alone, which
kubectl prints as `The request is invalid: the server rejected our request due to an error in
our request`; which operation failed and why stays on the error's `__cause__` for our own logs
and tests.
"""

from __future__ import annotations

import re
from typing import Any

from stead.api import errors
from stead.apiserver.patch.jsonvalue import JsonObject, deep_copy, json_equal, json_type

MAX_OPERATIONS = 10000
_REJECTED = "the server rejected our request due to an error in our request"
_INDEX = re.compile(r"0|[1-9][0-9]*")
_ESCAPE = re.compile(r"~(?![01])")
_MISSING: Any = object()


class OperationFailed(Exception):
    """Why one operation could not be applied: the cause of the 422 the caller gets."""


def apply_json_patch(document: JsonObject, operations: Any) -> JsonObject:
    """Apply `operations` to a copy of `document`; the inputs are never changed."""
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise errors.BadRequest(
            f"json: cannot unmarshal {json_type(operations)} into a JSON patch: "
            "the body must be a JSON array of operation objects"
        )
    if len(operations) > MAX_OPERATIONS:
        raise errors.RequestEntityTooLarge(
            "Request entity too large: The allowed maximum operations in a JSON patch is "
            f"{MAX_OPERATIONS}, got {len(operations)}"
        )
    result: Any = deep_copy(document)
    for number, operation in enumerate(operations):
        try:
            result = _apply(result, operation)
        except OperationFailed as failure:
            raise errors.Invalid(_REJECTED) from OperationFailed(f"operation {number}: {failure}")
    if not isinstance(result, dict):
        raise errors.Invalid(
            f"{_REJECTED}: the patched document is not an object but {json_type(result)}"
        )
    return result


def _apply(doc: Any, operation: JsonObject) -> Any:
    op = operation.get("op")
    if op == "add":
        return _add(doc, _pointer(operation, "path"), deep_copy(_value(operation)))
    if op == "remove":
        return _remove(doc, _pointer(operation, "path"))[0]
    if op == "replace":
        return _replace(doc, _pointer(operation, "path"), deep_copy(_value(operation)))
    if op == "move":
        return _move(doc, _pointer(operation, "from"), _pointer(operation, "path"))
    if op == "copy":
        value = deep_copy(_get(doc, _pointer(operation, "from")))
        return _add(doc, _pointer(operation, "path"), value)
    if op == "test":
        _test(doc, _pointer(operation, "path"), _value(operation))
        return doc
    raise OperationFailed(
        f'unsupported operation "{op}": must be add, remove, replace, move, copy or test'
    )


def _value(operation: JsonObject) -> Any:
    if "value" not in operation:
        raise OperationFailed(f'"{operation.get("op")}" needs a "value"')
    return operation["value"]


def _pointer(operation: JsonObject, member: str) -> list[str]:
    """Parse the JSON pointer in `member` into unescaped reference tokens ([] is the root)."""
    raw = operation.get(member, _MISSING)
    if not isinstance(raw, str):
        what = "missing" if raw is _MISSING else f"a {json_type(raw)}, not a string"
        raise OperationFailed(f'"{member}" is {what}')
    if raw == "":
        return []
    if not raw.startswith("/") or _ESCAPE.search(raw):
        raise OperationFailed(f'"{member}" is not a valid JSON pointer: {raw!r}')
    return [token.replace("~1", "/").replace("~0", "~") for token in raw[1:].split("/")]


def _render(tokens: list[str]) -> str:
    """The pointer of `tokens` for messages; the root has the empty pointer, shown as such."""
    rendered = "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)
    return rendered or '""'


def _index(array: list[Any], token: str, tokens: list[str], *, allow_end: bool) -> int:
    limit = len(array) + 1 if allow_end else len(array)
    if token == "-" and allow_end:
        return len(array)
    if not _INDEX.fullmatch(token) or int(token) >= limit:
        raise OperationFailed(f"{_render(tokens)}: no array element at index {token!r}")
    return int(token)


def _get(doc: Any, tokens: list[str]) -> Any:
    node = doc
    for depth, token in enumerate(tokens):
        here = tokens[: depth + 1]
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, here, allow_end=False)]
        else:
            raise OperationFailed(f"{_render(here)}: no such path in the document")
    return node


def _add(doc: Any, tokens: list[str], value: Any) -> Any:
    if not tokens:
        return value
    parent = _get(doc, tokens[:-1])
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, last, tokens, allow_end=True), value)
    else:
        raise OperationFailed(f"{_render(tokens[:-1])}: is a {json_type(parent)}, not a container")
    return doc


def _remove(doc: Any, tokens: list[str]) -> tuple[Any, Any]:
    """Remove the target; answers the document and the removed value."""
    if not tokens:
        raise OperationFailed("the whole document cannot be removed")
    parent = _get(doc, tokens[:-1])
    last = tokens[-1]
    if isinstance(parent, dict) and last in parent:
        return doc, parent.pop(last)
    if isinstance(parent, list):
        return doc, parent.pop(_index(parent, last, tokens, allow_end=False))
    raise OperationFailed(f"{_render(tokens)}: no such path in the document")


def _replace(doc: Any, tokens: list[str], value: Any) -> Any:
    if not tokens:
        return value
    _get(doc, tokens)
    parent = _get(doc, tokens[:-1])
    if isinstance(parent, list):
        parent[_index(parent, tokens[-1], tokens, allow_end=False)] = value
    else:
        parent[tokens[-1]] = value
    return doc


def _move(doc: Any, source: list[str], target: list[str]) -> Any:
    if source == target:
        _get(doc, source)
        return doc
    if target[: len(source)] == source:
        raise OperationFailed(f"{_render(source)}: cannot be moved into one of its children")
    doc, value = _remove(doc, source)
    return _add(doc, target, value)


def _test(doc: Any, tokens: list[str], expected: Any) -> None:
    if not json_equal(_get(doc, tokens), expected):
        raise OperationFailed(f"testing value {_render(tokens)} failed: test failed")
