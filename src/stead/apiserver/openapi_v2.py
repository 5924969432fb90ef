"""The Swagger 2.0 document of everything stead serves (`/openapi/v2`).

kubectl 1.27 and 1.28 read only this document, and only as gnostic protobuf, to learn that PATCH
takes `fieldValidation`; `explain --output=plaintext-openapiv2` and the client-side-apply
update path (patch strategies and merge keys) read its `definitions`. The document is built
once as JSON-ready data in upstream's shape and encoded on first use.
"""

from __future__ import annotations

import functools
from typing import Any

from stead.api import schema
from stead.apiserver import openapi_paths as paths
from stead.apiserver import openapi_protobuf
from stead.apiserver.openapi_paths import Operation, Parameter, PathItem
from stead.apiserver.openapi_schemas import V2, closure, definitions_in

Json = dict[str, Any]

PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"


def _parameter(parameter: Parameter) -> Json:
    out: Json = {
        "name": parameter.name,
        "in": parameter.location,
        "description": parameter.description,
        "type": parameter.type,
        "uniqueItems": True,
    }
    if parameter.required:
        out["required"] = True
    return out


def _body(definition: str) -> Json:
    return {
        "name": "body",
        "in": "body",
        "required": True,
        "schema": {"$ref": V2.ref_prefix + definition},
    }


def _operation(op: Operation) -> Json:
    parameters = [_parameter(p) for p in op.parameters]
    if op.body:
        parameters.insert(0, _body(op.body))
    responses: Json = {
        code: {"description": paths.REASONS[code], "schema": {"$ref": V2.ref_prefix + name}}
        for code, name in op.responses
    }
    responses["401"] = {"description": "Unauthorized"}
    out: Json = {
        "description": op.description,
        "operationId": op.operation_id,
        "consumes": list(op.consumes),
        "produces": list(op.produces),
        "schemes": ["https"],
        "responses": responses,
        "x-kubernetes-action": op.action,
        "x-kubernetes-group-version-kind": op.gvk_extension,
    }
    if parameters:
        out["parameters"] = parameters
    return out


def _path_item(item: PathItem) -> Json:
    out: Json = {op.method: _operation(op) for op in item.operations}
    if item.parameters:
        out["parameters"] = [_parameter(p) for p in item.parameters]
    return out


def build() -> Json:
    """The whole document, every served group-version in one, as JSON-ready data."""
    items = [
        item
        for group, version in paths.served_group_versions()
        for item in paths.group_version_paths(group, version)
    ]
    definitions = schema.load().definitions
    names = closure(paths.referenced_definitions(items), definitions)
    return {
        "swagger": "2.0",
        "info": {"title": "Kubernetes", "version": schema.KUBERNETES_VERSION},
        "paths": {item.path: _path_item(item) for item in items},
        "definitions": definitions_in(names, definitions, V2),
    }


@functools.cache
def protobuf() -> bytes:
    """The document as a gnostic `openapi.v2.Document` message (what kubectl asks for)."""
    return openapi_protobuf.document(build())
