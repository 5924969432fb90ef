"""A realistic Pod for the API benchmarks: one replica of a StatefulSet's database.

About 3.6 KB as the server answers it, of which half is the defaults and managedFields the
server adds: the size of a typical pod a StatefulSet controller writes. It names no owner:
stead's garbage collector would delete a pod whose owner does not exist.
"""

from __future__ import annotations

from typing import Any

import orjson


def pod_manifest(name: str, *, ordinal: int = 0) -> dict[str, Any]:
    labels = {
        "app.kubernetes.io/name": "postgres",
        "app.kubernetes.io/instance": "orders-db",
        "controller-revision-hash": "orders-db-7d9f8b6c5d",
        "statefulset.kubernetes.io/pod-name": name,
        "apps.kubernetes.io/pod-index": str(ordinal),
    }
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "labels": labels,
            "annotations": {"prometheus.io/scrape": "true"},
        },
        "spec": {
            "hostname": name,
            "subdomain": "orders-db",
            "securityContext": {"fsGroup": 999, "runAsUser": 999, "runAsNonRoot": True},
            "containers": [_database()],
            "volumes": [
                {"name": "data", "persistentVolumeClaim": {"claimName": f"data-{name}"}},
            ],
        },
    }


def _database() -> dict[str, Any]:
    return {
        "name": "postgres",
        "image": "docker.io/library/postgres:16.4-bookworm",
        "ports": [{"name": "postgres", "containerPort": 5432, "protocol": "TCP"}],
        "env": [
            {"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"},
            {"name": "POSTGRES_DB", "value": "orders"},
            {
                "name": "POD_NAME",
                "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}},
            },
        ],
        "resources": {
            "requests": {"cpu": "500m", "memory": "1Gi"},
            "limits": {"cpu": "2", "memory": "2Gi"},
        },
        "volumeMounts": [
            {"name": "data", "mountPath": "/var/lib/postgresql/data"},
        ],
    }


def pod_body(name: str, *, ordinal: int = 0) -> bytes:
    return orjson.dumps(pod_manifest(name, ordinal=ordinal))
