from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.apiserver.tables import human_duration
from stead.apiserver.tables.duration import parse_time, rfc3339, since
from tests.unit.apiserver.tables.helpers import NOW, ago

DAY = 24 * 3600
YEAR = 365 * DAY


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (-3, "<invalid>"),
        (-2, "<invalid>"),
        (-1.5, "0s"),
        (-1, "0s"),
        (-0.5, "0s"),
        (0, "0s"),
        (0.9, "0s"),
        (1, "1s"),
        (59, "59s"),
        (119, "119s"),
        (120, "2m"),
        (121, "2m1s"),
        (9 * 60 + 59, "9m59s"),
        (10 * 60, "10m"),
        (10 * 60 + 59, "10m"),
        (179 * 60 + 59, "179m"),
        (3 * 3600, "3h"),
        (3 * 3600 + 59, "3h"),
        (3 * 3600 + 60, "3h1m"),
        (7 * 3600 + 59 * 60, "7h59m"),
        (8 * 3600, "8h"),
        (47 * 3600 + 59 * 60, "47h"),
        (48 * 3600, "2d"),
        (2 * DAY + 3 * 3600, "2d3h"),
        (7 * DAY + 23 * 3600, "7d23h"),
        (8 * DAY, "8d"),
        (8 * DAY + 23 * 3600, "8d"),
        (2 * YEAR - 3600, "729d"),
        (2 * YEAR, "2y"),
        (2 * YEAR + 5 * DAY, "2y5d"),
        (8 * YEAR - DAY, "7y364d"),
        (8 * YEAR, "8y"),
        (300 * YEAR, "300y"),
    ],
)
def test_human_duration_boundaries(seconds: float, expected: str) -> None:
    assert human_duration(timedelta(seconds=seconds)) == expected


_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": DAY, "y": YEAR}


def _read_back(text: str) -> tuple[int, int]:
    """The seconds a printed duration stands for, and the size of its last unit."""
    total, unit = 0, 1
    for number, letter in re.findall(r"(\d+)([smhdy])", text):
        unit = _UNIT_SECONDS[letter]
        total += int(number) * unit
    return total, unit


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5000)))
def test_human_duration_truncates_to_its_last_unit(delta: timedelta) -> None:
    printed, unit = _read_back(human_duration(delta))
    elapsed = delta.total_seconds()
    assert printed <= elapsed < printed + unit


def test_since_measures_from_now_and_marks_missing_timestamps() -> None:
    assert since(ago(minutes=5), NOW) == "5m"
    assert since(None, NOW) == "<unknown>"
    assert since("", NOW) == "<unknown>"
    assert since("not a time", NOW) == "<unknown>"
    assert since(42, NOW) == "<unknown>"


def test_since_accepts_micro_time_and_offsets() -> None:
    assert since("2025-06-01T11:59:30.123456Z", NOW) == "29s"
    assert since("2025-06-01T13:00:00+02:00", NOW) == "60m"


def test_naive_values_are_read_as_utc() -> None:
    assert parse_time("2025-06-01T11:00:00") == datetime(2025, 6, 1, 11, tzinfo=UTC)
    assert since(ago(hours=1), NOW.replace(tzinfo=None)) == "60m"


def test_rfc3339_prints_utc_seconds_and_the_zero_time() -> None:
    assert rfc3339("2025-06-01T13:00:00.5+02:00") == "2025-06-01T11:00:00Z"
    assert rfc3339(None) == "0001-01-01T00:00:00Z"
    assert rfc3339("0001-01-01T00:00:00+01:00") == "0001-01-01T00:00:00Z"
