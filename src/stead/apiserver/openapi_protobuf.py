"""A Swagger 2.0 document (JSON-ready data) encoded as gnostic's `openapi.v2.Document` message.

Hand-written protobuf: every field used is length-delimited (wire type 2) except booleans
(varint, wire type 0); proto3 leaves out empty strings and false booleans. Field numbers are
gnostic's `openapiv2/OpenAPIv2.proto`. Vendor extensions travel as `Any{yaml}`; JSON text is
valid YAML, so values are written as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

Json = Mapping[str, Any]

_LENGTH_DELIMITED = 2
_VARINT = 0
_OPERATION_FIELDS = {"get": 2, "put": 3, "post": 4, "delete": 5, "patch": 8}
_SCHEMA_STRINGS = {"$ref": 1, "format": 2, "title": 3, "description": 4}


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _message(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | _LENGTH_DELIMITED) + _varint(len(payload)) + payload


def _string(number: int, text: object) -> bytes:
    if not isinstance(text, str) or not text:
        return b""
    return _message(number, text.encode())


def _strings(number: int, texts: Iterable[object]) -> bytes:
    return b"".join(_string(number, text) for text in texts)


def _boolean(number: int, value: object) -> bytes:
    return _varint(number << 3 | _VARINT) + b"\x01" if value is True else b""


def _any(value: object) -> bytes:
    return _string(2, json.dumps(value) + "\n")


def _named(number: int, name: str, payload: bytes) -> bytes:
    return _message(number, _string(1, name) + _message(2, payload))


def _extensions(number: int, node: Json) -> bytes:
    return b"".join(
        _named(number, key, _any(value)) for key, value in node.items() if key.startswith("x-")
    )


def schema(node: Json) -> bytes:
    """One `Schema` message."""
    out = [_string(number, node.get(key)) for key, number in _SCHEMA_STRINGS.items()]
    out.append(_strings(19, node.get("required", ())))
    out.extend(_message(20, _any(value)) for value in node.get("enum", ()))
    extra = node.get("additionalProperties")
    if isinstance(extra, Mapping):
        out.append(_message(21, _message(1, schema(extra))))
    if "type" in node:
        out.append(_message(22, _string(1, node["type"])))
    if isinstance(node.get("items"), Mapping):
        out.append(_message(23, _message(1, schema(node["items"]))))
    out.extend(_message(24, schema(part)) for part in node.get("allOf", ()))
    if "properties" in node:
        fields = (_named(1, name, schema(child)) for name, child in node["properties"].items())
        out.append(_message(25, b"".join(fields)))
    out.append(_extensions(31, node))
    return b"".join(out)


def _non_body(parameter: Json) -> bytes:
    common = (
        _boolean(1, parameter.get("required"))
        + _string(2, parameter["in"])
        + _string(3, parameter.get("description"))
        + _string(4, parameter["name"])
    )
    if parameter["in"] == "path":
        sub = (
            common + _string(5, parameter.get("type")) + _boolean(19, parameter.get("uniqueItems"))
        )
        return _message(4, sub)
    sub = common + _string(6, parameter.get("type")) + _boolean(20, parameter.get("uniqueItems"))
    return _message(3, sub)


def _parameter(parameter: Json) -> bytes:
    """One `ParametersItem` message."""
    if parameter["in"] == "body":
        body = (
            _string(1, parameter.get("description"))
            + _string(2, parameter["name"])
            + _string(3, "body")
            + _boolean(4, parameter.get("required"))
            + _message(5, schema(parameter["schema"]))
        )
        return _message(1, _message(1, body))
    return _message(1, _message(2, _non_body(parameter)))


def _response(response: Json) -> bytes:
    out = _string(1, response.get("description"))
    if "schema" in response:
        out += _message(2, _message(1, schema(response["schema"])))
    return _message(1, out)


def _operation(operation: Json) -> bytes:
    responses = b"".join(
        _named(1, code, _response(response))
        for code, response in operation.get("responses", {}).items()
    )
    return b"".join(
        (
            _strings(1, operation.get("tags", ())),
            _string(3, operation.get("description")),
            _string(5, operation.get("operationId")),
            _strings(6, operation.get("produces", ())),
            _strings(7, operation.get("consumes", ())),
            b"".join(_message(8, _parameter(p)) for p in operation.get("parameters", ())),
            _message(9, responses),
            _strings(10, operation.get("schemes", ())),
            _extensions(13, operation),
        )
    )


def _path_item(item: Json) -> bytes:
    out = [
        _message(number, _operation(item[method]))
        for method, number in _OPERATION_FIELDS.items()
        if method in item
    ]
    out.extend(_message(9, _parameter(p)) for p in item.get("parameters", ()))
    return b"".join(out)


def document(doc: Json) -> bytes:
    """The whole `Document` message for Swagger 2.0 data `doc`."""
    info = doc.get("info", {})
    paths = b"".join(_named(2, path, _path_item(item)) for path, item in doc["paths"].items())
    definitions = b"".join(
        _named(1, name, schema(node)) for name, node in doc.get("definitions", {}).items()
    )
    return b"".join(
        (
            _string(1, doc.get("swagger")),
            _message(2, _string(1, info.get("title")) + _string(2, info.get("version"))),
            _message(8, paths),
            _message(9, definitions),
        )
    )
