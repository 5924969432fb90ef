"""Request bodies no server should accept, as hypothesis strategies.

Each strategy draws a `Body`: the bytes, the content type they are sent with, and whether any
endpoint must refuse them (`refused`) or may accept them (a YAML body that happens to parse).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import orjson
from hypothesis import strategies as st

from tests.fuzz.harness import APPLY_PATCH, JSON, PROTOBUF, dumps

MAX_BODY = 3 * 1024 * 1024
DEEP = 10_000
"""Nesting far past what any parser or encoder of ours handles by recursion."""

_PROTOBUF_MAGIC = b"k8s\x00"
_PROTOBUF_KINDS = [
    ("v1", "Namespace"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"),
    ("policy/v1", "Eviction"), ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"),
    ("authentication.k8s.io/v1", "SelfSubjectReview"), ("v1", "Pod"), ("", ""),
]  # fmt: skip


@dataclass(frozen=True)
class Body:
    raw: bytes
    content_type: str
    refused: bool
    """True when every endpoint must answer 4xx (the body cannot be a valid object)."""


@functools.cache
def json_values(*, max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Arbitrary JSON (what a user may send anywhere)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**64 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def invalid_json() -> st.SearchStrategy[Body]:
    fixed = st.sampled_from(
        [b"", b"{", b"}", b'{"a":', b"[1,2", b"nul", b"{'a': 1}", b"NaN", b"[1,]", b'{"a":1,}',
         b"\xff\xfe\x00", b'{"a":"\xff"}', b'"\\ud800"', b"1e99999", b"--1", b"{}{}", b"[]]",
         b'{"a" 1}', b"\x00", b"True"]
    )  # fmt: skip
    text = st.binary(max_size=64).filter(_not_json)
    return st.one_of(fixed, text).map(lambda raw: Body(raw, JSON, refused=True))


def _not_json(raw: bytes) -> bool:
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return True
    return False


def truncated(obj: dict[str, Any]) -> st.SearchStrategy[Body]:
    raw = dumps(obj)
    return st.integers(min_value=1, max_value=len(raw) - 1).map(
        lambda cut: Body(raw[:cut], JSON, refused=True)
    )


def not_an_object() -> st.SearchStrategy[Body]:
    values = st.one_of(
        st.lists(json_values(), max_size=3),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
        st.none(),
        st.booleans(),
    )
    return values.map(lambda value: Body(dumps(value), JSON, refused=True))


def deeply_nested() -> st.SearchStrategy[Body]:
    """10k levels of lists or objects, bare or under a field, as JSON or YAML."""
    shapes = st.sampled_from(["list", "object", "field", "yaml-flow", "yaml-block"])
    return shapes.map(_deep)


def _deep(shape: str) -> Body:
    if shape == "list":
        return Body(b"[" * DEEP + b"]" * DEEP, JSON, refused=True)
    if shape == "object":
        return Body(b'{"a":' * DEEP + b"1" + b"}" * DEEP, JSON, refused=True)
    if shape == "field":
        raw = b'{"metadata":{"name":"deep"},"data":' + b'{"a":' * DEEP + b"1" + b"}" * DEEP + b"}"
        return Body(raw, JSON, refused=True)
    if shape == "yaml-flow":
        return Body(b"data: " + b"[" * DEEP + b"]" * DEEP, APPLY_PATCH, refused=True)
    block = b"".join(b"  " * level + b"a:\n" for level in range(300))
    return Body(b"metadata: {name: deep}\ndata:\n" + block, APPLY_PATCH, refused=True)


def nested_within_limits() -> st.SearchStrategy[Body]:
    """Nesting from shallow to past our encoder's limits, in an open (RawExtension) field."""
    return st.integers(min_value=1, max_value=400).map(_nested_data)


def _nested_data(depth: int) -> Body:
    raw = b'{"metadata":{"name":"nested"},"revision":1,"data":'
    raw += b'{"a":' * depth + b"1" + b"}" * depth + b"}"
    return Body(raw, JSON, refused=False)


