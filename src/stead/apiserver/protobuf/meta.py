"""Field tables of k8s.io/apimachinery messages shared by every kind.

From `pkg/apis/meta/v1/generated.proto` and `pkg/util/intstr/generated.proto`, with each field's
presence taken from the Go declaration in `types.go` (see `model`). Fields are listed in Go
declaration order, which is the order upstream's JSON uses.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson

from stead.apiserver.protobuf.model import (
    BOOL,
    INT32,
    INT64,
    JSON,
    STRING,
    Bytes,
    Message,
    always,
    map_of,
    omitempty,
    pointer,
    repeated,
)
from stead.apiserver.protobuf.wire import WireError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_GO_ZERO_TIME = datetime(1, 1, 1, tzinfo=UTC)

TIMESTAMP = Message("Timestamp", (always(1, "seconds", INT64), always(2, "nanos", INT32)))


def _time(raw: bytes) -> str | None:
    """metav1.Time: an empty payload is the zero time, which upstream's JSON shows as null.

    Upstream keeps whole seconds only (its JSON has no fraction), so `nanos` is dropped.
    """
    if not raw:
        return None
    seconds = TIMESTAMP.parse(raw)["seconds"]
    try:
        moment = _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        raise WireError(f"time {seconds}s from the Unix epoch is out of range") from None
    if moment == _GO_ZERO_TIME:
        return None
    return moment.isoformat().replace("+00:00", "Z")


TIME = Bytes(_time, None)
"""metav1.Time as an RFC 3339 string in UTC, e.g. `2024-05-01T10:00:00Z`."""


def _json_document(raw: bytes) -> JSON:
    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise WireError("not a valid JSON document") from None


FIELDS_V1 = Message(
    "FieldsV1",
    (omitempty(1, "Raw", Bytes(_json_document, None)),),
    finish=lambda fields: fields.get("Raw"),
)
"""The managed-fields set, which upstream's JSON embeds as the JSON document it holds."""


def _int_or_string(fields: dict[str, JSON]) -> JSON:
    kind = fields.get("type", 0)
    if kind == 0:
        return fields.get("intVal", 0)
    if kind == 1:
        return fields.get("strVal", "")
    raise WireError(f"IntOrString type {kind} is neither 0 (int) nor 1 (string)")


INT_OR_STRING = Message(
    "IntOrString",
    (omitempty(1, "type", INT64), omitempty(2, "intVal", INT32), omitempty(3, "strVal", STRING)),
    finish=_int_or_string,
)
"""intstr.IntOrString, rendered as the bare number or string it holds."""

OWNER_REFERENCE = Message(
    "OwnerReference",
    (
        always(5, "apiVersion", STRING),
        always(1, "kind", STRING),
        always(3, "name", STRING),
        always(4, "uid", STRING),
        pointer(6, "controller", BOOL),
        pointer(7, "blockOwnerDeletion", BOOL),
    ),
)

MANAGED_FIELDS_ENTRY = Message(
    "ManagedFieldsEntry",
    (
        omitempty(1, "manager", STRING),
        omitempty(2, "operation", STRING),
        omitempty(3, "apiVersion", STRING),
        pointer(4, "time", TIME),
        omitempty(6, "fieldsType", STRING),
        pointer(7, "fieldsV1", FIELDS_V1),
        omitempty(8, "subresource", STRING),
    ),
)

OBJECT_META = Message(
    "ObjectMeta",
    (
        omitempty(1, "name", STRING),
        omitempty(2, "generateName", STRING),
        omitempty(3, "namespace", STRING),
        omitempty(4, "selfLink", STRING),
        omitempty(5, "uid", STRING),
        omitempty(6, "resourceVersion", STRING),
        omitempty(7, "generation", INT64),
        omitempty(8, "creationTimestamp", TIME),
        pointer(9, "deletionTimestamp", TIME),
        pointer(10, "deletionGracePeriodSeconds", INT64),
        map_of(11, "labels", STRING),
        map_of(12, "annotations", STRING),
        repeated(13, "ownerReferences", OWNER_REFERENCE),
        repeated(14, "finalizers", STRING),
        repeated(17, "managedFields", MANAGED_FIELDS_ENTRY),
    ),
)

PRECONDITIONS = Message(
    "Preconditions",
    (pointer(1, "uid", STRING), pointer(2, "resourceVersion", STRING)),
)

DELETE_OPTIONS = Message(
    "DeleteOptions",
    (
        pointer(1, "gracePeriodSeconds", INT64),
        pointer(2, "preconditions", PRECONDITIONS),
        pointer(3, "orphanDependents", BOOL),
        pointer(4, "propagationPolicy", STRING),
        repeated(5, "dryRun", STRING),
        pointer(6, "ignoreStoreReadErrorWithClusterBreakingPotential", BOOL),
    ),
)

CONDITION = Message(
    "Condition",
    (
        always(1, "type", STRING),
        always(2, "status", STRING),
        omitempty(3, "observedGeneration", INT64),
        always(4, "lastTransitionTime", TIME),
        always(5, "reason", STRING),
        always(6, "message", STRING),
    ),
)

SELECTOR_REQUIREMENT = Message(
    "SelectorRequirement",
    (always(1, "key", STRING), always(2, "operator", STRING), repeated(3, "values", STRING)),
)
"""LabelSelectorRequirement and FieldSelectorRequirement, which share one layout."""
