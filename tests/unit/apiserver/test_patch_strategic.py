"""Strategic merge patch on StatefulSets, Pods and Services, in the shapes kubectl sends."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from stead.api import errors, schema
from stead.api.schema import Schema
from stead.apiserver.patch import apply_strategic_merge_patch

Object = dict[str, Any]


def root(group: str, kind: str) -> Schema:
    found = schema.load().for_kind(group, "v1", kind)
    assert found is not None
    return found


STS_SCHEMA = root("apps", "StatefulSet")
POD_SCHEMA = root("", "Pod")
SVC_SCHEMA = root("", "Service")

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def statefulset() -> Object:
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "annotations": {LAST_APPLIED: '{"old":true}\n'},
            "finalizers": ["a", "b"],
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "X", "name": "one", "uid": "u1"},
                {"apiVersion": "v1", "kind": "X", "name": "two", "uid": "u2"},
            ],
        },
        "spec": {
            "replicas": 2,
            "serviceName": "nginx",
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}, "annotations": {"x": "y"}},
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "image": "nginx:1",
                            "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx"}],
                        },
                        {"name": "side", "image": "busybox"},
                    ],
                    "volumes": [{"name": "www", "emptyDir": {}}],
                    "tolerations": [{"key": "a", "operator": "Exists"}],
                    "terminationGracePeriodSeconds": 10,
                },
            },
        },
    }


def smp(obj: Object, patch: Object, kind_schema: Schema = STS_SCHEMA) -> Object:
    original = copy.deepcopy(obj)
    frozen_patch = copy.deepcopy(patch)
    result = apply_strategic_merge_patch(obj, patch, kind_schema)
    assert obj == original, "the document was changed"
    assert patch == frozen_patch, "the patch was changed"
    assert_no_directives(result)
    return result


def assert_no_directives(value: Any) -> None:
    if isinstance(value, dict):
        assert not any(key.startswith("$") for key in value), value
        for item in value.values():
            assert_no_directives(item)
    elif isinstance(value, list):
        for item in value:
            assert_no_directives(item)


def pod_spec(obj: Object) -> Object:
    spec: Object = obj["spec"]["template"]["spec"]
    return spec


def names(items: list[Object]) -> list[str]:
    return [item["name"] for item in items]


def test_client_side_apply_and_edit_change_one_image_and_keep_the_rest() -> None:
    patch = {
        "metadata": {"annotations": {LAST_APPLIED: '{"new":true}\n'}},
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "nginx"}, {"name": "side"}],
                    "containers": [{"image": "nginx:2", "name": "nginx"}],
                }
            }
        },
    }
    result = smp(statefulset(), patch)
    containers = pod_spec(result)["containers"]
    assert names(containers) == ["nginx", "side"]
    assert containers[0]["image"] == "nginx:2"
    assert containers[0]["env"] == statefulset()["spec"]["template"]["spec"]["containers"][0]["env"]
    assert containers[1] == {"name": "side", "image": "busybox"}
    assert result["metadata"]["annotations"][LAST_APPLIED] == '{"new":true}\n'


def test_client_side_apply_adds_and_removes_containers_in_order() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "nginx"}, {"name": "log"}],
                    "containers": [
                        {"name": "log", "image": "fluentd"},
                        {"$patch": "delete", "name": "side"},
                    ],
                }
            }
        }
    }
    containers = pod_spec(smp(statefulset(), patch))["containers"]
    assert names(containers) == ["nginx", "log"]
    assert containers[1] == {"name": "log", "image": "fluentd"}


def test_kubectl_patch_puts_a_new_container_first_like_upstream() -> None:
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "log", "image": "f"}]}}}}
    assert names(pod_spec(smp(statefulset(), patch))["containers"]) == ["log", "nginx", "side"]


def test_set_element_order_reorders_without_content_changes() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {"$setElementOrder/containers": [{"name": "side"}, {"name": "nginx"}]}
            }
        }
    }
    assert names(pod_spec(smp(statefulset(), patch))["containers"]) == ["side", "nginx"]


def test_env_merges_by_name() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "env": [{"name": "B", "value": "9"}, {"name": "C", "value": "3"}],
                        }
                    ]
                }
            }
        }
    }
    env = pod_spec(smp(statefulset(), patch))["containers"][0]["env"]
    assert env == [
        {"name": "A", "value": "1"},
        {"name": "B", "value": "9"},
        {"name": "C", "value": "3"},
    ]


def test_ports_merge_by_container_port() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "ports": [
                                {"containerPort": 80, "name": "http"},
                                {"containerPort": 443},
                            ],
                        }
                    ]
                }
            }
        }
    }
    ports = pod_spec(smp(statefulset(), patch))["containers"][0]["ports"]
    assert ports == [
        {"containerPort": 80, "name": "http", "protocol": "TCP"},
        {"containerPort": 443},
    ]


@pytest.mark.parametrize("with_null", [True, False])
def test_volume_source_switch_with_retain_keys_drops_the_old_source(with_null: bool) -> None:
    volume: Object = {
        "$retainKeys": ["name", "persistentVolumeClaim"],
        "name": "www",
        "persistentVolumeClaim": {"claimName": "www-claim"},
    }
    if with_null:
        volume["emptyDir"] = None
    patch = {
        "spec": {
            "template": {
                "spec": {"$setElementOrder/volumes": [{"name": "www"}], "volumes": [volume]}
            }
        }
    }
    volumes = pod_spec(smp(statefulset(), patch))["volumes"]
    assert volumes == [{"name": "www", "persistentVolumeClaim": {"claimName": "www-claim"}}]


def test_volume_merge_without_retain_keys_keeps_both_sources() -> None:
    patch = {
        "spec": {"template": {"spec": {"volumes": [{"name": "www", "hostPath": {"path": "/x"}}]}}}
    }
    volumes = pod_spec(smp(statefulset(), patch))["volumes"]
    assert volumes == [{"name": "www", "emptyDir": {}, "hostPath": {"path": "/x"}}]


def test_owner_references_merge_by_uid() -> None:
    patch = {
        "metadata": {
            "ownerReferences": [{"uid": "u2", "controller": True}, {"uid": "u3", "name": "three"}]
        }
    }
    owners = smp(statefulset(), patch)["metadata"]["ownerReferences"]
    assert [owner["uid"] for owner in owners] == ["u1", "u2", "u3"]
    assert owners[1] == {
        "apiVersion": "v1",
        "kind": "X",
        "name": "two",
        "uid": "u2",
        "controller": True,
    }


def test_owner_reference_delete_directive() -> None:
    patch = {"metadata": {"ownerReferences": [{"$patch": "delete", "uid": "u1"}]}}
    owners = smp(statefulset(), patch)["metadata"]["ownerReferences"]
    assert [owner["uid"] for owner in owners] == ["u2"]


def test_finalizers_are_a_set() -> None:
    result = smp(statefulset(), {"metadata": {"finalizers": ["c", "a"]}})
    assert result["metadata"]["finalizers"] == ["c", "a", "b"]


def test_finalizers_delete_from_primitive_list_and_order() -> None:
    patch = {
        "metadata": {
            "$setElementOrder/finalizers": ["b", "c"],
            "$deleteFromPrimitiveList/finalizers": ["a"],
            "finalizers": ["c"],
        }
    }
    assert smp(statefulset(), patch)["metadata"]["finalizers"] == ["b", "c"]


def test_delete_from_a_missing_list_is_a_no_op() -> None:
    patch = {"spec": {"template": {"spec": {"$deleteFromPrimitiveList/nope": ["x"]}}}}
    assert pod_spec(smp(statefulset(), patch)) == pod_spec(statefulset())


def test_tolerations_are_replaced() -> None:
    patch = {"spec": {"template": {"spec": {"tolerations": [{"key": "b", "operator": "Exists"}]}}}}
    assert pod_spec(smp(statefulset(), patch))["tolerations"] == [
        {"key": "b", "operator": "Exists"}
    ]


def test_rollout_undo_replaces_the_template() -> None:
    revision_data = {
        "spec": {
            "template": {
                "$patch": "replace",
                "metadata": {"creationTimestamp": None, "labels": {"app": "nginx"}},
                "spec": {
                    "containers": [
                        {
                            "image": "registry.k8s.io/nginx-slim:0.24",
                            "name": "nginx",
                            "ports": [{"containerPort": 80, "name": "web"}],
                        }
                    ],
                    "terminationGracePeriodSeconds": 10,
                },
            }
        }
    }
    result = smp(statefulset(), revision_data)
    assert result["spec"]["template"] == {
        "metadata": {"labels": {"app": "nginx"}},
        "spec": {
            "containers": [
                {
                    "image": "registry.k8s.io/nginx-slim:0.24",
                    "name": "nginx",
                    "ports": [{"containerPort": 80, "name": "web"}],
                }
            ],
            "terminationGracePeriodSeconds": 10,
        },
    }
    assert result["spec"]["replicas"] == 2


def test_rollout_restart_adds_a_template_annotation() -> None:
    patch = {
        "spec": {
            "template": {
                "metadata": {
                    "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-23T18:41:07Z"}
                }
            }
        }
    }
    annotations = smp(statefulset(), patch)["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"x": "y", "kubectl.kubernetes.io/restartedAt": "2026-11-23T18:41:07Z"}


def test_kubectl_patch_default_update_strategy() -> None:
    patch = {
        "spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}}
    }
    result = smp(statefulset(), patch)
    assert result["spec"]["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"partition": 2},
    }


def test_null_deletes_and_map_directives() -> None:
    assert (
        "annotations"
        not in smp(statefulset(), {"spec": {"template": {"metadata": {"annotations": None}}}})[
            "spec"
        ]["template"]["metadata"]
    )
    deleted = smp(statefulset(), {"spec": {"template": {"metadata": {"$patch": "delete"}}}})
    assert deleted["spec"]["template"]["metadata"] == {}
    replaced = smp(
        statefulset(), {"spec": {"selector": {"$patch": "replace", "matchLabels": {"b": "c"}}}}
    )
    assert replaced["spec"]["selector"] == {"matchLabels": {"b": "c"}}
    merged = smp(
        statefulset(), {"spec": {"selector": {"$patch": "merge", "matchLabels": {"b": "c"}}}}
    )
    assert merged["spec"]["selector"] == {"matchLabels": {"app": "nginx", "b": "c"}}


def test_list_replace_directive() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {"containers": [{"$patch": "replace"}, {"name": "only", "image": "x"}]}
            }
        }
    }
    assert pod_spec(smp(statefulset(), patch))["containers"] == [{"name": "only", "image": "x"}]


def test_directives_inside_new_values_are_carried_out() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "new",
                            "env": [{"name": "X", "value": "1"}, {"name": "Y", "$patch": "delete"}],
                            "$setElementOrder/env": [{"name": "X"}],
                        }
                    ],
                    "initContainers": [{"name": "init", "$patch": "delete"}],
                }
            }
        }
    }
    spec = pod_spec(smp(statefulset(), patch))
    assert spec["containers"][0] == {"name": "new", "env": [{"name": "X", "value": "1"}]}
    assert spec["initContainers"] == []


def test_pod_status_conditions_merge_by_type() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web-0"},
        "status": {
            "phase": "Pending",
            "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "PodScheduled", "status": "True"},
            ],
        },
    }
    patch = {"status": {"conditions": [{"type": "Ready", "status": "True"}], "phase": "Running"}}
    status = smp(pod, patch, POD_SCHEMA)["status"]
    assert status == {
        "phase": "Running",
        "conditions": [
            {"type": "Ready", "status": "True"},
            {"type": "PodScheduled", "status": "True"},
        ],
    }


def test_service_ports_merge_by_port() -> None:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "nginx"},
        "spec": {
            "clusterIP": "None",
            "selector": {"app": "nginx"},
            "ports": [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}],
        },
    }
    patch = {"spec": {"ports": [{"port": 80, "targetPort": 8080}], "selector": {"tier": "x"}}}
    spec = smp(service, patch, SVC_SCHEMA)["spec"]
    assert spec["ports"] == [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 8080}]
    assert spec["selector"] == {"app": "nginx", "tier": "x"}


def test_unknown_fields_merge_like_a_merge_patch() -> None:
    obj = statefulset()
    obj["spec"]["extra"] = {"items": [1, 2], "keep": True}
    result = smp(obj, {"spec": {"extra": {"items": [3]}}})
    assert result["spec"]["extra"] == {"items": [3], "keep": True}


def test_without_a_schema_every_list_is_replaced() -> None:
    result = apply_strategic_merge_patch(statefulset(), {"metadata": {"finalizers": ["z"]}}, None)
    assert result["metadata"]["finalizers"] == ["z"]


def test_type_changes_take_the_patch_value() -> None:
    result = smp(
        statefulset(), {"spec": {"replicas": "3", "template": {"spec": {"volumes": {"a": 1}}}}}
    )
    assert result["spec"]["replicas"] == "3"
    assert pod_spec(result)["volumes"] == {"a": 1}


# Upstream answers the unknown directive, missing merge key, mixed element types and
# setElementOrder mismatch cases with a bare 500; they are the client's mistakes, so 400 here.
@pytest.mark.parametrize(
    ("patch", "error", "message"),
    [
        ([1], errors.BadRequest, "cannot unmarshal array"),
        (
            {"spec": {"$patch": "frobnicate"}},
            errors.BadRequest,
            "unknown patch type: frobnicate",
        ),
        (
            {"metadata": {"$retainKeys": "name"}},
            errors.BadRequest,
            "invalid patch format of retainKeys",
        ),
        (
            {"metadata": {"$retainKeys": ["name"], "labels": {"a": "b"}}},
            errors.BadRequest,
            "invalid patch format of retainKeys",
        ),
        ({"metadata": {"$setElementOrder": []}}, errors.BadRequest, "setElementOrder list"),
        (
            {"metadata": {"$setElementOrder/finalizers": "x"}},
            errors.BadRequest,
            "setElementOrder list",
        ),
        ({"metadata": {"$deleteFromPrimitiveListx": []}}, errors.BadRequest, "primitive list"),
        (
            {"metadata": {"$deleteFromPrimitiveList/finalizers": "a"}},
            errors.BadRequest,
            "primitive list",
        ),
        (
            {"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}},
            errors.BadRequest,
            "map: map\\[image:x\\] does not contain declared merge key: name",
        ),
        (
            {"spec": {"template": {"spec": {"containers": [{"name": "x", "$patch": "nope"}]}}}},
            errors.BadRequest,
            "unknown patch type: nope",
        ),
        ({"metadata": {"finalizers": [["x"]]}}, errors.Invalid, "lists of lists are not supported"),
        (
            {"metadata": {"finalizers": [1]}},
            errors.BadRequest,
            "list element types are not identical",
        ),
        (
            {
                "metadata": {
                    "$setElementOrder/ownerReferences": [{"uid": "u2"}],
                    "ownerReferences": [{"uid": "u1", "name": "x"}],
                }
            },
            errors.BadRequest,
            "doesn't match \\$setElementOrder list",
        ),
    ],
)
def test_errors_use_upstream_codes(patch: Any, error: type[errors.ApiError], message: str) -> None:
    with pytest.raises(error, match=message):
        apply_strategic_merge_patch(statefulset(), patch, STS_SCHEMA)


def test_deeply_nested_patches_are_refused_cleanly() -> None:
    deep: Object = {}
    node = deep
    for _ in range(5000):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(errors.BadRequest, match="nested too deeply"):
        apply_strategic_merge_patch({}, deep, None)
