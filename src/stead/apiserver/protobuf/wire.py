"""The protobuf wire format, read only: split an encoded message into its fields.

Nothing here knows a schema. `read_fields` yields every field of one message level in wire order;
nested messages stay opaque payloads for the caller to read again. Any input that is not a
well-formed encoding (truncated data, a wire type that does not exist or that we refuse, a varint
longer than ten bytes, field number zero) raises `WireError`; the decoder above turns that into a
400 for the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

VARINT = 0
FIXED64 = 1
LEN = 2
FIXED32 = 5

_MAX_VARINT_BYTES = 10
_MAX_FIELD_NUMBER = (1 << 29) - 1
_UINT64 = (1 << 64) - 1


class WireError(Exception):
    """Input that is not a valid encoding of the expected message, with the field path to it."""

    def __init__(self, detail: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.path = path

    def within(self, name: str) -> WireError:
        """The same error seen one message level up, inside the field `name`."""
        return WireError(self.detail, (name, *self.path))

    def __str__(self) -> str:
        if not self.path:
            return self.detail
        return f"{'.'.join(self.path)}: {self.detail}"


@dataclass(frozen=True, slots=True)
class WireField:
    """One field occurrence: `integer` holds varint and fixed values, `payload` LEN contents."""

    number: int
    wire_type: int
    integer: int = 0
    payload: bytes = b""


def read_fields(data: bytes) -> Iterator[WireField]:
    """Every field of the message encoded in `data`, in wire order (repeats included)."""
    reader = _Reader(data)
    while reader.position < len(data):
        yield reader.field()


def as_int64(value: int) -> int:
    """A varint read as Go reads an int64 field: two's complement over 64 bits."""
    return value - (1 << 64) if value >= 1 << 63 else value


def as_int32(value: int) -> int:
    """A varint read as Go reads an int32 field: truncated to 32 bits, two's complement."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def field(self) -> WireField:
        key = self.varint("field key")
        number, wire_type = key >> 3, key & 7
        if number == 0 or number > _MAX_FIELD_NUMBER:
            raise WireError(f"invalid field number {number}")
        if wire_type == VARINT:
            return WireField(number, wire_type, integer=self.varint(f"field {number}"))
        if wire_type == LEN:
            length = self.varint(f"length of field {number}")
            return WireField(number, wire_type, payload=self.take(length, number))
        if wire_type in (FIXED64, FIXED32):
            size = 8 if wire_type == FIXED64 else 4
            return WireField(
                number, wire_type, integer=int.from_bytes(self.take(size, number), "little")
            )
        raise WireError(f"unsupported wire type {wire_type} for field {number}")

    def varint(self, what: str) -> int:
        result = 0
        for shift in range(0, 7 * _MAX_VARINT_BYTES, 7):
            if self.position >= len(self.data):
                raise WireError(f"truncated varint in {what}")
            byte = self.data[self.position]
            self.position += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result & _UINT64
        raise WireError(f"varint longer than {_MAX_VARINT_BYTES} bytes in {what}")

    def take(self, size: int, number: int) -> bytes:
        end = self.position + size
        if end > len(self.data):
            missing = end - len(self.data)
            raise WireError(f"field {number} is truncated ({missing} bytes missing)")
        chunk = self.data[self.position : end]
        self.position = end
        return chunk
