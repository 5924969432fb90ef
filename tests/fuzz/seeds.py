"""A valid object of every served kind, and the URLs the fuzz tests aim at.

The objects are the smallest each kind's validation accepts: fuzzing starts from them so that
mutations reach the deep rules instead of stopping at the first missing field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stead.api.kinds import RESOURCES, ResourceType

Object = dict[str, Any]

_CONTAINER = {"name": "app", "image": "registry.k8s.io/pause:3.10"}
_TEMPLATE = {
    "metadata": {"labels": {"app": "fuzz"}},
    "spec": {"containers": [_CONTAINER]},
}


def _pod(namespace: str) -> Object:
    return {"spec": {"containers": [_CONTAINER]}}


def _service(namespace: str) -> Object:
    return {"spec": {"ports": [{"port": 80, "name": "web"}], "selector": {"app": "fuzz"}}}


def _endpoints(namespace: str) -> Object:
    return {"subsets": [{"addresses": [{"ip": "10.244.0.5"}], "ports": [{"port": 8080}]}]}


def _volume(namespace: str) -> Object:
    return {"spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                     "hostPath": {"path": "/tmp/fuzz"}}}  # fmt: skip


def _claim(namespace: str) -> Object:
    return {"spec": {"accessModes": ["ReadWriteOnce"],
                     "resources": {"requests": {"storage": "1Gi"}}}}  # fmt: skip


def _config_map(namespace: str) -> Object:
    return {"data": {"mode": "fast"}}


def _secret(namespace: str) -> Object:
    return {"type": "Opaque", "data": {"password": "czNjcmV0"}}


def _core_event(namespace: str) -> Object:
    return {
        "involvedObject": {"apiVersion": "v1", "kind": "Pod", "name": "app",
                           "namespace": namespace},
        "reason": "Scheduled",
        "message": "assigned",
        "type": "Normal",
        "source": {"component": "fuzz"},
        "firstTimestamp": "2026-01-01T00:00:00Z",
        "lastTimestamp": "2026-01-01T00:00:00Z",
        "count": 1,
    }  # fmt: skip


def _events_v1(namespace: str) -> Object:
    return {
        "regarding": {"apiVersion": "v1", "kind": "Pod", "name": "app", "namespace": namespace},
        "reason": "Pulled",
        "note": "pulled",
        "type": "Normal",
        "action": "Pulling",
        "reportingController": "fuzz",
        "reportingInstance": "fuzz-1",
        "eventTime": "2026-01-01T00:00:01.000000Z",
    }


def _statefulset(namespace: str) -> Object:
    return {"spec": {"selector": {"matchLabels": {"app": "fuzz"}}, "serviceName": "fuzz",
                     "replicas": 1, "template": _TEMPLATE}}  # fmt: skip


def _revision(namespace: str) -> Object:
    return {"revision": 1, "data": {"spec": {"template": _TEMPLATE}}}


def _endpoint_slice(namespace: str) -> Object:
    return {"addressType": "IPv4", "ports": [{"name": "http", "port": 8080}],
            "endpoints": [{"addresses": ["10.244.0.5"]}]}  # fmt: skip


def _storage_class(namespace: str) -> Object:
    return {"provisioner": "stead.io/local-path", "reclaimPolicy": "Delete"}


def _lease(namespace: str) -> Object:
    return {"spec": {"holderIdentity": "fuzz-0", "leaseDurationSeconds": 15}}


def _access_review(namespace: str) -> Object:
    return {"spec": {"resourceAttributes": {"verb": "get", "resource": "pods"}}}


def _rules_review(namespace: str) -> Object:
    return {"spec": {"namespace": "default"}}


def _nothing(namespace: str) -> Object:
    return {}


_BODIES: dict[tuple[str, str], Callable[[str], Object]] = {
    ("", "Namespace"): _nothing,
    ("", "Node"): _nothing,
    ("", "Pod"): _pod,
    ("", "Service"): _service,
    ("", "Endpoints"): _endpoints,
    ("", "PersistentVolume"): _volume,
    ("", "PersistentVolumeClaim"): _claim,
    ("", "ConfigMap"): _config_map,
    ("", "Secret"): _secret,
    ("", "Event"): _core_event,
    ("apps", "StatefulSet"): _statefulset,
    ("apps", "ControllerRevision"): _revision,
    ("discovery.k8s.io", "EndpointSlice"): _endpoint_slice,
    ("storage.k8s.io", "StorageClass"): _storage_class,
    ("events.k8s.io", "Event"): _events_v1,
    ("coordination.k8s.io", "Lease"): _lease,
    ("authorization.k8s.io", "SelfSubjectAccessReview"): _access_review,
    ("authorization.k8s.io", "SelfSubjectRulesReview"): _rules_review,
    ("authentication.k8s.io", "SelfSubjectReview"): _nothing,
}

STORED = tuple(r for r in RESOURCES if r.stored)
"""Resources with objects to update, patch and delete."""


def valid_object(resource: ResourceType, *, name: str, namespace: str) -> Object:
    """A fresh valid object of `resource` named `name` (namespace ignored when cluster-scoped)."""
    meta: Object = {"name": name, "labels": {"app": "fuzz"}}
    if resource.namespaced:
        meta["namespace"] = namespace
    body = copy.deepcopy(_BODIES[(resource.group, resource.kind)](namespace))
    return {"apiVersion": resource.api_version, "kind": resource.kind, "metadata": meta, **body}


def prefix(resource: ResourceType) -> str:
    return f"/apis/{resource.group_version}" if resource.group else "/api/v1"


def collection_url(resource: ResourceType, namespace: str) -> str:
    if resource.namespaced:
        return f"{prefix(resource)}/namespaces/{namespace}/{resource.plural}"
    return f"{prefix(resource)}/{resource.plural}"


def object_url(resource: ResourceType, *, name: str, namespace: str, subresource: str = "") -> str:
    url = f"{collection_url(resource, namespace)}/{name}"
    return f"{url}/{subresource}" if subresource else url


def seed_name(resource: ResourceType, namespace: str) -> str:
    """The one pre-created object per resource that update and patch tests aim at. Names carry
    the group (both Event APIs share one storage) and, when cluster-scoped, the namespace, so
    test modules sharing the server never clash."""
    base = "seed-" + resource.qualified_name.replace(".", "-")
    return base if resource.namespaced else f"{base}-{namespace}"


def plant(resource: ResourceType, namespace: str) -> tuple[str, Object]:
    """The create request (URL and body) of the seed of `resource` in `namespace`."""
    name = seed_name(resource, namespace)
    return collection_url(resource, namespace), valid_object(
        resource, name=name, namespace=namespace
    )


@dataclass(frozen=True, repr=False)
class Target:
    """One write endpoint: POST a collection, PUT or PATCH an object or a subresource."""

    method: str
    url: str
    resource: ResourceType
    subresource: str = ""

    def __repr__(self) -> str:
        return f"<{self.method} {self.url}>"


def write_targets(namespace: str) -> list[Target]:
    """Every write endpoint of every served resource, aimed at the seeds of `namespace`."""
    targets = []
    for resource in RESOURCES:
        if "create" in resource.verbs:
            targets.append(Target("POST", collection_url(resource, namespace), resource))
        if not resource.stored:
            continue
        name = seed_name(resource, namespace)
        url = object_url(resource, name=name, namespace=namespace)
        targets += [Target("PUT", url, resource), Target("PATCH", url, resource)]
        for sub in resource.subresources:
            sub_url = f"{url}/{sub.name}"
            for verb, method in (("update", "PUT"), ("patch", "PATCH"), ("create", "POST")):
                if verb in sub.verbs:
                    targets.append(Target(method, sub_url, resource, sub.name))
    return targets
