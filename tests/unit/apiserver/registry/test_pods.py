"""Pods: defaults and admission, validation, the update rules, status, binding."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from stead.apiserver.registry import validate_binding
from tests.unit.apiserver.registry.objects import (
    create_errors,
    created,
    pod,
    rendered,
    stored,
    strategy,
    update_errors,
    updated,
)

Object = dict[str, Any]
Mutation = Callable[[Object], None]

LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
NOT_READY = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}  # fmt: skip
UNREACHABLE = {"key": "node.kubernetes.io/unreachable", "operator": "Exists",
               "effect": "NoExecute", "tolerationSeconds": 300}  # fmt: skip


def test_a_minimal_pod_gets_upstreams_defaults_and_admission() -> None:
    obj = created("", "Pod", pod())
    assert obj["metadata"]["generation"] == 1
    assert obj["spec"] == {
        "containers": [
            {
                "name": "app",
                "image": "busybox:1.36",
                "imagePullPolicy": "IfNotPresent",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "resources": {},
            }
        ],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "terminationGracePeriodSeconds": 30,
        "securityContext": {},
        "enableServiceLinks": True,
        "serviceAccountName": "default",
        "serviceAccount": "default",
        "priority": 0,
        "preemptionPolicy": "PreemptLowerPriority",
        "tolerations": [NOT_READY, UNREACHABLE],
    }
    assert obj["status"] == {"phase": "Pending", "qosClass": "BestEffort"}


def test_existing_tolerations_are_respected() -> None:
    obj = pod()
    mine = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
            "tolerationSeconds": 30}  # fmt: skip
    obj["spec"]["tolerations"] = [mine]
    assert created("", "Pod", obj)["spec"]["tolerations"] == [mine, UNREACHABLE]
    obj["spec"]["tolerations"] = [{"operator": "Exists"}]
    assert created("", "Pod", obj)["spec"]["tolerations"] == [{"operator": "Exists"}]


def test_requests_default_to_limits_and_decide_the_qos_class() -> None:
    guaranteed = pod()
    guaranteed["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "500m", "memory": "1Gi"}}
    obj = created("", "Pod", guaranteed)
    assert obj["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m", "memory": "1Gi"},
        "requests": {"cpu": "500m", "memory": "1Gi"},
    }
    assert obj["status"]["qosClass"] == "Guaranteed"
    burstable = pod()
    burstable["spec"]["containers"][0]["resources"] = {"requests": {"cpu": "0.1"}}
    obj = created("", "Pod", burstable)
    assert obj["spec"]["containers"][0]["resources"] == {"requests": {"cpu": "100m"}}
    assert obj["status"]["qosClass"] == "Burstable"


def test_a_template_does_not_get_pod_only_defaults() -> None:
    sts = created("apps", "StatefulSet", {
        "metadata": {"name": "s", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {
            "metadata": {"labels": {"a": "b"}},
            "spec": {"containers": [
                {"name": "c", "image": "i", "resources": {"limits": {"cpu": "1"}}}
            ]},
        }},
    })  # fmt: skip
    spec = sts["spec"]["template"]["spec"]
    assert "enableServiceLinks" not in spec
    assert "tolerations" not in spec
    assert spec["containers"][0]["resources"] == {"limits": {"cpu": "1"}}


def test_probes_get_timing_defaults() -> None:
    obj = pod()
    obj["spec"]["containers"][0]["readinessProbe"] = {"httpGet": {"port": 80}}
    probe = created("", "Pod", obj)["spec"]["containers"][0]["readinessProbe"]
    assert probe == {
        "httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }


def test_volumes_without_a_source_are_empty_dirs() -> None:
    obj = pod()
    obj["spec"]["volumes"] = [{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "c"}}]
    volumes = created("", "Pod", obj)["spec"]["volumes"]
    assert volumes == [
        {"name": "scratch", "emptyDir": {}},
        {"name": "cfg", "configMap": {"name": "c", "defaultMode": 420}},
    ]


def _container(**fields: object) -> Mutation:
    def mutate(obj: Object) -> None:
        obj["spec"]["containers"][0].update(fields)

    return mutate


def _spec(**fields: object) -> Mutation:
    def mutate(obj: Object) -> None:
        obj["spec"].update(fields)

    return mutate


C0 = "spec.containers[0]"
CASES: list[tuple[str, Mutation, list[str]]] = [
    ("valid", lambda obj: None, []),
    ("containers required", _spec(containers=[]), ["spec.containers: Required value"]),
    ("container name", _container(name="App_1"),
     [f'{C0}.name: Invalid value: "App_1": {LABEL}']),
    ("duplicate container names",
     _spec(containers=[{"name": "a", "image": "i"}, {"name": "a", "image": "i"}]),
     ['spec.containers[1].name: Duplicate value: "a"']),
    ("image required", _container(image=""), [f"{C0}.image: Required value"]),
    ("image whitespace", _container(image=" busybox"),
     [f'{C0}.image: Invalid value: " busybox": must not have leading or trailing whitespace']),
    ("port out of range", _container(ports=[{"containerPort": 70000}]),
     [f"{C0}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, "
      "inclusive"]),
    ("port protocol", _container(ports=[{"containerPort": 80, "protocol": "HTTP"}]),
     [f'{C0}.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", '
      '"UDP"']),
    ("duplicate port names",
     _container(ports=[{"containerPort": 80, "name": "web"}, {"containerPort": 81, "name": "web"}]),
     [f'{C0}.ports[1].name: Duplicate value: "web"']),
    ("host port conflict",
     _spec(containers=[
         {"name": "a", "image": "i", "ports": [{"containerPort": 1, "hostPort": 80}]},
         {"name": "b", "image": "i", "ports": [{"containerPort": 2, "hostPort": 80}]},
     ]),
     ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"']),
    ("duplicate volumes",
     _spec(volumes=[{"name": "v", "emptyDir": {}}, {"name": "v", "emptyDir": {}}]),
     ['spec.volumes[1].name: Duplicate value: "v"']),
    ("two volume sources",
     _spec(volumes=[{"name": "v", "emptyDir": {}, "hostPath": {"path": "/x"}}]),
     ["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]),
    ("mount of a missing volume", _container(volumeMounts=[{"name": "data", "mountPath": "/d"}]),
     [f'{C0}.volumeMounts[0].name: Not found: "data"']),
    ("restart policy", _spec(restartPolicy="Sometimes"),
     ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
      '"OnFailure", "Never"']),
    ("env name", _container(env=[{"name": "A=B", "value": "1"}]),
     [f'{C0}.env[0].name: Invalid value: "A=B": a valid environment variable name must consist '
      "only of printable ASCII characters other than '='"]),
    ("env source missing", _container(env=[{"name": "A", "valueFrom": {}}]),
     [f'{C0}.env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, '
      "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"]),
    ("env field ref",
     _container(env=[{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "spec.foo"}}}]),
     [f'{C0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting '
      "fieldPath: field label not supported: spec.foo"]),
    ("probe with two handlers",
     _container(livenessProbe={"exec": {"command": ["true"]}, "tcpSocket": {"port": 80}}),
     [f"{C0}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"]),
    ("probe without a handler", _container(readinessProbe={"periodSeconds": 5}),
     [f"{C0}.readinessProbe: Required value: must specify a handler type"]),
    ("liveness success threshold", _container(livenessProbe={"exec": {"command": ["true"]},
                                                             "successThreshold": 2}),
     [f"{C0}.livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
    ("requests above limits",
     _container(resources={"limits": {"cpu": "1"}, "requests": {"cpu": "2"}}),
     [f'{C0}.resources.requests: Invalid value: "2": must be less than or equal to cpu limit '
      "of 1"]),
    ("bad quantity (copied to requests too)", _container(resources={"limits": {"memory": "lots"}}),
     [f'{C0}.resources.{kind}[memory]: Invalid value: "lots": quantities must match the regular '
      "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
      for kind in ("limits", "requests")]),
    ("hostname", _spec(hostname="Web"), [f'spec.hostname: Invalid value: "Web": {LABEL}']),
    ("subdomain", _spec(subdomain="a.b"),
     ['spec.subdomain: Invalid value: "a.b": must not contain dots']),
    ("toleration operator", _spec(tolerations=[{"key": "k", "operator": "Near"}]),
     ['spec.tolerations[0].operator: Unsupported value: "Near": supported values: "Equal", '
      '"Exists"']),
    ("ephemeral containers on create",
     _spec(ephemeralContainers=[{"name": "debug", "image": "busybox"}]),
     ["spec.ephemeralContainers: Forbidden: cannot be set on create"]),
]  # fmt: skip


@pytest.mark.parametrize(("mutate", "expected"), [pytest.param(m, e, id=n) for n, m, e in CASES])
def test_create_rule(mutate: Mutation, expected: list[str]) -> None:
    obj = pod()
    mutate(obj)
    assert create_errors("", "Pod", obj) == expected


def test_pod_name_is_a_subdomain() -> None:
    assert create_errors("", "Pod", pod("web-0.cache")) == []


# --- updates ------------------------------------------------------------------------------------

FORBIDDEN_PREFIX = (
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set "
    "to 1 if it was previously negative)\n"
)


def _update(mutate: Mutation) -> list[str]:
    old = stored("", "Pod", pod())
    new = copy.deepcopy(old)
    mutate(new)
    return update_errors("", "Pod", new, old)


def test_image_updates_are_allowed_and_bump_generation() -> None:
    old = stored("", "Pod", pod())
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["image"] = "busybox:1.37"
    assert update_errors("", "Pod", new, old) == []
    assert updated("", "Pod", new, old)["metadata"]["generation"] == 2


def test_other_spec_changes_are_forbidden_with_a_diff() -> None:
    errors = _update(_container(ports=[{"containerPort": 80}]))
    assert len(errors) == 1
    assert errors[0].startswith(FORBIDDEN_PREFIX)
    assert '+     "containerPort": 80,' in errors[0]


def test_containers_cannot_be_added() -> None:
    def add(obj: Object) -> None:
        obj["spec"]["containers"].append({"name": "b", "image": "i"})

    assert _update(add) == [
        "spec.containers: Forbidden: pod updates may not add or remove containers"
    ]


def test_active_deadline_may_only_shrink() -> None:
    old = stored("", "Pod", pod())
    old["spec"]["activeDeadlineSeconds"] = 100
    shorter = copy.deepcopy(old)
    shorter["spec"]["activeDeadlineSeconds"] = 50
    assert update_errors("", "Pod", shorter, old) == []
    longer = copy.deepcopy(old)
    longer["spec"]["activeDeadlineSeconds"] = 200
    assert update_errors("", "Pod", longer, old) == [
        "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous "
        "value"
    ]
    removed = copy.deepcopy(old)
    del removed["spec"]["activeDeadlineSeconds"]
    assert update_errors("", "Pod", removed, old) == [
        "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer "
        "to nil value"
    ]


def test_tolerations_may_only_be_added() -> None:
    def add(obj: Object) -> None:
        obj["spec"]["tolerations"].append({"key": "k", "operator": "Exists"})

    def remove(obj: Object) -> None:
        obj["spec"]["tolerations"].pop()

    assert _update(add) == []
    assert _update(remove) == [
        "spec.tolerations: Forbidden: existing toleration can not be modified except its "
        "tolerationSeconds"
    ]


def test_status_writes_may_not_change_the_qos_class() -> None:
    rules = strategy("", "Pod")
    old = stored("", "Pod", pod())
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Running", "qosClass": "Guaranteed", "podIP": "10.0.0.5",
                     "podIPs": [{"ip": "10.0.0.5"}]}  # fmt: skip
    rules.prepare_for_status_update(new, old)
    assert rendered(rules.validate_status_update(new, old)) == [
        'status.qosClass: Invalid value: "Guaranteed": field is immutable'
    ]


def test_status_writes_check_pod_ips() -> None:
    rules = strategy("", "Pod")
    old = stored("", "Pod", pod())
    new = copy.deepcopy(old)
    new["status"] = {"phase": "Running", "qosClass": "BestEffort",
                     "podIPs": [{"ip": "10.0.0.5"}, {"ip": "10.0.0.6"}]}  # fmt: skip
    rules.prepare_for_status_update(new, old)
    assert rendered(rules.validate_status_update(new, old)) == [
        'status.podIPs: Invalid value: [{"ip":"10.0.0.5"},{"ip":"10.0.0.6"}]: may specify no more '
        "than one IP for each IP family"
    ]


@pytest.mark.parametrize(
    ("binding", "expected"),
    [
        ({"target": {"kind": "Node", "name": "node-1"}}, []),
        ({"target": {"name": "node-1"}}, []),
        ({"target": {"kind": "Pod", "name": "x"}},
         ['target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"']),
        ({"target": {"kind": "Node"}}, ["target.name: Required value"]),
        ({}, ["target.name: Required value"]),
    ],
)  # fmt: skip
def test_binding(binding: Object, expected: list[str]) -> None:
    assert rendered(validate_binding(binding)) == expected
