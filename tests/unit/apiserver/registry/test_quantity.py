"""Resource quantities: parsing, canonical text, comparison (upstream resource.Quantity)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api import quantity
from stead.api.quantity import QuantityError


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("0", "0"),
        ("1Gi", "1Gi"),
        ("1.5Gi", "1536Mi"),
        ("0.05Gi", "53687091200m"),
        ("107374182400m", "107374182400m"),
        ("1000m", "1"),
        ("1500m", "1500m"),
        ("0.5", "500m"),
        ("1000", "1k"),
        ("1024", "1024"),
        ("512Ki", "512Ki"),
        ("0.5Ki", "512"),
        ("1e3", "1e3"),
        ("1.5e3", "1500"),
        ("12E6", "12e6"),
        ("1.5e-10", "1e-9"),
        ("1E", "1E"),
        ("-1", "-1"),
        ("+2", "2"),
        ("1.", "1"),
        (".5", "500m"),
        ("0Gi", "0"),
        ("100000000000000000000", "9223372036854775807"),
        ("8Ei", "9223372036854775807"),
        (3, "3"),
        (1.5, "1500m"),
    ],
)
def test_canonical_text(text: str | int | float, canonical: str) -> None:
    assert quantity.parse(text).canonical() == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", quantity.FORMAT_WRONG),
        ("1.5.5", quantity.FORMAT_WRONG),
        ("1 Gi", quantity.FORMAT_WRONG),
        ("abc", quantity.FORMAT_WRONG),
        ("-", quantity.NUMERIC),
        ("1e", quantity.SUFFIX),
        ("1Ki5", quantity.SUFFIX),
        ("1Gb", quantity.FORMAT_WRONG),
        ("1Gm", quantity.SUFFIX),
    ],
)
def test_malformed_quantities_raise_upstreams_message(text: str, message: str) -> None:
    with pytest.raises(QuantityError) as raised:
        quantity.parse(text)
    assert str(raised.value) == message


def test_format_message_names_upstreams_regular_expression() -> None:
    assert quantity.FORMAT_WRONG == (
        "quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    )


def test_comparison_is_by_amount_whatever_the_suffix() -> None:
    assert quantity.parse("1Gi") == quantity.parse("1073741824")
    assert quantity.parse("1G") < quantity.parse("1Gi")
    assert quantity.parse("500m").cmp(quantity.parse("0.5")) == 0
    assert quantity.parse("2").cmp(quantity.parse("1999m")) == 1


def test_values_round_up() -> None:
    assert quantity.parse("1500m").value() == 2
    assert quantity.parse("0.0001").milli_value() == 1


def test_canonicalize_leaves_non_quantities_alone() -> None:
    assert quantity.canonicalize("1.5Gi") == "1536Mi"
    assert quantity.canonicalize("lots") == "lots"
    assert quantity.canonicalize(None) is None


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_quantity_error(text: str) -> None:
    try:
        parsed = quantity.parse(text)
    except QuantityError:
        return
    assert quantity.parse(parsed.canonical()) == parsed


@given(st.integers(min_value=0, max_value=2**62), st.sampled_from(["", "m", "k", "Ki", "Mi", "e3"]))
def test_canonical_text_reparses_to_the_same_amount(number: int, suffix: str) -> None:
    parsed = quantity.parse(f"{number}{suffix}")
    assert quantity.parse(parsed.canonical()) == parsed
