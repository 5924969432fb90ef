"""Random documents and patches: only ApiErrors escape, inputs stay as they were, no directives
leak into results."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stead.api import errors, schema
from stead.apiserver.patch import apply_json_patch, apply_merge_patch, apply_strategic_merge_patch

STS_SCHEMA = schema.load().for_kind("apps", "v1", "StatefulSet")

FIELDS = [
    "metadata", "spec", "template", "containers", "initContainers", "name", "image", "env",
    "value", "finalizers", "volumes", "emptyDir", "persistentVolumeClaim", "ports",
    "containerPort", "ownerReferences", "uid", "labels", "tolerations", "replicas", "selector",
]  # fmt: skip
DIRECTIVES = [
    "$patch", "$retainKeys", "$setElementOrder/containers", "$setElementOrder/finalizers",
    "$deleteFromPrimitiveList/finalizers", "$setElementOrder", "$deleteFromPrimitiveList/",
]  # fmt: skip
WORDS = ["replace", "delete", "merge", "a", "b", "nginx", "/spec", "", "~"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(WORDS),
)


def json_values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=25,
    )


document_keys = st.sampled_from(FIELDS)
patch_keys = st.sampled_from(FIELDS + DIRECTIVES)
documents = st.dictionaries(document_keys, json_values(document_keys), max_size=4)
patches = json_values(patch_keys)


def assert_no_directives(value: Any) -> None:
    if isinstance(value, dict):
        leaked = [key for key in value if key in DIRECTIVES or key.startswith("$setElementOrder/")]
        assert not leaked, value
        for item in value.values():
            assert_no_directives(item)
    elif isinstance(value, list):
        for item in value:
            assert_no_directives(item)


def check(function: Any, document: Any, patch: Any, *extra: Any) -> Any:
    before, patch_before = copy.deepcopy(document), copy.deepcopy(patch)
    try:
        result = function(document, patch, *extra)
    except errors.ApiError:
        result = None
    assert document == before
    assert patch == patch_before
    return result


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
@given(documents, patches)
def test_strategic_merge_patch_never_crashes_nor_leaks(document: Any, patch: Any) -> None:
    result = check(apply_strategic_merge_patch, document, patch, STS_SCHEMA)
    if result is not None:
        assert isinstance(result, dict)
        assert_no_directives(result)


@settings(max_examples=100)
@given(documents, patches)
def test_merge_patch_never_crashes(document: Any, patch: Any) -> None:
    result = check(apply_merge_patch, document, patch)
    assert result is None or isinstance(result, dict)


pointers = st.lists(st.sampled_from([*FIELDS[:6], "0", "1", "-", "01", "a~1b", "~2"]), max_size=3)
operations = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "remove", "replace", "move", "copy", "test", "bad"])},
    optional={
        "path": st.one_of(pointers.map(lambda tokens: "".join("/" + t for t in tokens)), scalars),
        "from": pointers.map(lambda tokens: "".join("/" + t for t in tokens)),
        "value": json_values(document_keys),
    },
)


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.one_of(st.lists(operations, max_size=5), patches))
def test_json_patch_never_crashes(document: Any, operations_: Any) -> None:
    result = check(apply_json_patch, document, operations_)
    assert result is None or isinstance(result, dict)


def named_items(extra: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    item = st.fixed_dictionaries(
        {"name": st.sampled_from(["nginx", "side", "log"])},
        optional={
            "image": st.sampled_from(["a", "b"]),
            "$patch": st.sampled_from(["delete", "replace", "merge"]),
            "env": st.lists(
                st.fixed_dictionaries(
                    {"name": st.sampled_from(["A", "B"])},
                    optional={"value": scalars, "$patch": st.just("delete")},
                ),
                max_size=3,
            ),
            "$setElementOrder/env": st.lists(st.fixed_dictionaries({"name": st.just("A")})),
            "$retainKeys": st.lists(st.sampled_from(["name", "image", "env"]), max_size=3),
        },
    )
    return st.lists(st.one_of(item, extra), max_size=4)


pod_spec_patches = st.fixed_dictionaries(
    {},
    optional={
        "containers": named_items(json_values(patch_keys)),
        "$setElementOrder/containers": st.lists(
            st.fixed_dictionaries({"name": st.sampled_from(["nginx", "side", "log"])}), max_size=3
        ),
        "volumes": named_items(st.just({"name": "www", "emptyDir": {}})),
        "$retainKeys": st.lists(st.sampled_from(["containers", "volumes"]), max_size=2),
    },
)

LIVE = {
    "apiVersion": "apps/v1",
    "kind": "StatefulSet",
    "metadata": {"name": "web", "finalizers": ["a", "b"]},
    "spec": {
        "template": {
            "spec": {
                "containers": [
                    {"name": "nginx", "image": "x", "env": [{"name": "A", "value": "1"}]},
                    {"name": "side", "image": "y"},
                ],
                "volumes": [{"name": "www", "emptyDir": {}}],
            }
        }
    },
}


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
@given(pod_spec_patches)
def test_strategic_merge_patch_of_pod_templates(spec_patch: Any) -> None:
    patch = {"spec": {"template": {"spec": spec_patch}}}
    result = check(apply_strategic_merge_patch, LIVE, patch, STS_SCHEMA)
    if result is not None:
        assert_no_directives(result)
