"""Property tests: decoding any JSON yields a report, never an exception, and is idempotent."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stead.api import schema
from stead.api.errors import go_quote
from stead.apiserver import decoding, decoding_scalars
from tests.unit.apiserver.test_decoding import EXAMPLES

FIELD_NAMES = sorted(
    {
        name
        for definition in schema.load().definitions.values()
        for name in (definition.get("properties") or {})
    }
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["80", "1Gi", "500m", "2024-05-01T10:00:00Z", "aGk=", "50%"])
)
KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)

Path = tuple[Any, ...]


def _paths(value: Any, prefix: Path = ()) -> list[Path]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(root: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return root


@st.composite
def mutated(draw: st.DrawFn) -> tuple[schema.Schema, Any]:
    gvk = draw(st.sampled_from(sorted(EXAMPLES)))
    obj: Any = copy.deepcopy(EXAMPLES[gvk])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(obj)
        obj = _replace(obj, draw(st.sampled_from(paths)), draw(JSON))
    found = schema.load().for_kind(*gvk)
    assert found is not None
    return found, obj


def _assert_stable(obj: Any, kind: schema.Schema) -> None:
    """A body without type errors is normalised once: checking it again changes nothing."""
    before = copy.deepcopy(obj)
    assert decoding.check_object(obj, kind) == decoding.DecodeReport([], [])
    assert obj == before


@settings(max_examples=150, deadline=None)
@given(mutated())
def test_mutated_objects_always_yield_a_report(case: tuple[schema.Schema, Any]) -> None:
    kind, obj = case
    report = decoding.check_object(obj, kind)
    assert isinstance(report, decoding.DecodeReport)
    assert all(isinstance(message, str) for message in report.type_errors)
    if report.type_errors:
        assert decoding.decode_error("Kind", "v1", report).code == 400
    else:
        _assert_stable(obj, kind)


@settings(max_examples=200, deadline=None)
@given(JSON, st.sampled_from(sorted(EXAMPLES)))
def test_arbitrary_json_always_yields_a_report(body: Any, gvk: tuple[str, str, str]) -> None:
    kind = schema.load().for_kind(*gvk)
    assert kind is not None
    report = decoding.check_object(body, kind)
    assert isinstance(report, decoding.DecodeReport)
    if isinstance(body, dict) and not report.type_errors:
        _assert_stable(body, kind)


@given(st.text(max_size=40) | st.from_regex(r"\d{4}-\d\d-\d\dT\d\d?:\d\d:\d\d\S{0,9}"))
def test_scalar_checks_answer_any_text(text: str) -> None:
    for layout in (decoding_scalars.RFC3339, decoding_scalars.RFC3339_MICRO):
        problem = decoding_scalars.time_error(text, layout)
        assert problem is None or problem.startswith(f"parsing time {go_quote(text)}")
    assert isinstance(decoding_scalars.quantity_error(text) or "", str)
    assert isinstance(decoding_scalars.base64_error(text) or "", str)


@given(st.datetimes(min_value=datetime.datetime(1, 1, 1), timezones=st.just(datetime.UTC)))
def test_timestamps_as_clients_write_them_are_accepted(moment: datetime.datetime) -> None:
    seconds = f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}"
    micro = f"{seconds}.{moment.microsecond:06d}Z"
    assert decoding_scalars.time_error(f"{seconds}Z", decoding_scalars.RFC3339) is None
    assert decoding_scalars.time_error(micro, decoding_scalars.RFC3339) is None
    assert decoding_scalars.time_error(micro, decoding_scalars.RFC3339_MICRO) is None


@given(
    st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
)
def test_numeric_quantities_become_valid_quantity_strings(value: float) -> None:
    text = decoding_scalars.number_quantity(value)
    assert decoding_scalars.quantity_error(text) is None
