"""Server-side apply: merging, pruning, conflicts, forcing, and kubectl's migration flow."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from stead.api import errors, schema
from stead.api.schema import Schema
from stead.apiserver import fieldmanager

Object = dict[str, Any]
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
T1, T2, T3 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"


def root(group: str, kind: str) -> Schema:
    found = schema.load().for_kind(group, "v1", kind)
    assert found is not None
    return found


STS = root("apps", "StatefulSet")
SVC = root("", "Service")


def manifest(image: str = "nginx:1", replicas: int = 2) -> Object:
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "nginx"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "nginx"}},
            "serviceName": "nginx",
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "image": image,
                            "ports": [{"containerPort": 80, "name": "web"}],
                        }
                    ]
                },
            },
        },
    }


def apply(live: Object | None, config: Object, manager: str = "kubectl", **options: Any) -> Object:
    frozen_live, frozen_config = copy.deepcopy(live), copy.deepcopy(config)
    options.setdefault("force", False)
    options.setdefault("now", T1)
    result = fieldmanager.apply(live, config, manager=manager, schema=STS, **options)
    assert live == frozen_live, "live changed"
    assert config == frozen_config, "config changed"
    return result


def entry(obj: Object, manager: str) -> Object:
    found = [e for e in obj["metadata"].get("managedFields", []) if e.get("manager") == manager]
    assert len(found) == 1, obj["metadata"].get("managedFields")
    only: Object = found[0]
    return only


def owns(obj: Object, manager: str, path: str) -> bool:
    """Whether `manager` owns the dotted-path field (FieldsV1 walk, list items by raw key)."""
    node = entry(obj, manager)["fieldsV1"]
    for part in path.split("|"):
        if part not in node:
            return False
        node = node[part]
    return True


def persisted(obj: Object) -> Object:
    """What the store would hand back: the object plus server-owned metadata."""
    stored = copy.deepcopy(obj)
    stored["metadata"].update({"uid": "u-1", "resourceVersion": "7", "creationTimestamp": T1})
    return stored


def test_apply_creates_from_nothing() -> None:
    created = apply(None, manifest())
    fields = created["metadata"].pop("managedFields")
    assert created == manifest()
    assert fields == [
        {
            "manager": "kubectl",
            "operation": "Apply",
            "apiVersion": "apps/v1",
            "time": T1,
            "fieldsType": "FieldsV1",
            "fieldsV1": {
                "f:metadata": {"f:labels": {"f:app": {}}},
                "f:spec": {
                    "f:replicas": {},
                    "f:selector": {},
                    "f:serviceName": {},
                    "f:template": {
                        "f:metadata": {"f:labels": {"f:app": {}}},
                        "f:spec": {
                            "f:containers": {
                                'k:{"name":"nginx"}': {
                                    ".": {},
                                    "f:image": {},
                                    "f:name": {},
                                    "f:ports": {
                                        'k:{"containerPort":80,"protocol":"TCP"}': {
                                            ".": {},
                                            "f:containerPort": {},
                                            "f:name": {},
                                        }
                                    },
                                }
                            }
                        },
                    },
                },
            },
        }
    ]


def test_second_apply_removes_what_it_stopped_applying() -> None:
    first = manifest()
    first["spec"]["minReadySeconds"] = 5
    first["spec"]["template"]["spec"]["containers"].append({"name": "side", "image": "busybox"})
    live = persisted(apply(None, first))
    second = apply(live, manifest(), now=T2)
    assert "minReadySeconds" not in second["spec"]
    assert [c["name"] for c in second["spec"]["template"]["spec"]["containers"]] == ["nginx"]
    assert second["metadata"]["uid"] == "u-1"
    assert entry(second, "kubectl")["time"] == T2


def test_a_field_another_manager_owns_is_not_removed() -> None:
    first = manifest()
    first["spec"]["minReadySeconds"] = 5
    live = persisted(apply(None, first))
    live = persisted(apply(live, {**manifest(), "spec": {"minReadySeconds": 5}}, "other"))
    second = apply(live, manifest(), now=T2)
    assert second["spec"]["minReadySeconds"] == 5
    assert owns(second, "other", "f:spec|f:minReadySeconds")
    assert not owns(second, "kubectl", "f:spec|f:minReadySeconds")


def client_side_created(config: Object) -> Object:
    """The object `kubectl apply` (client-side) creates: POST with the annotation."""
    obj = copy.deepcopy(config)
    obj["metadata"]["annotations"] = {
        LAST_APPLIED: json.dumps(config, separators=(",", ":")) + "\n"
    }
    obj["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"] = "TCP"
    obj["metadata"]["managedFields"] = fieldmanager.record_update(
        None, obj, manager="kubectl-client-side-apply", now=T1
    )
    return persisted(obj)


def test_apply_of_a_field_updated_by_someone_else_conflicts() -> None:
    live = client_side_created(manifest())
    with pytest.raises(errors.Conflict) as raised:
        apply(live, manifest(replicas=3), "ci")
    expected = 'conflict with "kubectl-client-side-apply" using apps/v1'
    assert raised.value.message == f"Apply failed with 1 conflict: {expected}: .spec.replicas"
    assert raised.value.to_status()["code"] == 409
    assert raised.value.details == {
        "causes": [
            {"reason": "FieldManagerConflict", "message": expected, "field": ".spec.replicas"}
        ]
    }


def test_force_takes_ownership() -> None:
    live = client_side_created(manifest())
    forced = apply(live, manifest(replicas=3), "ci", force=True, now=T2)
    assert forced["spec"]["replicas"] == 3
    assert owns(forced, "ci", "f:spec|f:replicas")
    assert not owns(forced, "kubectl-client-side-apply", "f:spec|f:replicas")
    assert owns(forced, "kubectl-client-side-apply", "f:spec|f:serviceName")


def test_same_value_shares_ownership_without_conflict() -> None:
    live = client_side_created(manifest())
    shared = apply(live, manifest(), "ci", now=T2)
    assert owns(shared, "ci", "f:spec|f:replicas")
    assert owns(shared, "kubectl-client-side-apply", "f:spec|f:replicas")
    assert entry(shared, "ci")["time"] == T2
    assert [e["manager"] for e in shared["metadata"]["managedFields"]] == [
        "ci",
        "kubectl-client-side-apply",
    ]


def test_several_conflicts_are_listed_by_manager() -> None:
    live = persisted(apply(None, manifest(), "first"))
    live = client_side_created(manifest()) | {"metadata": live["metadata"]}
    with pytest.raises(errors.Conflict) as raised:
        apply(live, manifest(image="nginx:2", replicas=3), "second")
    assert raised.value.message == (
        'Apply failed with 2 conflicts: conflicts with "first":\n'
        "- .spec.replicas\n"
        '- .spec.template.spec.containers[name="nginx"].image'
    )
    fields = [cause["field"] for cause in raised.value.details["causes"]]
    assert fields == [".spec.replicas", '.spec.template.spec.containers[name="nginx"].image']


def test_kubectl_server_side_takes_over_from_client_side_apply() -> None:
    live = client_side_created(manifest())
    migrated = persisted(apply(live, manifest(image="nginx:2"), "kubectl", now=T2))
    assert migrated["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:2"
    image = 'f:spec|f:template|f:spec|f:containers|k:{"name":"nginx"}|f:image'
    assert owns(migrated, "kubectl", image)
    assert not owns(migrated, "kubectl-client-side-apply", image)
    annotation = json.loads(migrated["metadata"]["annotations"][LAST_APPLIED])
    assert annotation == manifest(image="nginx:2")
    # kubectl then sends the annotation alone, by the manager kubectl-last-applied.
    just_annotation = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "annotations": {LAST_APPLIED: migrated["metadata"]["annotations"][LAST_APPLIED]},
        },
    }
    final = apply(migrated, just_annotation, "kubectl-last-applied", now=T3)
    assert final["spec"] == migrated["spec"]
    assert owns(final, "kubectl-last-applied", f"f:metadata|f:annotations|f:{LAST_APPLIED}")
    assert owns(final, "kubectl", "f:spec|f:replicas")


def test_kubectl_takeover_is_limited_to_client_side_applied_values() -> None:
    live = client_side_created(manifest())
    live["spec"]["replicas"] = 5  # scaled by someone after the client-side apply
    live["metadata"]["managedFields"] = fieldmanager.record_update(
        client_side_created(manifest()), live, manager="kubectl-scale", now=T2
    )
    with pytest.raises(errors.Conflict, match=r'"kubectl-scale" using apps/v1: \.spec\.replicas'):
        apply(live, manifest(replicas=2), "kubectl")


def test_atomic_and_set_lists() -> None:
    config = manifest()
    spec = config["spec"]["template"]["spec"]
    spec["tolerations"] = [{"key": "a", "operator": "Exists"}]
    config["metadata"]["finalizers"] = ["x"]
    live = persisted(apply(None, config, "one"))
    other = manifest()
    other["spec"]["template"]["spec"]["tolerations"] = [{"key": "b", "operator": "Exists"}]
    other["metadata"]["finalizers"] = ["y"]
    merged = apply(live, other, "two", force=True)
    assert merged["spec"]["template"]["spec"]["tolerations"] == [{"key": "b", "operator": "Exists"}]
    assert merged["metadata"]["finalizers"] == ["x", "y"]
    assert owns(merged, "one", 'f:metadata|f:finalizers|v:"x"')
    assert owns(merged, "two", 'f:metadata|f:finalizers|v:"y"')


def test_applying_the_same_config_again_changes_nothing() -> None:
    live = persisted(apply(None, manifest()))
    again = apply(live, manifest(), now=T2)
    assert again == live


def test_null_in_a_config_removes_the_field_and_owns_it() -> None:
    live = persisted(
        apply(None, {**manifest(), "spec": {**manifest()["spec"], "minReadySeconds": 3}})
    )
    config = manifest()
    config["spec"]["minReadySeconds"] = None
    result = apply(live, config, now=T2)
    assert "minReadySeconds" not in result["spec"]
    assert owns(result, "kubectl", "f:spec|f:minReadySeconds")


def test_status_is_ignored_when_reset() -> None:
    config = manifest()
    config["status"] = {"replicas": 9}
    created = apply(None, config, reset_fields=("status",))
    assert "f:status" not in entry(created, "kubectl")["fieldsV1"]


def test_status_subresource_apply_is_its_own_entry() -> None:
    live = persisted(apply(None, manifest()))
    status = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"}}
    status["status"] = {"replicas": 2, "availableReplicas": 2}
    result = apply(live, status, "controller", subresource="status", now=T2)
    own = entry(result, "controller")
    assert own["subresource"] == "status"
    assert own["fieldsV1"] == {"f:status": {"f:availableReplicas": {}, "f:replicas": {}}}


def test_service_ports_keyed_by_port_and_default_protocol() -> None:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "nginx"},
        "spec": {"ports": [{"name": "web", "port": 80}], "clusterIP": "None"},
    }
    created = fieldmanager.apply(None, service, manager="kubectl", force=False, schema=SVC, now=T1)
    ports = entry(created, "kubectl")["fieldsV1"]["f:spec"]["f:ports"]
    assert list(ports) == ['k:{"port":80,"protocol":"TCP"}']
    live = persisted(created)
    live["spec"]["ports"][0]["protocol"] = "TCP"
    live["spec"]["ports"][0]["targetPort"] = 80
    again = fieldmanager.apply(live, service, manager="kubectl", force=False, schema=SVC, now=T2)
    assert again["spec"]["ports"] == [
        {"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}
    ]


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        (
            {**manifest(), "kind": "Deployment"},
            errors.BadRequest,
            "invalid object type: apps/v1, Kind=Deployment",
        ),
        (
            {**manifest(), "apiVersion": "v1"},
            errors.BadRequest,
            "invalid object type: /v1, Kind=StatefulSet",
        ),
        ({"kind": "StatefulSet"}, errors.BadRequest, "invalid object type"),
        (
            {**manifest(), "metadata": {"name": "web", "managedFields": []}},
            errors.BadRequest,
            "metadata.managedFields must be nil",
        ),
    ],
)
def test_config_errors(config: Object, error: type[errors.ApiError], message: str) -> None:
    with pytest.raises(error, match=message):
        apply(None, config)


def test_duplicate_list_keys_fail_like_upstream() -> None:
    config = manifest()
    containers = config["spec"]["template"]["spec"]["containers"]
    containers.append(copy.deepcopy(containers[0]))
    containers.append({"image": "x"})
    with pytest.raises(errors.BadRequest) as raised:
        apply(None, config)
    assert raised.value.message == (
        "failed to create typed patch object (default/web; apps/v1, Kind=StatefulSet): errors:\n"
        '  .spec.template.spec.containers: duplicate entries for key [name="nginx"]\n'
        "  .spec.template.spec.containers: element 2: associative list with keys has an element "
        'that omits all key fields ["name"] (and doesn\'t have default values for any key fields)'
    )


def test_schema_may_be_left_to_the_config() -> None:
    created = fieldmanager.apply(None, manifest(), manager="m", force=False, schema=None, now=T1)
    assert owns(created, "m", 'f:spec|f:template|f:spec|f:containers|k:{"name":"nginx"}')


def test_conflicts_name_the_subresource() -> None:
    live = persisted(apply(None, manifest(), "kubectl"))
    scaled = copy.deepcopy(live)
    scaled["spec"]["replicas"] = 5
    scaled["metadata"]["managedFields"] = fieldmanager.record_update(
        live, scaled, manager="kubectl-scale", subresource="scale", now=T2
    )
    with pytest.raises(errors.Conflict) as raised:
        apply(scaled, manifest(), "kubectl")
    assert raised.value.message == (
        'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" '
        "using apps/v1: .spec.replicas"
    )
    assert not owns(scaled, "kubectl", "f:spec|f:replicas")
    forced = apply(scaled, manifest(), "kubectl", force=True, now=T3)
    assert forced["spec"]["replicas"] == 2
    assert [e["manager"] for e in forced["metadata"]["managedFields"]] == ["kubectl"]
