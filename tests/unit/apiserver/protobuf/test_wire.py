"""The wire reader on hand-written bytes: every well-formed field, every kind of damage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.apiserver.protobuf.wire import (
    FIXED32,
    FIXED64,
    LEN,
    VARINT,
    WireError,
    WireField,
    as_int32,
    as_int64,
    read_fields,
)
from tests.unit.apiserver.protobuf.encoder import key, length_delimited, varint, varint_field


def test_reads_each_wire_type_in_order() -> None:
    data = (
        varint_field(1, 150)
        + length_delimited(2, b"abc")
        + key(3, FIXED64)
        + (7).to_bytes(8, "little")
        + key(4, FIXED32)
        + (9).to_bytes(4, "little")
        + varint_field(1, 1)
    )

    assert list(read_fields(data)) == [
        WireField(1, VARINT, integer=150),
        WireField(2, LEN, payload=b"abc"),
        WireField(3, FIXED64, integer=7),
        WireField(4, FIXED32, integer=9),
        WireField(1, VARINT, integer=1),
    ]


def test_empty_message_has_no_fields() -> None:
    assert list(read_fields(b"")) == []


def test_large_field_number() -> None:
    assert list(read_fields(varint_field(536870911, 5))) == [WireField(536870911, VARINT, 5)]


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x08", "truncated varint in field 1"),
        (b"\x08\xff", "truncated varint in field 1"),
        (b"\x80", "truncated varint in field key"),
        (b"\x12", "truncated varint in length of field 2"),
        (b"\x12\x05abc", "field 2 is truncated (2 bytes missing)"),
        (b"\x19\x00\x00", "field 3 is truncated (6 bytes missing)"),
        (b"\x25\x00", "field 4 is truncated (3 bytes missing)"),
        (b"\x08" + b"\xff" * 10 + b"\x01", "varint longer than 10 bytes in field 1"),
        (b"\x00\x00", "invalid field number 0"),
        (b"\x02\x00", "invalid field number 0"),
        (key(1, 3), "unsupported wire type 3 for field 1"),
        (key(1, 4), "unsupported wire type 4 for field 1"),
        (key(7, 6), "unsupported wire type 6 for field 7"),
        (key(7, 7), "unsupported wire type 7 for field 7"),
        (varint(1 << 32 | VARINT) + b"\x00", "invalid field number 536870912"),
    ],
)
def test_damaged_input_is_a_wire_error(data: bytes, detail: str) -> None:
    with pytest.raises(WireError) as raised:
        list(read_fields(data))

    assert str(raised.value) == detail


def test_ten_byte_varint_keeps_the_low_64_bits() -> None:
    # Go's decoder accepts a tenth byte and drops the bits past 64, so do we.
    data = b"\x08" + b"\xff" * 9 + b"\x7f"

    assert list(read_fields(data)) == [WireField(1, VARINT, integer=(1 << 64) - 1)]


@pytest.mark.parametrize(
    ("value", "int32", "int64"),
    [
        (0, 0, 0),
        (5, 5, 5),
        ((1 << 64) - 1, -1, -1),
        ((1 << 64) - 2**31, -(2**31), -(2**31)),
        (2**31, -(2**31), 2**31),
        (2**63, 0, -(2**63)),
    ],
)
def test_signed_views_of_a_varint(value: int, int32: int, int64: int) -> None:
    assert as_int32(value) == int32
    assert as_int64(value) == int64


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_varint_round_trip_for_int64(value: int) -> None:
    [field] = read_fields(varint_field(1, value))

    assert as_int64(field.integer) == value


def test_wire_error_path_reads_outside_in() -> None:
    error = WireError("bad").within("labels").within("metadata")

    assert str(error) == "metadata.labels: bad"
