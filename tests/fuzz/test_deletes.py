"""DELETE of one object with random DeleteOptions (bodies and query parameters) and
preconditions, and DELETE of collections with random selectors."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api.kinds import ResourceType
from tests.fuzz import garbage, queries, seeds
from tests.fuzz.garbage import json_values
from tests.fuzz.harness import Api, Request, dumps, fuzz

pytestmark = pytest.mark.e2e

_SETTLE_SECONDS = 20.0
_FRESH = itertools.count()
"""Names of the objects deleted: a fresh one per example, never drawn by hypothesis (what
earlier examples left behind must not change what later ones draw)."""
_POLICIES = ["Orphan", "Background", "Foreground", "", "orphan", "Bogus", None, 1, ["Orphan"]]
_GRACE: list[Any] = [0, 1, 30, -1, -(2**63), 2**63, 2**64, 1.5, "5", None, True, []]


@pytest.fixture(scope="module", autouse=True)
def settled(api: Api, namespace: str) -> Iterator[None]:
    """Deletes wake the garbage collector and the namespace controller; let them finish before
    other modules count on a store that only their own writes move."""
    yield
    deadline = time.monotonic() + _SETTLE_SECONDS
    while _awaiting_controllers(api, namespace):
        assert time.monotonic() < deadline, "the controllers did not finish the deletions"
        time.sleep(0.05)


def _awaiting_controllers(api: Api, namespace: str) -> list[str]:
    """Objects being deleted that a controller still has to finish."""
    waiting = []
    for resource in seeds.STORED:
        for obj in api.get(seeds.collection_url(resource, namespace))["items"]:
            meta, spec = obj["metadata"], obj.get("spec") or {}
            finalizing = meta.get("finalizers") or (
                resource.kind == "Namespace" and spec.get("finalizers")
            )
            if meta.get("deletionTimestamp") and finalizing:
                waiting.append(f"{resource.plural}/{meta['name']}")
    return waiting


def _options(data: st.DataObject, uid: str, version: str) -> Any:
    """A DeleteOptions body; its preconditions name the object's real uid or version, or not."""
    fields = {
        "kind": st.sampled_from(["DeleteOptions", "Pod", "", 1]),
        "apiVersion": st.sampled_from(["v1", "meta.k8s.io/v1", "apps/v1", "v9", None]),
        "gracePeriodSeconds": st.sampled_from(_GRACE),
        "propagationPolicy": st.sampled_from(_POLICIES),
        "orphanDependents": st.sampled_from([True, False, None, "true", 0]),
        "dryRun": st.sampled_from([["All"], [], ["Bogus"], "All", None, [1]]),
        "preconditions": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "uid": st.sampled_from([uid, "other", "", None, 7, {"a": 1}]),
                    "resourceVersion": st.sampled_from([version, "1", "", "x", None, 5, []]),
                },
            ),
            json_values(max_leaves=2),
        ),
        "bogus": json_values(max_leaves=2),
    }
    options = data.draw(st.fixed_dictionaries({}, optional=fields), label="options")
    return options if data.draw(st.integers(0, 9), label="shape") else data.draw(json_values())


def _params(data: st.DataObject) -> tuple[tuple[str, str], ...]:
    params = {
        "gracePeriodSeconds": st.sampled_from(["0", "5", "-1", "x", "9" * 25, ""]),
        "propagationPolicy": st.sampled_from(["Orphan", "Background", "Foreground", "x", ""]),
        "orphanDependents": st.sampled_from(["true", "false", "x"]),
        "dryRun": st.sampled_from(["All", "x", ""]),
    }
    drawn = data.draw(st.fixed_dictionaries({}, optional=params), label="params")
    return tuple(drawn.items())


def _fresh_object(api: Api, resource: ResourceType, namespace: str, *, on_node: bool
                  ) -> dict[str, Any]:  # fmt: skip
    """A new object to delete; pods placed on a node are deleted gracefully."""
    name = f"del-{next(_FRESH)}"
    obj = seeds.valid_object(resource, name=name, namespace=namespace)
    if on_node and resource.kind == "Pod":
        obj["spec"]["nodeName"] = "node-1"
    return api.create(seeds.collection_url(resource, namespace), obj)


@fuzz(120)
@given(data=st.data())
def test_random_delete_options(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(seeds.STORED), label="resource")
    on_node = data.draw(st.booleans(), label="pod on a node")
    created = _fresh_object(api, resource, namespace, on_node=on_node)
    meta = created["metadata"]
    url = seeds.object_url(resource, name=meta["name"], namespace=namespace)
    body = b""
    shape = data.draw(st.sampled_from(["none", "options", "garbage"]), label="body")
    if shape == "options":
        body = dumps(_options(data, meta["uid"], meta["resourceVersion"]))
    elif shape == "garbage":
        body = data.draw(garbage.invalid_json(), label="garbage").raw
    before = api.get(url)
    response = api.send(Request("DELETE", url, body, params=_params(data)))
    if response.status_code >= 400:
        # The garbage collector may be busy elsewhere: compare the object, not the store.
        assert api.get(url) == before, f"a rejected delete changed the object: {response.text}"


@fuzz(40)
@given(data=st.data())
def test_random_delete_collection(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(seeds.STORED), label="resource")
    params = data.draw(queries.list_params(), label="selection")
    params += _params(data)
    url = seeds.collection_url(resource, namespace)
    api.send(Request("DELETE", url, params=tuple(params)))
