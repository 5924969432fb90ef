"""Request bodies become plain JSON trees of bounded depth, or a 400: never a crash or a hang."""

from __future__ import annotations

import time

import pytest

from stead.api import errors
from stead.apiserver import bodies, jsontree

DEEP = 10_000


def _refused(raw: bytes, *, yaml: bool) -> str:
    parse = bodies.parse_yaml if yaml else bodies.parse_json
    started = time.monotonic()
    with pytest.raises(errors.BadRequest) as refused:
        parse(raw)
    assert time.monotonic() - started < 1, "refusing took too long"
    return refused.value.message


def test_json_nested_past_the_limit_is_refused() -> None:
    depth = jsontree.MAX_DEPTH + 1
    message = _refused(b'{"a":' * depth + b"1" + b"}" * depth, yaml=False)
    assert message == "the body of the request was not valid JSON: exceeded max depth of 100"
    assert _refused(b"[" * DEEP + b"]" * DEEP, yaml=False)


def test_json_nested_to_the_limit_is_kept() -> None:
    depth = jsontree.MAX_DEPTH
    value = bodies.parse_json(b"[" * depth + b"]" * depth)
    assert not jsontree.too_deep(value)


@pytest.mark.parametrize(
    "document",
    [
        b"data: " + b"[" * DEEP + b"]" * DEEP,
        b"data: " + b"{a: " * DEEP + b"1" + b"}" * DEEP,
        b"".join(b"  " * level + b"a:\n" for level in range(300)),
        b"a: &x [*x]",
    ],
    ids=["flow-lists", "flow-maps", "block", "self-alias"],
)
def test_yaml_nested_past_the_limit_is_refused_quickly(document: bytes) -> None:
    assert _refused(document, yaml=True).endswith("exceeded max depth of 100")


def test_yaml_alias_bombs_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    message = _refused("\n".join(lines).encode(), yaml=True)
    assert message == "error converting YAML to JSON: yaml: document contains excessive aliasing"


def test_yaml_aliases_within_reason_are_expanded_into_copies() -> None:
    value = bodies.parse_yaml(b"base: &b {x: 1}\none: *b\ntwo: *b")
    assert value == {"base": {"x": 1}, "one": {"x": 1}, "two": {"x": 1}}
    value["one"]["x"] = 2
    assert value["two"] == {"x": 1}


def test_yaml_becomes_json_as_upstream_converts_it() -> None:
    document = (
        b"t: 2026-01-01T00:00:00Z\nd: 2001-12-14\nb: !!binary aGk=\nk: {1: a, 1.5: b, null: c}"
    )
    assert bodies.parse_yaml(document) == {
        "t": "2026-01-01T00:00:00Z",
        "d": "2001-12-14",
        "b": "aGk=",
        "k": {"1": "a", "1.5": "b", "null": "c"},
    }
    assert list(bodies.parse_yaml(b"z: 1\na: 2\nm: 3")) == ["z", "a", "m"]


def test_integers_past_64_bits_become_floats_as_json_parsers_read_them() -> None:
    document = b"big: 99999999999999999999999\nmax: 18446744073709551615\nlow: -9223372036854775809"
    expected = {"big": 1e23, "max": 2**64 - 1, "low": -9.223372036854776e18}
    assert bodies.parse_yaml(document) == expected
    as_json = (
        b'{"big": 99999999999999999999999, "max": 18446744073709551615, '
        b'"low": -9223372036854775809}'
    )
    assert bodies.parse_json(as_json) == expected


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        (b"a: !!set {x}", "yaml: unsupported value of type set"),
        (b"a: .nan", "json: unsupported value: nan"),
        (b"a: -.inf", "json: unsupported value: -inf"),
        (b"a: " + b"9" * 400, "json: unsupported value: inf"),
        (b"{[1]: 2}", "found unhashable key"),
    ],
)
def test_yaml_values_json_cannot_hold_are_refused(document: bytes, detail: str) -> None:
    assert detail in _refused(document, yaml=True)


def test_too_deep_counts_container_levels() -> None:
    assert not jsontree.too_deep("scalar")
    assert not jsontree.too_deep([[]] * 3)
    nested: list[object] = []
    for _ in range(jsontree.MAX_DEPTH):
        nested = [nested]
    assert jsontree.too_deep(nested)
    assert not jsontree.too_deep(nested[0])
