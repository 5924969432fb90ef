"""The errors a strategic merge patch can fail with, at upstream's HTTP codes.

Upstream answers 400 for malformed directives, 422 for lists of lists, and a bare 500 for the
remaining semantic failures (a missing merge key, mixed element types, an unknown `$patch`).
Those are the client's mistakes, not the server's: we answer them 400 BadRequest instead (a
deliberate departure), keeping upstream's messages so users can search them.
"""

from __future__ import annotations

from typing import Any

from stead.api import errors
from stead.apiserver.patch.jsonvalue import go_format

REJECTED = "the server rejected our request due to an error in our request"


def bad_retain_keys() -> errors.BadRequest:
    return errors.BadRequest("invalid patch format of retainKeys")


def bad_primitive_list() -> errors.BadRequest:
    return errors.BadRequest("invalid patch format of primitive list")


def bad_element_order() -> errors.BadRequest:
    return errors.BadRequest("invalid patch format of setElementOrder list")


def list_of_lists() -> errors.Invalid:
    return errors.Invalid(f"{REJECTED}: lists of lists are not supported")


def unmergeable(message: str) -> errors.BadRequest:
    return errors.BadRequest(message)


def no_merge_key(item: Any, merge_key: str) -> errors.BadRequest:
    return unmergeable(f"map: {go_format(item)} does not contain declared merge key: {merge_key}")


def unknown_directive(directive: Any, patch: Any) -> errors.BadRequest:
    return unmergeable(f"unknown patch type: {go_format(directive)} in map: {go_format(patch)}")


def mixed_elements(*lists: list[Any]) -> errors.BadRequest:
    shown = " ".join(go_format(items) for items in lists)
    return unmergeable(f"list element types are not identical: [{shown}]")
