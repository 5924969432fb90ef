"""Bad bodies become a 400 (or a 415 for kinds we cannot decode), never another exception."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api.errors import BadRequest, UnsupportedMediaType
from stead.apiserver.protobuf import KINDS, decode_object
from stead.apiserver.protobuf.envelope import MAGIC
from tests.unit.apiserver.protobuf.encoder import envelope, length_delimited, varint_field

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.pb"))


def _bad_request(body: bytes) -> str:
    with pytest.raises(BadRequest) as raised:
        decode_object(body)
    assert raised.value.to_status()["code"] == 400
    return raised.value.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty protobuf body"),
        (b'{"kind":"Namespace"}', "provided data does not appear to be a protobuf message, "),
        (b"k8s", "provided data does not appear to be a protobuf message, "),
        (MAGIC, "empty protobuf body after the k8s prefix"),
        (MAGIC + b"\x0a\x05", "unable to decode the protobuf envelope: field 1 is truncated"),
        (MAGIC + b"\x08\x01", "unable to decode the protobuf envelope: typeMeta: wire type 0,"),
        (MAGIC + length_delimited(1, b""), "Object 'Kind' is missing in the protobuf envelope"),
        (
            MAGIC + length_delimited(1, length_delimited(2, b"Namespace")),
            "Object 'apiVersion' is missing in the protobuf envelope",
        ),
        (
            MAGIC + length_delimited(1, length_delimited(2, b"\xff")),
            "unable to decode the protobuf envelope: typeMeta.kind: invalid UTF-8 at byte 0",
        ),
    ],
)
def test_bad_envelope(body: bytes, message: str) -> None:
    assert _bad_request(body).startswith(message)


def test_wrong_prefix_names_the_expected_bytes() -> None:
    assert _bad_request(b"\x00\x00\x00\x00\x0a\x00").endswith("expected prefix [107 56 115 0]")


def _meta(field: bytes) -> bytes:
    return length_delimited(1, field)


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("Namespace", _meta(varint_field(1, 3)), "metadata.name: wire type 0, expected 2"),
        ("Namespace", _meta(b"\x0a\x09ab"), "metadata: field 1 is truncated (7 bytes missing)"),
        (
            "ConfigMap",
            _meta(length_delimited(11, length_delimited(2, b"\xc3\x28"))),
            "metadata.labels.value: invalid UTF-8 at byte 0 of a string",
        ),
        (
            "Service",
            length_delimited(2, length_delimited(1, length_delimited(4, varint_field(1, 2)))),
            "spec.ports.targetPort: IntOrString type 2 is neither 0 (int) nor 1 (string)",
        ),
        (
            "Namespace",
            _meta(length_delimited(8, varint_field(1, 1 << 62))),
            "metadata.creationTimestamp: time 4611686018427387904s from the Unix epoch is out",
        ),
        (
            "Secret",
            _meta(length_delimited(17, length_delimited(7, length_delimited(1, b"{")))),
            "metadata.managedFields.fieldsV1.Raw: not a valid JSON document",
        ),
        ("Secret", b"\x10", "truncated varint in field 2"),
    ],
)
def test_malformed_object_names_the_field(kind: str, raw: bytes, message: str) -> None:
    detail = _bad_request(envelope("v1", kind, raw))

    assert detail.startswith(f"unable to decode the protobuf {kind}: {message}")


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("apps/v1", "Deployment"), ("v1", "Pod"), ("v2", "Namespace"), ("v1", "namespace")],
)
def test_kind_without_a_table_is_415(api_version: str, kind: str) -> None:
    with pytest.raises(UnsupportedMediaType) as raised:
        decode_object(envelope(api_version, kind, b""))

    assert raised.value.to_status()["code"] == 415


def _decode_or_reject(body: bytes) -> None:
    """Decoding either fails with a client error or gives a JSON-ready object."""
    try:
        obj = decode_object(body)
    except (BadRequest, UnsupportedMediaType):
        return
    assert {"apiVersion", "kind"} <= obj.keys()
    orjson.dumps(obj)


@given(st.binary(max_size=200))
def test_random_bodies_only_ever_fail_cleanly(body: bytes) -> None:
    _decode_or_reject(body)
    _decode_or_reject(MAGIC + body)


@given(st.sampled_from(sorted(KINDS)), st.binary(max_size=300))
def test_random_objects_only_ever_fail_cleanly(kind: tuple[str, str], raw: bytes) -> None:
    _decode_or_reject(envelope(*kind, raw))


@given(st.sampled_from(FIXTURES), st.data())
def test_damaged_real_bodies_only_ever_fail_cleanly(fixture: Path, data: st.DataObject) -> None:
    body = bytearray(fixture.read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        at = data.draw(st.integers(min_value=len(MAGIC), max_value=len(body) - 1))
        body[at] = data.draw(st.integers(min_value=0, max_value=255))
    cut = data.draw(st.integers(min_value=0, max_value=len(body)))

    _decode_or_reject(bytes(body[:cut]))
    _decode_or_reject(bytes(body))
