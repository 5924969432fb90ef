from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stead.client.objects import (
    OwnerReference,
    controller_of,
    finalizers_of,
    is_being_deleted,
    object_key,
    owner_references,
    revision,
    split_key,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


metadata_fields = ["name", "namespace", "ownerReferences", "finalizers", "deletionTimestamp"]


@settings(max_examples=50)
@given(json_values | st.dictionaries(st.sampled_from(metadata_fields), json_values))
def test_accessors_tolerate_any_json(metadata: Any) -> None:
    obj = {"metadata": metadata}
    object_key(obj)
    owner_references(obj)
    finalizers_of(obj)
    is_being_deleted(obj)


@settings(max_examples=50)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["apiVersion", "kind", "name", "uid", "controller"]), json_values
        ),
        max_size=4,
    )
)
def test_owner_references_keep_only_well_formed_entries(refs: list[dict[str, Any]]) -> None:
    parsed = owner_references({"metadata": {"ownerReferences": refs}})
    assert all(isinstance(ref.uid, str) and ref.uid for ref in parsed)
    assert len(parsed) <= len(refs)


def test_owner_reference_round_trip() -> None:
    ref = OwnerReference("apps/v1", "StatefulSet", "web", "u1", True, True)
    obj = {"metadata": {"ownerReferences": [ref.to_json(), {"uid": "missing-fields"}]}}
    assert owner_references(obj) == [ref]
    assert controller_of(obj) == ref


def test_keys() -> None:
    assert object_key({"metadata": {"name": "web-0", "namespace": "ns"}}) == "ns/web-0"
    assert object_key({"metadata": {"name": "node-1"}}) == "node-1"
    assert split_key("ns/web-0") == ("ns", "web-0")
    assert split_key("node-1") == ("", "node-1")


def test_revision_of_an_opaque_version_is_zero() -> None:
    assert revision("42") == 42
    assert revision("") == 0
    assert revision("abc") == 0
