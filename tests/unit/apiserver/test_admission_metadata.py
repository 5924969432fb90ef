"""Admission's handling of ObjectMeta collections Go encodes with `omitempty`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from stead.api import kinds
from stead.apiserver.admission import WriteOptions, admit_create, admit_update


def _config_maps() -> kinds.ResourceType:
    resource = kinds.lookup("", "v1", "configmaps")
    assert resource is not None
    return resource


def _options() -> WriteOptions:
    return WriteOptions("Strict", False, "test", datetime(2026, 1, 1, tzinfo=UTC))


def _config_map(**meta: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", **meta}}


@pytest.mark.parametrize("key", ["labels", "annotations", "finalizers", "ownerReferences"])
def test_empty_collections_are_dropped_on_create(key: str) -> None:
    empty: object = [] if key in ("finalizers", "ownerReferences") else {}
    created = admit_create(
        _config_maps(), _config_map(**{key: empty}), namespace="default", options=_options()
    )
    assert key not in created["metadata"]


def test_removing_the_last_label_removes_the_map() -> None:
    old = admit_create(
        _config_maps(), _config_map(labels={"tier": "db"}), namespace="default", options=_options()
    )
    old["metadata"]["resourceVersion"] = "5"
    new = _config_map(labels={}, annotations={"note": "kept"})
    updated = admit_update(_config_maps(), new, old, options=_options())
    assert "labels" not in updated["metadata"]
    assert updated["metadata"]["annotations"] == {"note": "kept"}
