"""The real kubectl 1.37 against a real `stead up`: the commands of the seeds' walkthroughs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stead.testing.cluster import Cluster
from tests.e2e.conftest import manifest
from tests.e2e.manifests import NO_SELECTOR, WEB

pytestmark = pytest.mark.e2e


def test_version_and_discovery(stead: Cluster) -> None:
    version = json.loads(stead.kubectl("version", "-o", "json").stdout)
    assert version["serverVersion"]["major"] == "1"
    assert version["serverVersion"]["minor"] == "37"
    resources = stead.kubectl("api-resources").stdout
    sts_line = next(line for line in resources.splitlines() if line.startswith("statefulsets"))
    assert sts_line.split() == ["statefulsets", "sts", "apps/v1", "true", "StatefulSet"]
    assert any(line.split()[:1] == ["pods"] for line in resources.splitlines())


def test_anonymous_requests_are_refused(stead: Cluster) -> None:
    with stead.http() as client:
        client.headers.pop("Authorization")
        answer = client.get("/api/v1/namespaces")
    assert answer.status_code == 401
    assert answer.json()["reason"] == "Unauthorized"


def test_apply_creates_then_updates_then_is_unchanged(
    stead: Cluster, namespace: str, tmp_path: Path
) -> None:
    path = manifest(tmp_path, WEB)
    first = stead.kubectl("apply", "-n", namespace, "-f", path).stdout
    assert first.splitlines() == ["service/nginx created", "statefulset.apps/web created"]
    before = stead.kubectl("get", "sts", "web", "-n", namespace, "-o", "json").stdout
    again = stead.kubectl("apply", "-n", namespace, "-f", path).stdout
    # kubectl replaces the atomic volumeClaimTemplates list whenever the live templates carry
    # server defaults (as on a real cluster it prints "configured"), but the server finds
    # nothing changed: the resourceVersion does not move.
    assert again.splitlines() == ["service/nginx unchanged", "statefulset.apps/web configured"]
    after = stead.kubectl("get", "sts", "web", "-n", namespace, "-o", "json").stdout
    assert json.loads(after)["metadata"] == json.loads(before)["metadata"]
    changed = manifest(tmp_path, WEB.replace("nginx-slim:0.24", "nginx-slim:0.25"))
    third = stead.kubectl("apply", "-n", namespace, "-f", changed).stdout
    assert third.splitlines() == ["service/nginx unchanged", "statefulset.apps/web configured"]
    image = stead.kubectl(
        "get", "sts", "web", "-n", namespace,
        "-o", "jsonpath={.spec.template.spec.containers[0].image}",
    ).stdout  # fmt: skip
    assert image == "registry.k8s.io/nginx-slim:0.25"


def test_statefulset_defaults_are_visible(stead: Cluster, namespace: str, tmp_path: Path) -> None:
    stead.kubectl("create", "-n", namespace, "-f", manifest(tmp_path, WEB))
    sts = json.loads(stead.kubectl("get", "sts", "web", "-n", namespace, "-o", "json").stdout)
    spec = sts["spec"]
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"partition": 0, "maxUnavailable": 1},
    }
    assert spec["revisionHistoryLimit"] == 10
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Retain",
        "whenScaled": "Retain",
    }
    container = spec["template"]["spec"]["containers"][0]
    assert container["ports"][0]["protocol"] == "TCP"
    assert container["imagePullPolicy"] == "IfNotPresent"
    assert sts["metadata"]["generation"] == 1
    assert sts["metadata"]["uid"]


def test_create_twice_reports_already_exists(
    stead: Cluster, namespace: str, tmp_path: Path
) -> None:
    path = manifest(tmp_path, WEB)
    stead.kubectl("create", "-n", namespace, "-f", path)
    again = stead.kubectl("create", "-n", namespace, "-f", path, check=False)
    assert again.returncode == 1
    assert (
        f'Error from server (AlreadyExists): error when creating "{path}": '
        'services "nginx" already exists'
    ) in again.stderr


def test_invalid_statefulset_is_refused_with_upstream_messages(
    stead: Cluster, namespace: str, tmp_path: Path
) -> None:
    result = stead.kubectl(
        "create", "-n", namespace, "-f", manifest(tmp_path, NO_SELECTOR), check=False
    )
    assert result.returncode == 1
    assert 'The StatefulSet "broken" is invalid:' in result.stderr
    assert "* spec.replicas: Invalid value: -1: must be greater than or equal to 0" in result.stderr
    assert "* spec.selector: Required value" in result.stderr
    listed = stead.kubectl("get", "sts", "-n", namespace, check=False)
    assert "No resources found" in listed.stderr


def test_get_prints_upstream_columns(stead: Cluster, namespace: str, tmp_path: Path) -> None:
    stead.kubectl("create", "-n", namespace, "-f", manifest(tmp_path, WEB))
    table = stead.kubectl("get", "sts", "-n", namespace).stdout.splitlines()
    assert table[0].split() == ["NAME", "READY", "AGE"]
    assert table[1].split()[:2] == ["web", "0/3"]
    wide = stead.kubectl("get", "sts", "-n", namespace, "-o", "wide").stdout.splitlines()
    assert wide[0].split() == ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]
    assert wide[1].split()[-2:] == ["nginx", "registry.k8s.io/nginx-slim:0.24"]
    services = stead.kubectl("get", "svc", "nginx", "-n", namespace).stdout.splitlines()
    assert services[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert services[1].split()[:5] == ["nginx", "ClusterIP", "None", "<none>", "80/TCP"]
    empty = stead.kubectl("get", "pods", "-n", namespace)
    assert empty.stdout == ""
    assert empty.stderr.strip() == f"No resources found in {namespace} namespace."


def test_patch_label_annotate_scale(stead: Cluster, namespace: str, tmp_path: Path) -> None:
    stead.kubectl("create", "-n", namespace, "-f", manifest(tmp_path, WEB))
    sts = ["sts", "web", "-n", namespace]
    strategic = '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'
    out = stead.kubectl("patch", *sts, "-p", strategic).stdout
    assert out.strip() == "statefulset.apps/web patched"
    same = stead.kubectl("patch", *sts, "-p", strategic).stdout
    assert same.strip() == "statefulset.apps/web patched (no change)"
    merge = '{"spec":{"minReadySeconds":5}}'
    stead.kubectl("patch", *sts, "--type=merge", "-p", merge)
    jsonpatch = '[{"op":"replace","path":"/spec/replicas","value":4}]'
    stead.kubectl("patch", *sts, "--type=json", "-p", jsonpatch)
    stead.kubectl("label", *sts, "tier=db")
    stead.kubectl("annotate", *sts, "description=my app")
    scaled = stead.kubectl("scale", *sts, "--replicas=2").stdout
    assert scaled.strip() == "statefulset.apps/web scaled"
    shown = stead.kubectl("get", *sts, "-o", "json", "--show-managed-fields").stdout
    got = json.loads(shown)
    assert got["spec"]["updateStrategy"]["rollingUpdate"]["partition"] == 2
    assert got["spec"]["minReadySeconds"] == 5
    assert got["spec"]["replicas"] == 2
    assert got["metadata"]["labels"] == {"tier": "db"}
    assert got["metadata"]["annotations"]["description"] == "my app"
    assert got["metadata"]["generation"] == 5
    managers = {entry["manager"] for entry in got["metadata"]["managedFields"]}
    assert {"kubectl-create", "kubectl-patch", "kubectl-label", "kubectl-annotate"} <= managers


def test_server_side_apply(stead: Cluster, namespace: str, tmp_path: Path) -> None:
    path = manifest(tmp_path, WEB)
    out = stead.kubectl("apply", "--server-side", "-n", namespace, "-f", path).stdout
    assert out.splitlines() == [
        "service/nginx serverside-applied",
        "statefulset.apps/web serverside-applied",
    ]
    stead.kubectl("scale", "sts", "web", "-n", namespace, "--replicas=5")
    conflict = stead.kubectl("apply", "--server-side", "-n", namespace, "-f", path, check=False)
    assert conflict.returncode == 1
    assert "conflict" in conflict.stderr.lower()
    forced = stead.kubectl(
        "apply", "--server-side", "--force-conflicts", "-n", namespace, "-f", path
    )
    assert "statefulset.apps/web serverside-applied" in forced.stdout


def test_delete_with_wait(stead: Cluster, namespace: str, tmp_path: Path) -> None:
    stead.kubectl("create", "-n", namespace, "-f", manifest(tmp_path, WEB))
    out = stead.kubectl("delete", "sts", "web", "-n", namespace).stdout
    assert out.strip() == f'statefulset.apps "web" deleted from {namespace} namespace'
    missing = stead.kubectl("get", "sts", "web", "-n", namespace, check=False)
    assert missing.returncode == 1
    assert 'Error from server (NotFound): statefulsets.apps "web" not found' in missing.stderr


def test_explain(stead: Cluster) -> None:
    out = stead.kubectl("explain", "statefulset.spec.updateStrategy").stdout
    assert "GROUP:      apps" in out
    assert "KIND:       StatefulSet" in out
    assert "rollingUpdate" in out
    assert "partition" not in out or "RollingUpdateStatefulSetStrategy" in out


def test_auth_commands(stead: Cluster) -> None:
    assert stead.kubectl("auth", "can-i", "create", "pods").stdout.strip() == "yes"
    whoami = stead.kubectl("auth", "whoami").stdout
    assert "stead-admin" in whoami


def test_create_namespace_and_configmap_use_protobuf_bodies(stead: Cluster) -> None:
    assert stead.kubectl("create", "namespace", "pb-test").stdout.strip() == (
        "namespace/pb-test created"
    )
    out = stead.kubectl("create", "configmap", "c", "-n", "pb-test", "--from-literal=a=b").stdout
    assert out.strip() == "configmap/c created"
    data = stead.kubectl("get", "cm", "c", "-n", "pb-test", "-o", "jsonpath={.data.a}").stdout
    assert data == "b"
    labels = json.loads(stead.kubectl("get", "ns", "pb-test", "-o", "json").stdout)
    assert labels["metadata"]["labels"] == {"kubernetes.io/metadata.name": "pb-test"}
