"""A test-side protobuf encoder driven by the decoder's own field tables.

`encode_message(table, value)` writes every key of the JSON-shaped `value` with the number and
wire type its table gives, so a decoded result can be compared with the dict that was encoded.
Value types whose JSON form is not their wire form (Time, IntOrString, ExtraValue, FieldsV1) are
mapped back to their wire form here.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from stead.apiserver.protobuf.envelope import MAGIC
from stead.apiserver.protobuf.meta import FIELDS_V1, INT_OR_STRING, TIME, TIMESTAMP
from stead.apiserver.protobuf.model import (
    BOOL,
    BYTES,
    INT32,
    INT64,
    STRING,
    Field,
    FieldType,
    Message,
    Shape,
)
from stead.apiserver.protobuf.reviews import EXTRA_VALUE
from stead.apiserver.protobuf.wire import LEN, VARINT


def varint(value: int) -> bytes:
    """The varint encoding of `value`; negative values as 64-bit two's complement, as Go does."""
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def key(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def length_delimited(number: int, payload: bytes) -> bytes:
    return key(number, LEN) + varint(len(payload)) + payload


def varint_field(number: int, value: int) -> bytes:
    return key(number, VARINT) + varint(value)


def envelope(api_version: str, kind: str, raw: bytes) -> bytes:
    """A complete request body: magic, then runtime.Unknown{typeMeta, raw}."""
    type_meta = length_delimited(1, api_version.encode()) + length_delimited(2, kind.encode())
    return MAGIC + length_delimited(1, type_meta) + length_delimited(2, raw)


def encode_object(obj: dict[str, Any], table: Message) -> bytes:
    """The request body for `obj` (which carries apiVersion and kind) encoded with `table`."""
    fields = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}
    return envelope(obj["apiVersion"], obj["kind"], encode_message(table, fields))


def _timestamp(text: str) -> bytes:
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    seconds = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(seconds=1)
    return encode_message(TIMESTAMP, {"seconds": seconds})


def _int_or_string(value: int | str) -> dict[str, Any]:
    if isinstance(value, str):
        return {"type": 1, "strVal": value}
    return {"type": 0, "intVal": value}


_UNWRAP: dict[int, Callable[[Any], dict[str, Any]]] = {
    id(INT_OR_STRING): _int_or_string,
    id(EXTRA_VALUE): lambda items: {"items": items},
    id(FIELDS_V1): lambda document: {"Raw": document},
}
"""Messages whose JSON form is a bare value: that value back to the message's fields."""

_SCALARS: dict[int, Callable[[Any], bytes | int]] = {
    id(STRING): lambda text: text.encode(),
    id(BYTES): base64.b64decode,
    id(INT32): int,
    id(INT64): int,
    id(BOOL): int,
    id(TIME): _timestamp,
    id(FIELDS_V1.fields[0].type): orjson.dumps,
}


def encode_message(table: Message, value: Any) -> bytes:
    unwrap = _UNWRAP.get(id(table))
    fields = unwrap(value) if unwrap else value
    by_name = {f.name: f for f in table.fields}
    return b"".join(_encode_field(by_name[name], item) for name, item in fields.items())


def _encode_field(field: Field, value: Any) -> bytes:
    if field.shape is Shape.LIST:
        return b"".join(_encode_one(field.number, field.type, item) for item in value)
    if field.shape is Shape.MAP:
        entries = ({"key": k, "value": v} for k, v in value.items())
        return b"".join(_encode_one(field.number, field.type, e) for e in entries)
    return _encode_one(field.number, field.type, value)


def _encode_one(number: int, type_: FieldType, value: Any) -> bytes:
    if isinstance(type_, Message):
        return length_delimited(number, encode_message(type_, value))
    wire = _SCALARS[id(type_)](value)
    if isinstance(wire, bytes):
        return length_delimited(number, wire)
    return varint_field(number, wire)