def yaml_bodies() -> st.SearchStrategy[Body]:
    """YAML as an apply patch: broken syntax, non-objects, tags, anchors and aliases."""
    fixed = st.sampled_from(
        [b"a: [", b"a: b: c", b"\t- x", b"- 1\n- 2", b"42", b"null", b"~", b"'str'",
         b"!!python/object:os.system {}", b"a: !!binary bad", b"a: &x [*x]", b"*undefined",
         b"a: 1\na: 2", b"? [1, 2]\n: x", b"{[1]: 2}", b"kind: 7\napiVersion: [v1]",
         b"metadata: string", b"metadata: {name: [1]}", b"--- a\n--- b", b"%YAML 9.9\n---\na: 1",
         b"a: 2001-12-14t21:59:43.10-05:00", b"a: .inf", b"a: 0x1F", b"\xff\xfe",
         b"metadata:\n  labels: {a: {b: c}}", b"a: !!set {x}"]
    )  # fmt: skip
    return st.one_of(fixed, st.binary(max_size=48)).map(
        lambda raw: Body(raw, APPLY_PATCH, refused=False)
    )


def alias_bomb() -> Body:
    """'Billion laughs': nine levels of nine aliases; expanding it would take ~387M nodes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("data: {bomb: *a8}")
    return Body("\n".join(lines).encode(), APPLY_PATCH, refused=False)


def huge_strings() -> st.SearchStrategy[Body]:
    """A valid-looking object with one string of up to nearly the body limit."""
    fields = st.sampled_from(["name", "label", "annotation", "data", "image", "unknown"])
    sizes = st.sampled_from([70_000, 300_000, 1_100_000, MAX_BODY - 4096])
    return st.builds(_huge, fields, sizes)


def _huge(where: str, size: int) -> Body:
    text = "x" * size
    obj: dict[str, Any] = {"metadata": {"name": "huge"}}
    if where == "name":
        obj["metadata"]["name"] = text
    elif where == "label":
        obj["metadata"]["labels"] = {"a": text}
    elif where == "annotation":
        obj["metadata"]["annotations"] = {"a": text}
    elif where == "data":
        obj["data"] = {"a": text}
    elif where == "image":
        obj["spec"] = {"containers": [{"name": "a", "image": text}]}
    else:
        obj[text[:200]] = text
    return Body(dumps(obj), JSON, refused=False)


def oversized() -> st.SearchStrategy[Body]:
    """Past the 3 MiB limit: a valid object with a huge field, or raw junk."""
    sizes = st.sampled_from([MAX_BODY + 1, MAX_BODY + 100_000, 2 * MAX_BODY])
    return st.builds(_oversized, sizes, st.booleans())


def _oversized(size: int, valid: bool) -> Body:
    raw = dumps({"metadata": {"name": "big"}, "data": {"a": "x" * size}}) if valid else b"[" * size
    return Body(raw, JSON, refused=True)


def protobuf_garbage() -> st.SearchStrategy[Body]:
    """Random bytes, with or without the magic: never an object."""
    bare = st.binary(max_size=64).filter(lambda raw: not raw.startswith(_PROTOBUF_MAGIC))
    magic = st.binary(max_size=64).map(lambda raw: _PROTOBUF_MAGIC + raw)
    return st.one_of(bare, magic).map(lambda raw: Body(raw, PROTOBUF, refused=True))


def protobuf_envelopes() -> st.SearchStrategy[Body]:
    """Envelopes naming real (and unknown) kinds with random bytes as the object: most are
    refused, some decode to an object that may even be valid."""
    envelope = st.builds(_envelope, st.sampled_from(_PROTOBUF_KINDS), st.binary(max_size=64))
    return envelope.map(lambda raw: Body(raw, PROTOBUF, refused=False))


def _envelope(kind: tuple[str, str], raw: bytes) -> bytes:
    api_version, name = kind
    type_meta = _field(1, api_version.encode()) + _field(2, name.encode())
    return _PROTOBUF_MAGIC + _field(1, type_meta) + _field(2, raw)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
