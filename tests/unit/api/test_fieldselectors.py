"""Field selectors: syntax, escapes, per-kind supported fields and field sets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api import kinds
from stead.api.errors import BadRequest
from stead.api.fieldselectors import (
    FieldSelector,
    FieldTerm,
    escape_value,
    object_fields,
    parse_field_selector,
    validate_field_selector,
)
from stead.api.kinds import ResourceType


def resource(group: str, plural: str) -> ResourceType:
    found = kinds.lookup(group, "v1", plural)
    assert found is not None
    return found


PODS = resource("", "pods")
NODES = resource("", "nodes")
NAMESPACES = resource("", "namespaces")
SECRETS = resource("", "secrets")
SERVICES = resource("", "services")
EVENTS = resource("", "events")
NEW_EVENTS = resource("events.k8s.io", "events")
STATEFULSETS = resource("apps", "statefulsets")
PVCS = resource("", "persistentvolumeclaims")
PVS = resource("", "persistentvolumes")


def test_syntax_and_sorting() -> None:
    selector = parse_field_selector("status.phase!=Running,spec.nodeName==n1,metadata.name=a")
    assert selector.terms == (
        FieldTerm("metadata.name", "=", "a"),
        FieldTerm("spec.nodeName", "=", "n1"),
        FieldTerm("status.phase", "!=", "Running"),
    )
    assert parse_field_selector("").empty
    assert parse_field_selector(",a=b,").terms == (FieldTerm("a", "=", "b"),)
    assert parse_field_selector("a=").terms == (FieldTerm("a", "=", ""),)
    assert parse_field_selector("a =b").terms == (FieldTerm("a ", "=", "b"),)


def test_escapes() -> None:
    selector = parse_field_selector(r"metadata.name=a\,b\=c\\d,x=y")
    assert selector.terms[0] == FieldTerm("metadata.name", "=", "a,b=c\\d")
    assert escape_value("a,b=c\\d") == r"a\,b\=c\\d"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a", "invalid selector: 'a'; can't understand 'a'"),
        ("x=1,b", "invalid selector: 'x=1,b'; can't understand 'b'"),
        (r"a=b\x", r"invalid field selector: invalid escape sequence: \x"),
        ("a=b\\", "invalid field selector: invalid escape sequence: \\"),
        ("a=b=c", "invalid field selector: unescaped character in value: 61"),
        ("a==b=", "invalid field selector: unescaped character in value: 61"),
    ],
)
def test_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_field_selector(text)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("rt", "text"),
    [
        (PODS, "metadata.name=a,metadata.namespace=b,spec.nodeName=n,spec.restartPolicy=Always"),
        (PODS, "spec.schedulerName=s,spec.serviceAccountName=sa,spec.hostNetwork=true"),
        (PODS, "status.phase=Running,status.podIP=1.2.3.4,status.podIPs=x"),
        (PODS, "status.nominatedNodeName=n"),
        (NODES, "metadata.name=n,spec.unschedulable=true"),
        (NAMESPACES, "metadata.name=n,status.phase=Active"),
        (SECRETS, "type=Opaque,metadata.name=s,metadata.namespace=d"),
        (SERVICES, "spec.clusterIP=None,spec.type=ClusterIP,metadata.namespace=d"),
        (EVENTS, "involvedObject.kind=Pod,involvedObject.namespace=d,involvedObject.name=p"),
        (EVENTS, "involvedObject.uid=u,involvedObject.apiVersion=v1,reason=Created"),
        (EVENTS, "involvedObject.resourceVersion=1,involvedObject.fieldPath=f,type=Normal"),
        (EVENTS, "reportingComponent=kubelet,source=kubelet,metadata.name=e"),
        (NEW_EVENTS, "regarding.kind=Pod,regarding.name=p,reportingController=c,type=Normal"),
        (STATEFULSETS, "metadata.name=web,metadata.namespace=default"),
        (PVCS, "metadata.name=www-web-0"),
        (PVS, "metadata.namespace="),
    ],
)
def test_supported_fields(rt: ResourceType, text: str) -> None:
    validate_field_selector(rt, parse_field_selector(text))


KNOWN_ONLY = '"{}" is not a known field selector: only "metadata.name", "metadata.namespace"'


@pytest.mark.parametrize(
    ("rt", "text", "message"),
    [
        (PODS, "spec.foo=x", "field label not supported: spec.foo"),
        (PODS, "a=1,b=2", "field label not supported: a"),
        (NODES, "metadata.namespace=x", "field label not supported: metadata.namespace"),
        (NAMESPACES, "status.foo=x", "field label not supported: status.foo"),
        (NEW_EVENTS, "involvedObject.kind=Pod", "field label not supported: involvedObject.kind"),
        (STATEFULSETS, "foo.bar=x", KNOWN_ONLY.format("foo.bar")),
        (STATEFULSETS, "status.replicas=1", KNOWN_ONLY.format("status.replicas")),
        (PVCS, "spec.volumeName=v", KNOWN_ONLY.format("spec.volumeName")),
        (STATEFULSETS, "=x", KNOWN_ONLY.format("")),
    ],
)
def test_unsupported_fields(rt: ResourceType, text: str, message: str) -> None:
    selector = parse_field_selector(text)
    with pytest.raises(BadRequest) as caught:
        validate_field_selector(rt, selector)
    assert caught.value.message == message


def test_aliases_are_renamed() -> None:
    pod = validate_field_selector(PODS, parse_field_selector("spec.host=n1"))
    assert pod.terms == (FieldTerm("spec.nodeName", "=", "n1"),)
    event = validate_field_selector(
        NEW_EVENTS, parse_field_selector("regarding.name=p,reportingController=c")
    )
    assert event.terms == (
        FieldTerm("involvedObject.name", "=", "p"),
        FieldTerm("reportingComponent", "=", "c"),
    )


POD: dict[str, Any] = {
    "metadata": {"name": "web-0", "namespace": "default"},
    "spec": {"nodeName": "n1", "restartPolicy": "Always", "serviceAccount": "old"},
    "status": {"phase": "Running", "podIP": "10.0.0.9", "podIPs": [{"ip": "10.0.0.1"}]},
}


def test_pod_fields() -> None:
    assert object_fields(PODS, POD) == {
        "metadata.name": "web-0",
        "metadata.namespace": "default",
        "spec.nodeName": "n1",
        "spec.restartPolicy": "Always",
        "spec.schedulerName": "",
        "spec.serviceAccountName": "old",
        "spec.hostNetwork": "false",
        "status.phase": "Running",
        "status.podIP": "10.0.0.1",
        "status.nominatedNodeName": "",
    }
    fields = object_fields(PODS, {"status": {"podIP": "10.0.0.9"}, "spec": {"hostNetwork": True}})
    assert fields["status.podIP"] == "10.0.0.9"
    assert fields["spec.hostNetwork"] == "true"


def select(rt: ResourceType, text: str, obj: dict[str, Any]) -> bool:
    selector = validate_field_selector(rt, parse_field_selector(text))
    return selector.matches(object_fields(rt, obj))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spec.nodeName=n1", True),
        ("spec.host=n1", True),
        ("spec.nodeName!=n1", False),
        ("spec.nodeName=n1,status.phase!=Pending", True),
        ("spec.nodeName=", False),
        ("spec.schedulerName=", True),
        ("metadata.name=web-0,metadata.namespace=default", True),
        ("status.podIPs=", True),
        ("status.podIPs=10.0.0.1", False),
    ],
)
def test_pod_matching(text: str, expected: bool) -> None:
    assert select(PODS, text, POD) is expected


def test_cluster_scoped_and_small_kinds() -> None:
    assert object_fields(NODES, {"metadata": {"name": "n"}, "spec": {"unschedulable": True}}) == {
        "metadata.name": "n",
        "spec.unschedulable": "true",
    }
    assert select(NAMESPACES, "status.phase=Active", {"status": {"phase": "Active"}})
    assert select(SECRETS, "type=Opaque", {"type": "Opaque"})
    assert select(SERVICES, "spec.clusterIP=None", {"spec": {"clusterIP": "None"}})
    assert select(PVS, "metadata.namespace=", {"metadata": {"name": "pv1"}})
    assert select(STATEFULSETS, "metadata.name=web", {"metadata": {"name": "web"}})


def test_event_fields_in_both_representations() -> None:
    core = {
        "metadata": {"name": "e1", "namespace": "default"},
        "involvedObject": {"kind": "Pod", "name": "web-0", "uid": "u1"},
        "reason": "Created",
        "source": {"component": "kubelet"},
        "reportingComponent": "kubelet",
        "type": "Normal",
    }
    fields = object_fields(EVENTS, core)
    assert fields["involvedObject.kind"] == "Pod"
    assert fields["involvedObject.fieldPath"] == ""
    assert fields["source"] == "kubelet"
    new = {
        "metadata": {"name": "e1", "namespace": "default"},
        "regarding": {"kind": "Pod", "name": "web-0"},
        "reason": "Created",
        "reportingController": "statefulset-controller",
        "type": "Warning",
    }
    assert select(NEW_EVENTS, "regarding.kind=Pod,type=Warning", new)
    assert select(NEW_EVENTS, "source=statefulset-controller", new)
    assert not select(NEW_EVENTS, "regarding.name=other", new)


@pytest.mark.parametrize("obj", [{}, {"metadata": []}, {"spec": 1, "status": "x"}])
def test_odd_objects_never_raise(obj: dict[str, Any]) -> None:
    for rt in (PODS, NODES, NAMESPACES, SECRETS, SERVICES, EVENTS, NEW_EVENTS, STATEFULSETS):
        assert all(isinstance(value, str) for value in object_fields(rt, obj).values())


def test_requires_exact_match() -> None:
    selector = parse_field_selector("metadata.name=web,spec.nodeName!=n1")
    assert selector.requires_exact_match("metadata.name") == "web"
    assert selector.requires_exact_match("spec.nodeName") is None
    assert FieldSelector().requires_exact_match("metadata.name") is None


@given(st.text(max_size=20))
def test_escaped_values_round_trip(value: str) -> None:
    selector = parse_field_selector("metadata.name=" + escape_value(value))
    assert selector.matches({"metadata.name": value})
