"""OpenAPI 3.0 documents, one per served group-version, and the `/openapi/v3` index.

kubectl (1.29+) reads these before `apply`, `create -f`, `edit` and `diff` to learn that PATCH
takes `fieldValidation`, and `explain` renders them field by field. Documents are built on first
use and kept as encoded bytes; their hash (upstream's: upper-case hex SHA-512 of the bytes) goes
into the index so clients can cache them for good.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import orjson

from stead.api import schema
from stead.apiserver import openapi_paths as paths
from stead.apiserver.openapi_paths import Operation, Parameter, PathItem
from stead.apiserver.openapi_schemas import V3, closure, definitions_in

Json = dict[str, Any]

_BEARER = {"type": "apiKey", "name": "authorization", "in": "header"}
_SECURITY = {"BearerToken": {**_BEARER, "description": "Bearer Token authentication"}}


def document_path(group: str, version: str) -> str:
    """`api/v1` or `apis/<group>/<version>`: how the index and URLs name a group-version."""
    return f"apis/{group}/{version}" if group else f"api/{version}"


def _ref(name: str) -> Json:
    return {"$ref": V3.ref_prefix + name}


def _parameter(parameter: Parameter) -> Json:
    out: Json = {
        "name": parameter.name,
        "in": parameter.location,
        "description": parameter.description,
        "schema": {"type": parameter.type, "uniqueItems": True},
    }
    if parameter.required:
        out["required"] = True
    return out


def _content(media_types: tuple[str, ...], definition: str) -> Json:
    return {media: {"schema": _ref(definition)} for media in media_types}


def _operation(op: Operation) -> Json:
    out: Json = {
        "description": op.description,
        "operationId": op.operation_id,
        "responses": {
            **{
                code: {"description": paths.REASONS[code], "content": _content(op.produces, name)}
                for code, name in op.responses
            },
            "401": {"description": "Unauthorized"},
        },
        "x-kubernetes-action": op.action,
        "x-kubernetes-group-version-kind": op.gvk_extension,
    }
    if op.parameters:
        out["parameters"] = [_parameter(p) for p in op.parameters]
    if op.body:
        out["requestBody"] = {"content": _content(op.consumes, op.body), "required": True}
    return out


def _path_item(item: PathItem) -> Json:
    out: Json = {op.method: _operation(op) for op in item.operations}
    if item.parameters:
        out["parameters"] = [_parameter(p) for p in item.parameters]
    return out


def build(group: str, version: str) -> Json:
    """The document of one group-version, as JSON-ready data."""
    items = paths.group_version_paths(group, version)
    definitions = schema.load().definitions
    names = closure(paths.referenced_definitions(items), definitions)
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": schema.KUBERNETES_VERSION},
        "paths": {item.path: _path_item(item) for item in items},
        "components": {
            "schemas": definitions_in(names, definitions, V3),
            "securitySchemes": _SECURITY,
        },
    }


@functools.cache
def _encoded() -> dict[str, bytes]:
    served = paths.served_group_versions()
    return {
        document_path(group, version): orjson.dumps(
            build(group, version), option=orjson.OPT_SORT_KEYS
        )
        for group, version in served
    }


def content_hash(body: bytes) -> str:
    return hashlib.sha512(body).hexdigest().upper()


def document(path: str) -> bytes | None:
    """The encoded document for `api/v1`-style `path`, or None when no such group-version."""
    return _encoded().get(path.strip("/"))


@functools.cache
def index() -> bytes:
    """The `/openapi/v3` discovery document: each group-version's URL with its content hash."""
    entries = {
        path: {"serverRelativeURL": f"/openapi/v3/{path}?hash={content_hash(body)}"}
        for path, body in _encoded().items()
    }
    return orjson.dumps({"paths": entries}, option=orjson.OPT_SORT_KEYS)
