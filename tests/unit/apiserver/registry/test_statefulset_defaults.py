"""StatefulSet defaults (spec §1.2, MaxUnavailableStatefulSet on) and the scale subresource."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from stead.apiserver.registry import scale_from_statefulset, validate_scale
from stead.apiserver.registry.poddefaults import image_pull_policy
from tests.unit.apiserver.registry.objects import created, rendered, statefulset, stored

Object = dict[str, Any]


def _spec(**fields: Any) -> Object:
    obj = statefulset()
    obj["spec"].update(fields)
    spec: Object = created("apps", "StatefulSet", obj)["spec"]
    return spec


def test_the_walkthrough_set_gets_exactly_upstreams_defaults() -> None:
    obj = created("apps", "StatefulSet", statefulset())
    assert obj["metadata"] == {"name": "web", "namespace": "default", "generation": 1}
    spec = obj["spec"]
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"partition": 0, "maxUnavailable": 1},
    }
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Retain",
        "whenScaled": "Retain",
    }
    assert spec["revisionHistoryLimit"] == 10
    assert spec["replicas"] == 3
    assert "minReadySeconds" not in spec
    assert "ordinals" not in spec
    assert spec["template"]["spec"] == {
        "containers": [
            {
                "name": "nginx",
                "image": "registry.k8s.io/nginx-slim:0.24",
                "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}],
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
    }
    assert spec["volumeClaimTemplates"] == [
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "www"},
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "1Gi"}},
                "volumeMode": "Filesystem",
            },
            "status": {"phase": "Pending"},
        }
    ]
    assert obj["status"] == {"replicas": 0, "availableReplicas": 0}


def test_status_sent_on_create_is_dropped() -> None:
    obj = statefulset()
    obj["status"] = {"replicas": 5, "readyReplicas": 5}
    assert created("apps", "StatefulSet", obj)["status"] == {"replicas": 0, "availableReplicas": 0}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(None, {"type": "RollingUpdate",
                            "rollingUpdate": {"partition": 0, "maxUnavailable": 1}}, id="omitted"),
        pytest.param({}, {"type": "RollingUpdate",
                          "rollingUpdate": {"partition": 0, "maxUnavailable": 1}}, id="empty"),
        pytest.param({"type": "RollingUpdate"}, {"type": "RollingUpdate"},
                     id="explicit type keeps rollingUpdate absent"),
        pytest.param({"rollingUpdate": {"partition": 2}},
                     {"type": "RollingUpdate",
                      "rollingUpdate": {"partition": 2, "maxUnavailable": 1}},
                     id="partition kept"),
        pytest.param({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "50%"}},
                     {"type": "RollingUpdate",
                      "rollingUpdate": {"maxUnavailable": "50%", "partition": 0}},
                     id="maxUnavailable kept"),
        pytest.param({"type": "OnDelete"}, {"type": "OnDelete"}, id="OnDelete"),
    ],
)  # fmt: skip
def test_update_strategy_defaults(given: Object | None, expected: Object) -> None:
    obj = statefulset()
    if given is not None:
        obj["spec"]["updateStrategy"] = given
    assert created("apps", "StatefulSet", obj)["spec"]["updateStrategy"] == expected


def test_explicit_values_win_over_defaults() -> None:
    spec = _spec(
        replicas=0,
        revisionHistoryLimit=0,
        podManagementPolicy="Parallel",
        persistentVolumeClaimRetentionPolicy={"whenDeleted": "Delete"},
    )
    assert spec["replicas"] == 0
    assert spec["revisionHistoryLimit"] == 0
    assert spec["podManagementPolicy"] == "Parallel"
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Delete",
        "whenScaled": "Retain",
    }


def test_omitted_replicas_and_service_name() -> None:
    obj = statefulset()
    del obj["spec"]["replicas"]
    del obj["spec"]["serviceName"]
    spec = created("apps", "StatefulSet", obj)["spec"]
    assert spec["replicas"] == 1
    assert spec["serviceName"] == ""


def test_defaults_are_idempotent() -> None:
    once = created("apps", "StatefulSet", statefulset())
    twice = copy.deepcopy(once)
    created_again = created("apps", "StatefulSet", twice)
    assert created_again == once


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("library/nginx", "Always"),
        ("localhost:5000/nginx", "Always"),
        ("nginx:1.25", "IfNotPresent"),
        ("registry.k8s.io/nginx-slim:0.24", "IfNotPresent"),
        ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
        ("nginx:latest@sha256:" + "a" * 64, "Always"),
        ("", "IfNotPresent"),
        ("Not/Valid", "IfNotPresent"),
    ],
)
def test_image_pull_policy_follows_the_tag(image: str, policy: str) -> None:
    assert image_pull_policy(image) == policy


def test_quantities_in_claim_templates_are_canonical() -> None:
    obj = statefulset()
    obj["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "1.5Gi"
    spec = created("apps", "StatefulSet", obj)["spec"]
    assert spec["volumeClaimTemplates"][0]["spec"]["resources"]["requests"] == {"storage": "1536Mi"}


# --- scale (§2.6) ------------------------------------------------------------------------------


def test_scale_view_of_a_set() -> None:
    sts = stored("apps", "StatefulSet", statefulset())
    sts["spec"]["selector"] = {
        "matchLabels": {"app": "nginx"},
        "matchExpressions": [{"key": "tier", "operator": "In", "values": ["db", "cache"]}],
    }
    sts["status"] = {"replicas": 2}
    assert scale_from_statefulset(sts) == {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "u-1",
            "resourceVersion": "1",
            "creationTimestamp": "2026-11-23T18:39:01Z",
        },
        "spec": {"replicas": 3},
        "status": {"replicas": 2, "selector": "app=nginx,tier in (cache,db)"},
    }


def test_scale_of_zero_replicas_omits_them_in_spec_but_not_in_status() -> None:
    sts = stored("apps", "StatefulSet", statefulset())
    sts["spec"]["replicas"] = 0
    scale = scale_from_statefulset(sts)
    assert scale["spec"] == {}
    assert scale["status"] == {"replicas": 0, "selector": "app=nginx"}


def test_scale_validation() -> None:
    scale = scale_from_statefulset(stored("apps", "StatefulSet", statefulset()))
    assert validate_scale(scale) == []
    scale["spec"]["replicas"] = -1
    assert rendered(validate_scale(scale)) == [
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    ]
