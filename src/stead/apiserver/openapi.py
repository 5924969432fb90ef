"""The OpenAPI documents kubectl reads: `/openapi/v3` (index + one per group-version) and
`/openapi/v2` (gnostic protobuf).

All are built from the catalog (`stead.api.kinds`) and upstream's definitions
(`stead.api.schema`) on first use and cached as encoded bytes for the life of the process.
"""

from __future__ import annotations

from stead.apiserver import openapi_v2, openapi_v3

V2_PROTOBUF_CONTENT_TYPE = openapi_v2.PROTOBUF_CONTENT_TYPE


def openapi_v3_index() -> bytes:
    """JSON `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}}`."""
    return openapi_v3.index()


def openapi_v3_document(group_version_path: str) -> bytes | None:
    """The JSON document for `api/v1` or `apis/<group>/<version>`; None when not served."""
    return openapi_v3.document(group_version_path)


def openapi_v3_hash(group_version_path: str) -> str | None:
    """The hash the index gives for a document (upstream answers other hashes with a 301)."""
    body = openapi_v3.document(group_version_path)
    return None if body is None else openapi_v3.content_hash(body)


def openapi_v2_protobuf() -> bytes:
    """The whole Swagger 2.0 document as a gnostic `openapi.v2.Document` protobuf message."""
    return openapi_v2.protobuf()
