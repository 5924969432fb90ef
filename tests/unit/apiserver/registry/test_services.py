"""Services: defaults, validation, and what an update may not change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.unit.apiserver.registry.objects import (
    create_errors,
    created,
    rendered,
    service,
    stored,
    strategy,
    update_errors,
    updated,
)

Object = dict[str, Any]


def _service(**spec: Any) -> Object:
    obj = service()
    obj["spec"].update(spec)
    return obj


def test_a_cluster_ip_service_gets_upstreams_defaults() -> None:
    obj = created("", "Service", service())
    assert obj["spec"] == {
        "selector": {"app": "nginx"},
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
        "type": "ClusterIP",
        "sessionAffinity": "None",
        "internalTrafficPolicy": "Cluster",
        "ipFamilyPolicy": "SingleStack",
        "ipFamilies": ["IPv4"],
    }
    assert obj["status"] == {"loadBalancer": {}}
    assert "generation" not in obj["metadata"]


def test_headless_services() -> None:
    spec = created("", "Service", _service(clusterIP="None"))["spec"]
    assert spec["clusterIPs"] == ["None"]
    assert spec["ipFamilyPolicy"] == "SingleStack"
    selectorless = _service(clusterIP="None")
    del selectorless["spec"]["selector"]
    assert created("", "Service", selectorless)["spec"]["ipFamilyPolicy"] == "RequireDualStack"
    no_ports = _service(clusterIP="None", ports=[])
    assert create_errors("", "Service", no_ports) == []


def test_node_ports_and_client_ip_affinity_defaults() -> None:
    spec = created("", "Service", _service(type="NodePort", sessionAffinity="ClientIP"))["spec"]
    assert spec["externalTrafficPolicy"] == "Cluster"
    assert spec["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}
    named = _service(ports=[{"port": 80, "targetPort": "http", "name": "web"}])
    assert created("", "Service", named)["spec"]["ports"][0]["targetPort"] == "http"


CASES: list[tuple[str, Object, list[str] | None]] = [
    ("valid", {}, []),
    ("ports required", {"ports": []}, ["spec.ports: Required value"]),
    ("names required with several ports", {"ports": [{"port": 80}, {"port": 81}]},
     ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]),
    ("duplicate port names",
     {"ports": [{"port": 80, "name": "a"}, {"port": 81, "name": "a"}]},
     ['spec.ports[1].name: Duplicate value: "a"']),
    ("port range", {"ports": [{"port": 0, "targetPort": 8080}]},
     ["spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"]),
    ("unknown type", {"type": "Internal"},
     ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", '
      '"LoadBalancer", "NodePort"']),
    ("cluster IP format", {"clusterIP": "10.0.0.300"},
     ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. '
      "10.9.8.7 or 2001:db8::ffff)"]),
    ("node port on a cluster IP service", {"ports": [{"port": 80, "nodePort": 30080}]},
     ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]),
    ("selector labels", {"selector": {"app": "a b"}},
     None),
    ("headless node port", {"type": "NodePort", "clusterIP": "None"},
     ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort "
      "services"]),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "expected"), [pytest.param(s, e, id=n) for n, s, e in CASES])
def test_create_rule(spec: Object, expected: list[str] | None) -> None:
    """`None` stands for "the selector's label errors", whose text the label rules own."""
    errors = create_errors("", "Service", _service(**spec))
    if expected is None:
        assert errors
        assert all(e.startswith('spec.selector: Invalid value: "a b"') for e in errors)
    else:
        assert errors == expected


def test_service_names_are_labels() -> None:
    assert create_errors("", "Service", service("my.svc")) == [
        'metadata.name: Invalid value: "my.svc": must not contain dots'
    ]


def _allocated() -> Object:
    old = stored("", "Service", service())
    old["spec"]["clusterIP"] = "10.96.0.10"
    old["spec"]["clusterIPs"] = ["10.96.0.10"]
    return old


def test_the_cluster_ip_cannot_change() -> None:
    old = _allocated()
    new = copy.deepcopy(old)
    new["spec"]["clusterIP"] = "10.96.0.11"
    assert update_errors("", "Service", new, old) == [
        'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set'
    ]


def test_an_update_that_omits_allocated_values_keeps_them() -> None:
    old = _allocated()
    new = service()
    new["metadata"].update(resourceVersion="1", uid="u-1")
    new["metadata"]["creationTimestamp"] = old["metadata"]["creationTimestamp"]
    after = updated("", "Service", new, old)
    assert after["spec"]["clusterIP"] == "10.96.0.10"
    assert after["spec"]["clusterIPs"] == ["10.96.0.10"]
    assert update_errors("", "Service", new, old) == []


def test_status_writes_of_a_load_balancer() -> None:
    rules = strategy("", "Service")
    old = _allocated()
    new = copy.deepcopy(old)
    new["status"] = {"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}
    rules.prepare_for_status_update(new, old)
    assert rendered(rules.validate_status_update(new, old)) == [
        "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is "
        "'LoadBalancer'"
    ]
