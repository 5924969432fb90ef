"""Bodies captured from the real kubectl 1.37.1 decode to what kubectl sends as JSON.

Fixtures were recorded by a throwaway HTTP server answering kubectl's discovery and saving each
POST body. For the `create` generators the expected dicts are kubectl's own JSON for the same
command (`--dry-run=client -o json`); for the reviews they follow upstream's JSON tags, except
that empty non-`omitempty` lists (JSON `null`) are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stead.api.errors import UnsupportedMediaType
from stead.apiserver.protobuf import UNSUPPORTED_KIND_MESSAGE, decode_object

FIXTURES = Path(__file__).parent / "fixtures"

SSAR = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "metadata": {}}
SSRR = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview", "metadata": {}}

EXPECTED: dict[str, dict[str, Any]] = {
    # kubectl create namespace test
    "namespace": {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "test"},
        "spec": {},
        "status": {},
    },
    # kubectl create configmap c --from-literal=a=b
    "configmap": {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c"},
        "data": {"a": "b"},
    },
    # kubectl create configmap cb --from-file=bin=bin.dat --from-file=text.txt
    "configmap-files": {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "cb"},
        "data": {"text.txt": "hello\n"},
        "binaryData": {"bin": "/wABYmluYXJ5"},
    },
    # kubectl create secret generic s --from-literal=a=b
    "secret": {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "data": {"a": "Yg=="},
    },
    # kubectl create secret docker-registry d --docker-username=u --docker-password=p
    #   --docker-server=s
    "secret-docker": {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "d"},
        "data": {
            ".dockerconfigjson": "eyJhdXRocyI6eyJzIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIs"
            "ImF1dGgiOiJkVHB3In19fQ=="
        },
        "type": "kubernetes.io/dockerconfigjson",
    },
    # kubectl create secret generic g --type=example.com/x --from-literal=k=v
    #   --from-file=bin=bin.dat
    "secret-tls-like": {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "g"},
        "data": {"bin": "/wABYmluYXJ5", "k": "dg=="},
        "type": "example.com/x",
    },
    # kubectl create service clusterip my-svc --tcp=5678:8080
    "service": {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "my-svc", "labels": {"app": "my-svc"}},
        "spec": {
            "ports": [{"name": "5678-8080", "protocol": "TCP", "port": 5678, "targetPort": 8080}],
            "selector": {"app": "my-svc"},
            "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    },
    # kubectl create service nodeport np --tcp=80:http --node-port=30080
    "service-nodeport": {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "np", "labels": {"app": "np"}},
        "spec": {
            "ports": [
                {
                    "name": "80-http",
                    "protocol": "TCP",
                    "port": 80,
                    "targetPort": "http",
                    "nodePort": 30080,
                }
            ],
            "selector": {"app": "np"},
            "type": "NodePort",
        },
        "status": {"loadBalancer": {}},
    },
    # kubectl create service externalname en --external-name=db.example.com
    "service-externalname": {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "en", "labels": {"app": "en"}},
        "spec": {
            "selector": {"app": "en"},
            "type": "ExternalName",
            "externalName": "db.example.com",
        },
        "status": {"loadBalancer": {}},
    },
    # kubectl create service clusterip hl --clusterip=None
    "service-headless": {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "hl", "labels": {"app": "hl"}},
        "spec": {"selector": {"app": "hl"}, "clusterIP": "None", "type": "ClusterIP"},
        "status": {"loadBalancer": {}},
    },
    # kubectl auth can-i create pods
    "ssar": {
        **SSAR,
        "spec": {
            "resourceAttributes": {"namespace": "default", "verb": "create", "resource": "pods"}
        },
        "status": {"allowed": False},
    },
    # kubectl auth can-i delete pods/web-0 -A
    "ssar-named": {
        **SSAR,
        "spec": {"resourceAttributes": {"verb": "delete", "resource": "pods", "name": "web-0"}},
        "status": {"allowed": False},
    },
    # kubectl auth can-i get /healthz
    "ssar-nonresource": {
        **SSAR,
        "spec": {"nonResourceAttributes": {"path": "/healthz", "verb": "get"}},
        "status": {"allowed": False},
    },
    # kubectl auth can-i get pods --subresource=log -n kube-system
    "ssar-subresource": {
        **SSAR,
        "spec": {
            "resourceAttributes": {
                "namespace": "kube-system",
                "verb": "get",
                "resource": "pods",
                "subresource": "log",
            }
        },
        "status": {"allowed": False},
    },
    # kubectl auth can-i --list
    "ssrr": {**SSRR, "spec": {"namespace": "default"}, "status": {"incomplete": False}},
    # kubectl auth whoami
    "whoami": {
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "SelfSubjectReview",
        "metadata": {},
        "status": {"userInfo": {}},
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_kubectl_body_decodes_like_its_json(name: str) -> None:
    body = (FIXTURES / f"{name}.pb").read_bytes()

    assert decode_object(body) == EXPECTED[name]


def test_every_fixture_has_an_expectation() -> None:
    names = {path.stem for path in FIXTURES.glob("*.pb")}

    assert names - {"deployment"} == set(EXPECTED)


def test_kind_without_a_table_is_unsupported_media_type() -> None:
    # kubectl create deployment d --image=nginx: apps/v1 Deployment has no table here.
    body = (FIXTURES / "deployment.pb").read_bytes()

    with pytest.raises(UnsupportedMediaType) as raised:
        decode_object(body)

    assert raised.value.message == UNSUPPORTED_KIND_MESSAGE
    assert raised.value.to_status()["code"] == 415
