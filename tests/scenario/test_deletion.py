"""Deletion stories with real kubectl against `stead up`: cascades and namespaces.

A StatefulSet `web` owns pods and ConfigMaps (ownerReferences with `controller: true`,
`blockOwnerDeletion: true`, as the StatefulSet controller writes them); the garbage collector
and the namespace controller inside `stead up` must make each `kubectl delete` complete.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from stead.client.config import from_kubeconfig
from stead.client.objects import OwnerReference
from stead.client.resources import resource
from stead.client.rest import RestClient
from stead.testing.cluster import Cluster

pytestmark = pytest.mark.e2e

STATEFULSET = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
"""
DEPENDENTS = "pods,configmaps"
"""Unscheduled pods and ConfigMaps: both go at once when deleted."""


def wait_until(check: Callable[[], bool], *, what: str, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {within}s: {what}")
        time.sleep(0.05)


def create_web(stead: Cluster, namespace: str) -> OwnerReference:
    """The StatefulSet and its dependents; returns the reference they carry."""
    stead.kubectl("apply", "-n", namespace, "-f", "-", stdin=STATEFULSET)
    uid = stead.kubectl("get", "sts", "web", "-n", namespace, "-o", "jsonpath={.metadata.uid}")
    owner = OwnerReference("apps/v1", "StatefulSet", "web", uid.stdout, True, True)
    dependents = [_pod(f"web-{ordinal}", owner) for ordinal in (0, 1)]
    dependents += [_configmap(f"web-data-{n}", owner) for n in ("a", "b")]
    document = {"apiVersion": "v1", "kind": "List", "items": dependents}
    stead.kubectl("apply", "-n", namespace, "-f", "-", stdin=json.dumps(document))
    return owner


def _pod(name: str, owner: OwnerReference) -> dict[str, Any]:
    meta = {"name": name, "labels": {"app": "web"}, "ownerReferences": [owner.to_json()]}
    spec = {"containers": [{"name": "nginx", "image": "nginx"}]}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def _configmap(name: str, owner: OwnerReference) -> dict[str, Any]:
    meta = {"name": name, "ownerReferences": [owner.to_json()]}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": {"k": "v"}}


def dependents(stead: Cluster, namespace: str) -> list[dict[str, Any]]:
    """Pods and the web-data ConfigMaps (not the namespace's kube-root-ca.crt, if any)."""
    listed = stead.kubectl("get", DEPENDENTS, "-n", namespace, "-o", "json")
    items: list[dict[str, Any]] = json.loads(listed.stdout)["items"]
    return [i for i in items if i["kind"] == "Pod" or i["metadata"]["name"].startswith("web-")]


def sts_exists(stead: Cluster, namespace: str) -> bool:
    found = stead.kubectl("get", "sts", "web", "-n", namespace, "--ignore-not-found", "-o", "name")
    return bool(found.stdout.strip())


def test_background_cascade_removes_dependents(stead: Cluster, namespace: str) -> None:
    create_web(stead, namespace)
    assert len(dependents(stead, namespace)) == 4
    stead.kubectl("delete", "sts", "web", "-n", namespace, "--cascade=background")
    assert not sts_exists(stead, namespace)
    wait_until(lambda: not dependents(stead, namespace), what="dependents collected")


def test_foreground_cascade_returns_once_dependents_are_gone(
    stead: Cluster, namespace: str
) -> None:
    create_web(stead, namespace)
    result = stead.kubectl(
        "delete", "sts", "web", "-n", namespace, "--cascade=foreground", timeout=20
    )
    assert result.stdout.startswith('statefulset.apps "web" deleted')
    assert not sts_exists(stead, namespace)
    assert dependents(stead, namespace) == [], "every blocking dependent went before the owner"


def test_orphan_cascade_keeps_dependents_without_the_reference(
    stead: Cluster, namespace: str
) -> None:
    create_web(stead, namespace)
    stead.kubectl("delete", "sts", "web", "-n", namespace, "--cascade=orphan", timeout=20)
    assert not sts_exists(stead, namespace)
    remaining = dependents(stead, namespace)
    assert sorted(i["metadata"]["name"] for i in remaining) == [
        "web-0", "web-1", "web-data-a", "web-data-b",
    ]  # fmt: skip
    assert all(not i["metadata"].get("ownerReferences") for i in remaining)


def test_deleting_a_namespace_returns_once_it_is_gone(stead: Cluster, namespace: str) -> None:
    create_web(stead, namespace)
    _add_an_unowned_secret_over_https(stead, namespace)
    result = stead.kubectl("delete", "namespace", namespace, timeout=20)
    assert result.stdout.strip() == f'namespace "{namespace}" deleted'
    found = stead.kubectl("get", "namespace", namespace, check=False)
    assert found.returncode == 1
    assert "NotFound" in found.stderr


def _add_an_unowned_secret_over_https(stead: Cluster, namespace: str) -> None:
    """Through stead's own client, configured from the kubeconfig (CA + token)."""

    async def create() -> None:
        async with RestClient(from_kubeconfig(stead.kubeconfig)) as client:
            body = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "loose"}}
            await client.create(resource("v1", "secrets"), body, namespace=namespace)

    asyncio.run(create())
