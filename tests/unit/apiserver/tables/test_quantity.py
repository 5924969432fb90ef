from __future__ import annotations

import pytest

from stead.apiserver.tables.storage import canonical


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1Gi", "1Gi"),
        ("100Gi", "100Gi"),
        ("1024Mi", "1Gi"),
        ("1.5Gi", "1536Mi"),
        ("0.5Gi", "512Mi"),
        ("1Ki", "1Ki"),
        ("0.5Ki", "512"),
        ("0.1Ki", "102400m"),
        ("-1Gi", "-1Gi"),
        # Upstream documents quantities as capped at 2^63-1 in magnitude.
        ("1024Ei", "9223372036854775807"),
        ("1000M", "1G"),
        ("1500M", "1500M"),
        ("0.5G", "500M"),
        ("1E", "1E"),
        ("1000E", "9223372036854775807"),
        ("10", "10"),
        ("2048", "2048"),
        ("12345678", "12345678"),
        ("0.1", "100m"),
        ("1.5", "1500m"),
        ("1000m", "1"),
        ("1n", "1n"),
        ("0.1n", "1n"),
        ("1e3", "1e3"),
        ("1E3", "1e3"),
        ("1.5e3", "1500"),
        ("0", "0"),
        ("0Gi", "0"),
        (5, "5"),
        (1.5, "1500m"),
        (None, "0"),
        (True, "0"),
        ({"odd": 1}, "0"),
        ("lots", "lots"),
        ("1e", "1e"),
    ],
)
def test_canonical_matches_upstream_quantity_string(value: object, expected: str) -> None:
    assert canonical(value) == expected
