"""Kubernetes' protobuf envelope: the request bodies `application/vnd.kubernetes.protobuf` carries.

A body is the magic `k8s\\x00` followed by a `runtime.Unknown` message (k8s.io/apimachinery
`pkg/runtime/generated.proto`) whose `typeMeta` names the kind and whose `raw` holds the object's
own message. `decode_object` opens the envelope and decodes `raw` with the field table of that
kind, giving the dict a JSON body for the same object would give.
"""

from __future__ import annotations

from typing import Any

from stead.api.errors import BadRequest, UnsupportedMediaType
from stead.apiserver.protobuf.core import CONFIG_MAP, EVICTION, NAMESPACE, SECRET, SERVICE
from stead.apiserver.protobuf.model import STRING, Bytes, Message, always, omitempty
from stead.apiserver.protobuf.reviews import (
    SELF_SUBJECT_ACCESS_REVIEW,
    SELF_SUBJECT_REVIEW,
    SELF_SUBJECT_RULES_REVIEW,
)
from stead.apiserver.protobuf.wire import WireError

MAGIC = b"k8s\x00"

KINDS: dict[tuple[str, str], Message] = {
    ("v1", NAMESPACE.name): NAMESPACE,
    ("v1", SERVICE.name): SERVICE,
    ("v1", CONFIG_MAP.name): CONFIG_MAP,
    ("v1", SECRET.name): SECRET,
    ("policy/v1", EVICTION.name): EVICTION,
    ("authorization.k8s.io/v1", SELF_SUBJECT_ACCESS_REVIEW.name): SELF_SUBJECT_ACCESS_REVIEW,
    ("authorization.k8s.io/v1", SELF_SUBJECT_RULES_REVIEW.name): SELF_SUBJECT_RULES_REVIEW,
    ("authentication.k8s.io/v1", SELF_SUBJECT_REVIEW.name): SELF_SUBJECT_REVIEW,
}
"""The (apiVersion, kind) pairs we decode from protobuf; every other kind is JSON/YAML only."""

_UNKNOWN = Message(
    "Unknown",
    (
        always(
            1,
            "typeMeta",
            Message("TypeMeta", (omitempty(1, "apiVersion", STRING), omitempty(2, "kind", STRING))),
        ),
        omitempty(2, "raw", Bytes(bytes, b"")),
    ),
)

UNSUPPORTED_KIND_MESSAGE = (
    "the body of the request was in an unknown format - accepted media types include: "
    "application/json, application/yaml"
)


def decode_object(body: bytes) -> dict[str, Any]:
    """The object a protobuf request body holds, as a JSON-shaped dict with apiVersion and kind.

    Raises `BadRequest` for a body that is not a well-formed envelope or object encoding, and
    `UnsupportedMediaType` (upstream's message for kinds that accept no protobuf) for a kind not
    in `KINDS`. The caller still checks that the kind is the one its endpoint serves.
    """
    envelope = _open(body)
    type_meta = envelope["typeMeta"]
    api_version, kind = type_meta.get("apiVersion", ""), type_meta.get("kind", "")
    if not kind:
        raise BadRequest("Object 'Kind' is missing in the protobuf envelope")
    if not api_version:
        raise BadRequest("Object 'apiVersion' is missing in the protobuf envelope")
    message = KINDS.get((api_version, kind))
    if message is None:
        raise UnsupportedMediaType(UNSUPPORTED_KIND_MESSAGE)
    try:
        fields = message.parse(envelope.get("raw", b""))
    except WireError as error:
        raise BadRequest(f"unable to decode the protobuf {kind}: {error}") from None
    return {"apiVersion": api_version, "kind": kind, **fields}


def _open(body: bytes) -> dict[str, Any]:
    if not body:
        raise BadRequest("empty protobuf body")
    if not body.startswith(MAGIC):
        expected = " ".join(str(b) for b in MAGIC)
        raise BadRequest(
            f"provided data does not appear to be a protobuf message, expected prefix [{expected}]"
        )
    if len(body) == len(MAGIC):
        raise BadRequest("empty protobuf body after the k8s prefix")
    try:
        envelope: dict[str, Any] = _UNKNOWN.parse(body[len(MAGIC) :])
    except WireError as error:
        raise BadRequest(f"unable to decode the protobuf envelope: {error}") from None
    return envelope
