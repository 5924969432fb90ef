"""Table-driven decoding of protobuf messages into the dicts upstream's JSON would give.

A `Message` is a table of `Field`s (number, JSON name, type, shape, presence) written from
upstream's `generated.proto` files. Kubernetes' Go marshaller writes every non-pointer field,
zero values included, and pointer fields only when set, so the JSON rendering of a field depends
on its Go declaration, recorded here as its presence:

* `omitempty`: rendered unless it holds its zero value (Go `omitempty`, and `omitzero` times);
* `always`: rendered even when zero or absent (no `omitempty`, and non-pointer structs, which Go
  never omits);
* `pointer`: rendered exactly when it was sent.

Lists and maps are rendered when non-empty. Unknown field numbers are skipped, as upstream's
decoder does; a known field with the wrong wire type is an error.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from stead.apiserver.protobuf.wire import (
    LEN,
    VARINT,
    WireError,
    WireField,
    as_int32,
    as_int64,
    read_fields,
)

JSON = Any
"""A JSON-shaped value: dict, list, str, int, bool or None."""


@dataclass(frozen=True)
class Varint:
    """A scalar carried as a varint (int32, int64, bool); the last occurrence wins."""

    parse: Callable[[int], JSON]
    zero: JSON
    wire_type: ClassVar[int] = VARINT

    def decode(self, occurrences: Sequence[WireField]) -> JSON:
        return self.parse(occurrences[-1].integer)


@dataclass(frozen=True)
class Bytes:
    """A scalar carried length-delimited (string, bytes, Time); the last occurrence wins."""

    parse: Callable[[bytes], JSON]
    zero: JSON
    wire_type: ClassVar[int] = LEN

    def decode(self, occurrences: Sequence[WireField]) -> JSON:
        return self.parse(occurrences[-1].payload)


class Presence(enum.Enum):
    OMITEMPTY = "omitempty"
    ALWAYS = "always"
    POINTER = "pointer"


class Shape(enum.Enum):
    SINGLE = "single"
    LIST = "list"
    MAP = "map"


@dataclass(frozen=True)
class Field:
    number: int
    name: str
    type: FieldType
    shape: Shape = Shape.SINGLE
    presence: Presence = Presence.OMITEMPTY

    def render(self, occurrences: Sequence[WireField]) -> JSON:
        """The JSON value of this field, or `ABSENT` when upstream's JSON would leave it out."""
        if self.shape is Shape.LIST:
            return [self.type.decode([o]) for o in occurrences] or ABSENT
        if self.shape is Shape.MAP:
            entries = (self.type.decode([o]) for o in occurrences)
            return {entry["key"]: entry.get("value") for entry in entries} or ABSENT
        if occurrences:
            value = self.type.decode(occurrences)
        elif self.presence is Presence.ALWAYS:
            value = self.type.zero
        else:
            return ABSENT
        if value is None or (self.presence is Presence.OMITEMPTY and value == self.type.zero):
            return ABSENT
        return value


@dataclass(frozen=True)
class Message:
    """A protobuf message; `finish` maps the decoded fields to a value of another JSON shape."""

    name: str
    fields: tuple[Field, ...]
    finish: Callable[[dict[str, JSON]], JSON] | None = None
    wire_type: ClassVar[int] = LEN
    _by_number: dict[int, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_number = {f.number: f for f in self.fields}
        if len(by_number) != len(self.fields):
            raise ValueError(f"{self.name}: duplicate field number")
        object.__setattr__(self, "_by_number", by_number)

    @property
    def zero(self) -> JSON:
        """What upstream's JSON shows for this message when none of its fields are set."""
        return self.parse(b"")

    def decode(self, occurrences: Sequence[WireField]) -> JSON:
        # Repeated occurrences of a message field merge, as concatenated encodings do.
        return self.parse(b"".join(o.payload for o in occurrences))

    def parse(self, data: bytes) -> JSON:
        """Decode one encoded message; `WireError` paths name the offending field."""
        seen: dict[int, list[WireField]] = {f.number: [] for f in self.fields}
        for wire_field in read_fields(data):
            known = self._by_number.get(wire_field.number)
            if known is None:
                continue
            if wire_field.wire_type != known.type.wire_type:
                detail = f"wire type {wire_field.wire_type}, expected {known.type.wire_type}"
                raise WireError(detail, (known.name,))
            seen[wire_field.number].append(wire_field)
        out: dict[str, JSON] = {}
        for known in self.fields:
            try:
                value = known.render(seen[known.number])
            except WireError as error:
                raise error.within(known.name) from None
            if value is not ABSENT:
                out[known.name] = value
        return self.finish(out) if self.finish else out


FieldType = Varint | Bytes | Message


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
"""What `Field.render` returns for a field upstream's JSON leaves out."""


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError as error:
        raise WireError(f"invalid UTF-8 at byte {error.start} of a string") from None


def _base64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


STRING = Bytes(_utf8, "")
BYTES = Bytes(_base64, "")
"""`[]byte`, which upstream's JSON renders as standard base64."""
INT32 = Varint(as_int32, 0)
INT64 = Varint(as_int64, 0)
BOOL = Varint(lambda value: value != 0, False)


def omitempty(number: int, name: str, type_: FieldType) -> Field:
    """A Go field tagged `omitempty` (or `omitzero` for times): left out when zero."""
    return Field(number, name, type_, presence=Presence.OMITEMPTY)


def always(number: int, name: str, type_: FieldType) -> Field:
    """A Go field without `omitempty`, or a non-pointer struct: rendered even when zero."""
    return Field(number, name, type_, presence=Presence.ALWAYS)


def pointer(number: int, name: str, type_: FieldType) -> Field:
    """A Go pointer field: rendered exactly when sent, whatever its value."""
    return Field(number, name, type_, presence=Presence.POINTER)


def repeated(number: int, name: str, type_: FieldType) -> Field:
    return Field(number, name, type_, shape=Shape.LIST)


def map_of(number: int, name: str, value: FieldType) -> Field:
    """A `map<string, value>`, which protobuf sends as repeated key/value entry messages."""
    entry = Message(f"{name} entry", (always(1, "key", STRING), always(2, "value", value)))
    return Field(number, name, entry, shape=Shape.MAP)
