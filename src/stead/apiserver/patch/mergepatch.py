"""JSON Merge Patch (RFC 7386): `application/merge-patch+json`.

Objects merge key by key, `null` deletes a key, anything else (arrays included) replaces the
target wholesale. The patch of an object must itself be an object (upstream answers 400 for
anything else).
"""

from __future__ import annotations

from typing import Any

from stead.api import errors
from stead.apiserver.patch.jsonvalue import JsonObject, deep_copy, json_type


def apply_merge_patch(document: JsonObject, patch: Any) -> JsonObject:
    """Merge `patch` into a copy of `document`; the inputs are never changed."""
    if not isinstance(document, dict):
        raise errors.BadRequest("Invalid JSON Document")
    if not isinstance(patch, dict):
        raise errors.BadRequest(
            f"Invalid JSON Patch: a merge patch must be a JSON object, not a {json_type(patch)}"
        )
    merged: JsonObject = deep_copy(document)
    _merge_into(merged, patch)
    return merged


def _merge_into(target: JsonObject, patch: JsonObject) -> None:
    """RFC 7386 MergePatch(target, patch), done in place on a private `target`."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            child = target.get(key)
            if not isinstance(child, dict):
                child = target[key] = {}
            _merge_into(child, value)
        else:
            target[key] = deep_copy(value)
