"""Field tables of the self-review kinds behind `kubectl auth can-i` and `kubectl auth whoami`.

From k8s.io/api `authorization/v1/generated.proto` and `authentication/v1/generated.proto`, with
each field's presence taken from the Go declaration in `types.go` (see `model`), in Go
declaration order. Go's JSON shows the non-`omitempty` lists of a rules review as `null` when
empty; these tables leave them out, as every empty list here is.
"""

from __future__ import annotations

from stead.apiserver.protobuf.meta import OBJECT_META, SELECTOR_REQUIREMENT
from stead.apiserver.protobuf.model import (
    BOOL,
    JSON,
    STRING,
    Message,
    always,
    map_of,
    omitempty,
    pointer,
    repeated,
)

SELECTOR_ATTRIBUTES = Message(
    "SelectorAttributes",
    (omitempty(1, "rawSelector", STRING), repeated(2, "requirements", SELECTOR_REQUIREMENT)),
)
"""FieldSelectorAttributes and LabelSelectorAttributes, which share one layout."""

RESOURCE_ATTRIBUTES = Message(
    "ResourceAttributes",
    (
        omitempty(1, "namespace", STRING),
        omitempty(2, "verb", STRING),
        omitempty(3, "group", STRING),
        omitempty(4, "version", STRING),
        omitempty(5, "resource", STRING),
        omitempty(6, "subresource", STRING),
        omitempty(7, "name", STRING),
        pointer(8, "fieldSelector", SELECTOR_ATTRIBUTES),
        pointer(9, "labelSelector", SELECTOR_ATTRIBUTES),
    ),
)

NON_RESOURCE_ATTRIBUTES = Message(
    "NonResourceAttributes",
    (omitempty(1, "path", STRING), omitempty(2, "verb", STRING)),
)

SUBJECT_ACCESS_REVIEW_STATUS = Message(
    "SubjectAccessReviewStatus",
    (
        always(1, "allowed", BOOL),
        omitempty(4, "denied", BOOL),
        omitempty(2, "reason", STRING),
        omitempty(3, "evaluationError", STRING),
    ),
)

SELF_SUBJECT_ACCESS_REVIEW = Message(
    "SelfSubjectAccessReview",
    (
        always(1, "metadata", OBJECT_META),
        always(
            2,
            "spec",
            Message(
                "SelfSubjectAccessReviewSpec",
                (
                    pointer(1, "resourceAttributes", RESOURCE_ATTRIBUTES),
                    pointer(2, "nonResourceAttributes", NON_RESOURCE_ATTRIBUTES),
                ),
            ),
        ),
        always(3, "status", SUBJECT_ACCESS_REVIEW_STATUS),
    ),
)

RESOURCE_RULE = Message(
    "ResourceRule",
    (
        repeated(1, "verbs", STRING),
        repeated(2, "apiGroups", STRING),
        repeated(3, "resources", STRING),
        repeated(4, "resourceNames", STRING),
    ),
)

NON_RESOURCE_RULE = Message(
    "NonResourceRule",
    (repeated(1, "verbs", STRING), repeated(2, "nonResourceURLs", STRING)),
)

SUBJECT_RULES_REVIEW_STATUS = Message(
    "SubjectRulesReviewStatus",
    (
        repeated(1, "resourceRules", RESOURCE_RULE),
        repeated(2, "nonResourceRules", NON_RESOURCE_RULE),
        always(3, "incomplete", BOOL),
        omitempty(4, "evaluationError", STRING),
    ),
)

SELF_SUBJECT_RULES_REVIEW = Message(
    "SelfSubjectRulesReview",
    (
        always(1, "metadata", OBJECT_META),
        always(
            2, "spec", Message("SelfSubjectRulesReviewSpec", (omitempty(1, "namespace", STRING),))
        ),
        always(3, "status", SUBJECT_RULES_REVIEW_STATUS),
    ),
)


def _items(fields: dict[str, JSON]) -> JSON:
    return fields.get("items", [])


EXTRA_VALUE = Message("ExtraValue", (repeated(1, "items", STRING),), finish=_items)
"""A `[]string` that protobuf wraps in a message and JSON shows as the bare list."""

USER_INFO = Message(
    "UserInfo",
    (
        omitempty(1, "username", STRING),
        omitempty(2, "uid", STRING),
        repeated(3, "groups", STRING),
        map_of(4, "extra", EXTRA_VALUE),
    ),
)

SELF_SUBJECT_REVIEW = Message(
    "SelfSubjectReview",
    (
        always(1, "metadata", OBJECT_META),
        always(
            2,
            "status",
            Message("SelfSubjectReviewStatus", (always(1, "userInfo", USER_INFO),)),
        ),
    ),
)
