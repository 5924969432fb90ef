"""Builders of valid objects and shortcuts through the strategies, shared by the tests."""

from __future__ import annotations

import copy
from typing import Any

from stead.api import kinds
from stead.api.errors import FieldError, object_invalid
from stead.apiserver.registry import Strategy, strategy_for

Object = dict[str, Any]


def resource(group: str, kind: str) -> kinds.ResourceType:
    found = next((r for r in kinds.RESOURCES if r.group == group and r.kind == kind), None)
    assert found is not None, (group, kind)
    return found


def strategy(group: str, kind: str) -> Strategy:
    return strategy_for(resource(group, kind))


def rendered(errors: list[FieldError]) -> list[str]:
    return [error.render() for error in errors]


def created(group: str, kind: str, obj: Object) -> Object:
    """`obj` as the create path leaves it before validation (prepared and defaulted)."""
    rules = strategy(group, kind)
    obj = copy.deepcopy(obj)
    rules.prepare_for_create(obj)
    rules.default(obj)
    return obj


def create_errors(group: str, kind: str, obj: Object) -> list[str]:
    return rendered(strategy(group, kind).validate(created(group, kind, obj)))


def stored(group: str, kind: str, obj: Object) -> Object:
    """`obj` as if created and read back: with a uid, a resourceVersion and a timestamp."""
    obj = created(group, kind, obj)
    meta = obj["metadata"]
    meta.update(uid="u-1", resourceVersion="1", creationTimestamp="2026-11-23T18:39:01Z")
    return obj


def updated(group: str, kind: str, new: Object, old: Object) -> Object:
    """`new` prepared and defaulted against the stored `old` (as the update handler does)."""
    rules = strategy(group, kind)
    new = copy.deepcopy(new)
    rules.prepare_for_update(new, old)
    rules.default(new)
    return new


def update_errors(group: str, kind: str, new: Object, old: Object) -> list[str]:
    return rendered(strategy(group, kind).validate_update(updated(group, kind, new, old), old))


def invalid_message(group: str, kind: str, name: str, errors: list[FieldError]) -> str:
    return object_invalid(group, kind, name, errors).message


def statefulset(name: str = "web") -> Object:
    """The StatefulSet of the walkthrough: headless service `nginx`, one claim template."""
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "nginx"}},
            "serviceName": "nginx",
            "replicas": 3,
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "image": "registry.k8s.io/nginx-slim:0.24",
                            "ports": [{"containerPort": 80, "name": "web"}],
                            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}],
                        }
                    ]
                },
            },
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "www"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
            ],
        },
    }


def pod(name: str = "web-0") -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"containers": [{"name": "app", "image": "busybox:1.36"}]},
    }


def service(name: str = "nginx") -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"selector": {"app": "nginx"}, "ports": [{"port": 80}]},
    }


def claim(name: str = "www-web-0") -> Object:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
    }


def volume(name: str = "pv-1") -> Object:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {"name": name},
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "capacity": {"storage": "1Gi"},
            "hostPath": {"path": "/var/lib/stead/pv-1"},
        },
    }
