from __future__ import annotations

from typing import Any

import pytest

from stead.apiserver.tables import printer_for
from tests.unit.apiserver.tables.helpers import ago, cells, resource


def service(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "nginx", "namespace": "default", "creationTimestamp": ago(days=2)},
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.96.0.12",
            "clusterIPs": ["10.96.0.12"],
            "ports": [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}],
            "selector": {"app": "nginx", "tier": "web"},
            **spec,
        },
        "status": {"loadBalancer": {}},
    }


def test_service_columns() -> None:
    printer = printer_for(resource("", "Service"))
    assert [(c.name, c.priority) for c in printer.columns] == [
        ("Name", 0), ("Type", 0), ("Cluster-IP", 0), ("External-IP", 0), ("Port(s)", 0),
        ("Age", 0), ("Selector", 1),
    ]  # fmt: skip


def test_cluster_ip_service_row() -> None:
    assert cells("", "Service", service()) == [
        "nginx", "ClusterIP", "10.96.0.12", "<none>", "80/TCP", "2d", "app=nginx,tier=web",
    ]  # fmt: skip


def test_headless_service_without_ports_or_selector() -> None:
    obj = service(clusterIP="None", clusterIPs=["None"], ports=[], selector={})
    assert cells("", "Service", obj)[2:] == ["None", "<none>", "<none>", "2d", "<none>"]


def test_node_port_service() -> None:
    ports = [
        {"port": 80, "nodePort": 30080, "protocol": "TCP"},
        {"port": 53, "protocol": "UDP"},
    ]
    obj = service(type="NodePort", ports=ports, externalIPs=["192.0.2.1", "192.0.2.2"])
    assert cells("", "Service", obj)[1:5] == [
        "NodePort", "10.96.0.12", "192.0.2.1,192.0.2.2", "80:30080/TCP,53/UDP",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("ingress", "external", "expected"),
    [
        ([], [], "<pending>"),
        ([{"ip": "203.0.113.9"}, {"hostname": "lb.example.com"}, {"ip": "203.0.113.1"}], [],
         "203.0.113.1,203.0.113.9,lb.example.com"),
        ([{"ip": "203.0.113.9"}], ["192.0.2.1"], "203.0.113.9,192.0.2.1"),
        ([], ["192.0.2.1"], "192.0.2.1"),
    ],
)  # fmt: skip
def test_load_balancer_external_ip(
    ingress: list[dict[str, str]], external: list[str], expected: str
) -> None:
    obj = service(type="LoadBalancer", externalIPs=external)
    obj["status"] = {"loadBalancer": {"ingress": ingress}}
    assert cells("", "Service", obj)[3] == expected


def test_external_name_and_unknown_types() -> None:
    external = service(
        type="ExternalName", externalName="db.example.com", clusterIP="", clusterIPs=[]
    )
    assert cells("", "Service", external)[1:4] == ["ExternalName", "<none>", "db.example.com"]
    assert cells("", "Service", {"spec": {}})[1:5] == ["", "<none>", "<unknown>", "<none>"]


def test_cluster_ip_prefers_the_singular_field() -> None:
    obj = service(clusterIP="", clusterIPs=["fd00::12", "10.96.0.12"])
    assert cells("", "Service", obj)[2] == "fd00::12"


def endpoints(subsets: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": "nginx", "creationTimestamp": ago(minutes=90)},
        "subsets": subsets,
    }


def addresses(*ips: str) -> list[dict[str, str]]:
    return [{"ip": ip} for ip in ips]


def test_endpoints_rows() -> None:
    three = endpoints([{"addresses": addresses("10.0.0.1", "10.0.0.2"), "ports": [{"port": 80}]}])
    assert cells("", "Endpoints", three) == ["nginx", "10.0.0.1:80,10.0.0.2:80", "90m"]
    assert cells("", "Endpoints", endpoints([]))[1] == "<none>"


def test_endpoints_beyond_three_are_counted() -> None:
    obj = endpoints(
        [
            {
                "addresses": addresses("10.0.0.1", "10.0.0.2"),
                "ports": [{"port": 80}, {"port": 443}],
            },
            {"addresses": addresses("fd00::3")},
        ]
    )
    assert cells("", "Endpoints", obj)[1] == "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more..."


def test_headless_endpoints_without_ports_and_ipv6() -> None:
    obj = endpoints(
        [
            {"addresses": addresses("10.0.0.1", "10.0.0.2")},
            {"addresses": addresses("fd00::1"), "ports": [{"port": 8080}]},
        ]
    )
    assert cells("", "Endpoints", obj)[1] == "10.0.0.1,10.0.0.2,[fd00::1]:8080"
    assert cells("", "Endpoints", endpoints([{"addresses": []}]))[1] == ""


def endpoint_slice(ports: list[dict[str, Any]], *addrs: str) -> dict[str, Any]:
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": "nginx-abcde", "creationTimestamp": ago(seconds=45)},
        "addressType": "IPv4",
        "ports": ports,
        "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in addrs],
    }


def test_endpoint_slice_row() -> None:
    obj = endpoint_slice([{"name": "web", "port": 80, "protocol": "TCP"}], "10.0.0.1", "10.0.0.2")
    assert cells("discovery.k8s.io", "EndpointSlice", obj) == [
        "nginx-abcde", "IPv4", "80", "10.0.0.1,10.0.0.2", "45s",
    ]  # fmt: skip


def test_endpoint_slice_lists_and_placeholders() -> None:
    ports: list[dict[str, Any]] = [{"port": 1}, {"name": "named"}, {}, {"port": 4}, {"port": 5}]
    many = endpoint_slice(ports, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")
    assert cells("discovery.k8s.io", "EndpointSlice", many)[2:4] == [
        "1,named,* + 2 more...",
        "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...",
    ]
    assert cells("discovery.k8s.io", "EndpointSlice", endpoint_slice([]))[2:4] == [
        "<unset>",
        "<unset>",
    ]
