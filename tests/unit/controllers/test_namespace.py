"""The namespace controller against a real API server, and its status conditions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from stead.client.objects import Object
from stead.client.rest import PatchType, RestClient
from stead.controllers.namespace.conditions import conditions_for, merged
from stead.controllers.namespace.content import Remaining
from tests.unit.client.localapi import LocalApi, eventually
from tests.unit.controllers.helpers import (
    CONFIGMAPS,
    NAMESPACES,
    PODS,
    SECRETS,
    configmap,
    controllers,
    gone,
    pod,
    secret,
)


def namespace(name: str) -> Object:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def test_a_deleted_namespace_is_emptied_and_goes(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client, controllers(client):
            ns = await client.create(NAMESPACES, namespace("doomed"))
            await client.create(CONFIGMAPS, configmap("cm", namespace="doomed"))
            await client.create(SECRETS, secret("s", namespace="doomed"))
            await client.create(PODS, pod("p", namespace="doomed"))
            await client.delete(NAMESPACES, "doomed")
            await eventually(lambda: gone(client, NAMESPACES, ns), what="namespace gone")
            assert (await client.list(CONFIGMAPS, namespace="doomed")).items == []

    api.run(scenario())


def test_content_held_by_a_finalizer_is_reported_and_waited_for(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client, controllers(client):
            ns = await client.create(NAMESPACES, namespace("held"))
            held = configmap("held", namespace="held")
            held["metadata"]["finalizers"] = ["example.com/hold"]
            await client.create(CONFIGMAPS, held)
            await client.delete(NAMESPACES, "held")
            await eventually(lambda: _reports_remaining(client), what="conditions say why")
            await client.patch(CONFIGMAPS, "held", {"metadata": {"finalizers": None}},
                               patch_type=PatchType.MERGE, namespace="held")  # fmt: skip
            await eventually(lambda: gone(client, NAMESPACES, ns), within=5, what="namespace gone")

    api.run(scenario())


async def _reports_remaining(client: RestClient) -> bool:
    found = await client.get(NAMESPACES, "held")
    conditions = {c["type"]: c for c in found.get("status", {}).get("conditions", [])}
    remaining = conditions.get("NamespaceContentRemaining", {})
    finalizers = conditions.get("NamespaceFinalizersRemaining", {})
    return (remaining.get("message"), finalizers.get("message")) == (
        "Some resources are remaining: configmaps. has 1 resource instances",
        "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource "
        "instances",
    )


def test_conditions_for_what_remains() -> None:
    remaining = Remaining(
        instances=Counter({"pods.": 2, "statefulsets.apps": 1}),
        finalizers=Counter({"orphan": 1}),
        failures=["leases.coordination.k8s.io: boom"],
    )
    by_type = {c.type: c for c in conditions_for(remaining)}
    assert len(by_type) == 5
    assert by_type["NamespaceContentRemaining"].message == (
        "Some resources are remaining: pods. has 2 resource instances, "
        "statefulsets.apps has 1 resource instances"
    )
    assert by_type["NamespaceDeletionContentFailure"].message == (
        "Failed to delete all resource types, 1 remaining: leases.coordination.k8s.io: boom"
    )
    assert by_type["NamespaceDeletionDiscoveryFailure"].status == "False"
    assert {c.status for c in conditions_for(Remaining())} == {"False"}


def test_merged_conditions_keep_transition_times_unless_the_status_flips() -> None:
    first = merged(None, conditions_for(Remaining(instances=Counter({"pods.": 1}))), now="t1")
    assert first is not None
    same: Any = merged(first, conditions_for(Remaining(instances=Counter({"pods.": 1}))), now="t2")
    assert same is None, "nothing changed: no write"
    fewer = merged(first, conditions_for(Remaining(instances=Counter({"pods.": 3}))), now="t2")
    assert fewer is not None
    flipped = merged(fewer, conditions_for(Remaining()), now="t3")
    assert flipped is not None
    times = {c["type"]: c["lastTransitionTime"] for c in flipped}
    assert times["NamespaceContentRemaining"] == "t3"
    assert times["NamespaceDeletionDiscoveryFailure"] == "t1"
    fewer_times = {c["type"]: c["lastTransitionTime"] for c in fewer}
    assert fewer_times["NamespaceContentRemaining"] == "t1", "message change, same status"
