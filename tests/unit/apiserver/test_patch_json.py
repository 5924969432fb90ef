"""JSON Patch (RFC 6902) and JSON Merge Patch (RFC 7386), including the RFCs' own examples."""

from __future__ import annotations

from typing import Any

import pytest

from stead.api import errors
from stead.apiserver.patch import apply_json_patch, apply_merge_patch

STS: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "StatefulSet",
    "metadata": {"name": "web", "labels": {"app": "nginx"}},
    "spec": {"replicas": 2, "list": ["a", "b"]},
}


def test_kubectl_patch_json_replaces_replicas() -> None:
    patched = apply_json_patch(STS, [{"op": "replace", "path": "/spec/replicas", "value": 3}])
    assert patched["spec"]["replicas"] == 3
    assert STS["spec"]["replicas"] == 2


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ({"op": "add", "path": "/spec/list/1", "value": "x"}, ["a", "x", "b"]),
        ({"op": "add", "path": "/spec/list/-", "value": "x"}, ["a", "b", "x"]),
        ({"op": "add", "path": "/spec/list/2", "value": "x"}, ["a", "b", "x"]),
        ({"op": "remove", "path": "/spec/list/0"}, ["b"]),
        ({"op": "replace", "path": "/spec/list/1", "value": "x"}, ["a", "x"]),
        ({"op": "move", "from": "/spec/list/0", "path": "/spec/list/-"}, ["b", "a"]),
        ({"op": "copy", "from": "/spec/list/0", "path": "/spec/list/0"}, ["a", "a", "b"]),
        ({"op": "test", "path": "/spec/list", "value": ["a", "b"]}, ["a", "b"]),
    ],
)
def test_array_operations(operation: dict[str, Any], expected: list[str]) -> None:
    assert apply_json_patch(STS, [operation])["spec"]["list"] == expected


def test_pointer_escapes() -> None:
    doc = {"metadata": {"annotations": {"a/b": "1", "m~n": "2"}}}
    patched = apply_json_patch(
        doc,
        [
            {"op": "replace", "path": "/metadata/annotations/a~1b", "value": "x"},
            {"op": "remove", "path": "/metadata/annotations/m~0n"},
        ],
    )
    assert patched == {"metadata": {"annotations": {"a/b": "x"}}}


def test_move_and_copy_objects_do_not_alias() -> None:
    patched = apply_json_patch(
        {"a": {"x": 1}},
        [
            {"op": "copy", "from": "/a", "path": "/b"},
            {"op": "replace", "path": "/b/x", "value": 2},
        ],
    )
    assert patched == {"a": {"x": 1}, "b": {"x": 2}}


def test_test_compares_json_types() -> None:
    apply_json_patch({"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}])
    with pytest.raises(errors.Invalid) as raised:
        apply_json_patch({"a": 1}, [{"op": "test", "path": "/a", "value": True}])
    assert "testing value /a failed" in str(raised.value.__cause__)


@pytest.mark.parametrize(
    ("operation", "why"),
    [
        ({"op": "test", "path": "/spec/replicas", "value": 5}, "testing value /spec/replicas"),
        ({"op": "replace", "path": "/spec/nope", "value": 1}, "/spec/nope: no such path"),
        ({"op": "remove", "path": "/spec/list/2"}, "no array element at index '2'"),
        ({"op": "add", "path": "/spec/list/01", "value": 1}, "no array element at index '01'"),
        ({"op": "add", "path": "/spec/list/-1", "value": 1}, "no array element"),
        ({"op": "add", "path": "/nope/x", "value": 1}, "/nope: no such path"),
        ({"op": "add", "path": "spec", "value": 1}, "not a valid JSON pointer"),
        ({"op": "add", "path": "/a~2b", "value": 1}, "not a valid JSON pointer"),
        ({"op": "add", "path": "/spec/replicas/x", "value": 1}, "not a container"),
        ({"op": "add", "path": "/spec/x"}, 'needs a "value"'),
        ({"op": "remove"}, '"path" is missing'),
        ({"op": "remove", "path": 3}, '"path" is a number'),
        ({"op": "move", "from": "/spec", "path": "/spec/x"}, "into one of its children"),
        ({"op": "frobnicate", "path": "/spec"}, 'unsupported operation "frobnicate"'),
        ({"op": "remove", "path": ""}, "cannot be removed"),
        (
            {"op": "replace", "path": "", "value": [1]},
            "patched document is not an object but array",
        ),
    ],
)
def test_failed_operations_are_422(operation: dict[str, Any], why: str) -> None:
    with pytest.raises(errors.Invalid) as raised:
        apply_json_patch(STS, [operation])
    assert raised.value.code == 422
    assert raised.value.message.startswith("the server rejected our request")
    assert why in f"{raised.value.message} {raised.value.__cause__}"


def test_a_failed_operation_answers_upstreams_generic_message() -> None:
    """Upstream's 422 carries no detail, so kubectl prints exactly `The request is invalid: the
    server rejected our request due to an error in our request`; the detail is the cause."""
    with pytest.raises(errors.Invalid) as raised:
        apply_json_patch(STS, [{"op": "test", "path": "/spec/replicas", "value": 5}])
    assert raised.value.to_status()["message"] == (
        "the server rejected our request due to an error in our request"
    )
    assert "details" not in raised.value.to_status()
    assert (
        str(raised.value.__cause__)
        == "operation 0: testing value /spec/replicas failed: test failed"
    )


@pytest.mark.parametrize("body", [{"op": "add"}, [1], "x", None, [[]]])
def test_malformed_bodies_are_400(body: Any) -> None:
    with pytest.raises(errors.BadRequest):
        apply_json_patch(STS, body)


def test_too_many_operations_are_413() -> None:
    operations = [{"op": "test", "path": "/spec/replicas", "value": 2}] * 10001
    with pytest.raises(errors.RequestEntityTooLarge, match="maximum operations"):
        apply_json_patch(STS, operations)


def test_root_replacement() -> None:
    assert apply_json_patch(STS, [{"op": "replace", "path": "", "value": {"a": 1}}]) == {"a": 1}


# RFC 7386 appendix A, every example whose target is an object.
@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b"}, {"a": None}, {}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
        ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    ],
)
def test_merge_patch_rfc_examples(
    target: dict[str, Any], patch: dict[str, Any], result: dict[str, Any]
) -> None:
    assert apply_merge_patch(target, patch) == result


def test_merge_patch_label_and_annotate_shapes() -> None:
    labelled = apply_merge_patch(STS, {"metadata": {"labels": {"tier": "frontend"}}})
    assert labelled["metadata"]["labels"] == {"app": "nginx", "tier": "frontend"}
    unlabelled = apply_merge_patch(labelled, {"metadata": {"labels": {"tier": None}}})
    assert unlabelled["metadata"]["labels"] == {"app": "nginx"}
    assert STS["metadata"]["labels"] == {"app": "nginx"}


def test_merge_patch_result_does_not_share_with_inputs() -> None:
    patch = {"spec": {"template": {"x": [1]}}}
    patched = apply_merge_patch(STS, patch)
    patched["spec"]["template"]["x"].append(2)
    patched["metadata"]["labels"]["b"] = "c"
    assert patch == {"spec": {"template": {"x": [1]}}}
    assert STS["metadata"]["labels"] == {"app": "nginx"}


@pytest.mark.parametrize("patch", [None, [1], "x", 3])
def test_merge_patch_must_be_an_object(patch: Any) -> None:
    with pytest.raises(errors.BadRequest):
        apply_merge_patch(STS, patch)
