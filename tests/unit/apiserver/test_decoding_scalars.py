"""Timestamps, quantities and base64 bytes checked as upstream's decoder checks them."""

from __future__ import annotations

import pytest

from stead.apiserver.decoding_scalars import (
    QUANTITY_FORMAT,
    QUANTITY_NUMERIC,
    QUANTITY_SUFFIX,
    RFC3339,
    RFC3339_MICRO,
    base64_error,
    number_quantity,
    quantity_error,
    time_error,
)

LAYOUT = f'as "{RFC3339}"'


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.5Z",
        "2024-05-01T10:00:00,123456789+02:00",
        "2024-02-29T23:59:59-07:30",
        "2024-05-01T1:00:00Z",
    ],
)
def test_rfc3339_accepts_what_go_accepts(text: str) -> None:
    assert time_error(text, RFC3339) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f'parsing time "" {LAYOUT}: cannot parse "" as "2006"'),
        ("05/01/2024", f'parsing time "05/01/2024" {LAYOUT}: cannot parse "05/01/2024" as "2006"'),
        (
            "2024-05-01 10:00:00Z",
            f'parsing time "2024-05-01 10:00:00Z" {LAYOUT}: cannot parse " 10:00:00Z" as "T"',
        ),
        (
            "2024-05-01T10:00:00",
            f'parsing time "2024-05-01T10:00:00" {LAYOUT}: cannot parse "" as "Z07:00"',
        ),
        (
            "2024-5-01T10:00:00Z",
            f'parsing time "2024-5-01T10:00:00Z" {LAYOUT}: cannot parse "5-01T10:00:00Z" as "01"',
        ),
        ("2024-13-01T10:00:00Z", 'parsing time "2024-13-01T10:00:00Z": month out of range'),
        ("2023-02-29T10:00:00Z", 'parsing time "2023-02-29T10:00:00Z": day out of range'),
        ("2024-05-01T24:00:00Z", 'parsing time "2024-05-01T24:00:00Z": hour out of range'),
        ("2024-05-01T10:60:00Z", 'parsing time "2024-05-01T10:60:00Z": minute out of range'),
        ("2024-05-01T10:00:00Zz", 'parsing time "2024-05-01T10:00:00Zz": extra text: "z"'),
        (
            "2024-05-01T10:00:00+25:00",
            'parsing time "2024-05-01T10:00:00+25:00": time zone offset hour out of range',
        ),
    ],
)
def test_rfc3339_errors_read_like_gos(text: str, message: str) -> None:
    assert time_error(text, RFC3339) == message


def test_micro_time_needs_exactly_six_fraction_digits() -> None:
    assert time_error("2024-05-01T10:00:00.123456Z", RFC3339_MICRO) is None
    assert time_error("2024-05-01T10:00:00.123Z", RFC3339_MICRO) == (
        'parsing time "2024-05-01T10:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": '
        'cannot parse ".123Z" as ".000000"'
    )


@pytest.mark.parametrize("text", ["1Gi", "500m", "0", "1.5", "+2", "-1.5Mi", "1e3", "1E", " 2 "])
def test_valid_quantities(text: str) -> None:
    assert quantity_error(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", QUANTITY_FORMAT),
        ("lots", QUANTITY_FORMAT),
        ("1Zi", QUANTITY_FORMAT),
        ("1.2.3", QUANTITY_FORMAT),
        (".", QUANTITY_NUMERIC),
        ("Gi", QUANTITY_NUMERIC),
        ("1k3", QUANTITY_SUFFIX),
        ("1e", QUANTITY_SUFFIX),
    ],
)
def test_invalid_quantities(text: str, message: str) -> None:
    assert quantity_error(text) == message


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (2.0, "2"),
        (100, "100"),
        (1500, "1500"),
        (1000, "1k"),
        (2_000_000, "2M"),
        (0.5, "500m"),
        (1.5, "1500m"),
        (-0.25, "-250m"),
        (0.1, "100m"),
        (1e-12, "1n"),
        (3e20, "300E"),
        (1e21, "1e21"),
    ],
)
def test_numbers_become_canonical_quantities(number: float, text: str) -> None:
    assert number_quantity(number) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("aGVsbG8=", None),
        ("aGVs\nbG8=", None),
        ("", None),
        ("aGVsbG8", "illegal base64 data at input byte 4"),
        ("a$b=", "illegal base64 data at input byte 1"),
    ],
)
def test_base64(text: str, message: str | None) -> None:
    assert base64_error(text) == message
