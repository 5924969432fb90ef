"""Commands that change objects or preview a change: diff, server-side dry runs, replace,
label and annotate (overwrite, removal), the three patch types on kinds other than the
StatefulSet, plus `kubectl events`, describe's Events section and `auth whoami`."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from stead.testing.cluster import Cluster
from tests.e2e import manifests
from tests.e2e.output import cells, table

pytestmark = pytest.mark.e2e


def _sts_json(stead: Cluster, namespace: str) -> dict[str, Any]:
    out = stead.kubectl("get", "sts", "web", "-n", namespace, "-o", "json").stdout
    obj: dict[str, Any] = json.loads(out)
    return obj


def test_diff_reports_changes_with_exit_code(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("apply", *ns, "-f", "-", stdin=manifests.WEB)
    same = stead.kubectl("diff", *ns, "-f", "-", stdin=manifests.WEB, check=False)
    assert (same.returncode, same.stdout, same.stderr) == (0, "", "")
    changed = manifests.WEB.replace("replicas: 3", "replicas: 4")
    before = _sts_json(stead, namespace)
    diff = stead.kubectl("diff", *ns, "-f", "-", stdin=changed, check=False)
    assert (diff.returncode, diff.stderr) == (1, "")
    lines = diff.stdout.splitlines()
    assert re.fullmatch(r"diff -u -N \S+/apps\.v1\.StatefulSet\.\S+\.web \S+", lines[0])
    changes = [line for line in lines[3:] if line[:1] in "+-"]
    # The server's dry run bumps the generation it would write. kubectl diff leaves the
    # last-applied annotation out of its patch, so nothing else changes.
    assert changes == ["-  generation: 1", "+  generation: 2", "-  replicas: 3", "+  replicas: 4"]
    assert _sts_json(stead, namespace) == before
    missing = manifests.KIND_CONFIG_MAP
    added = stead.kubectl("diff", *ns, "-f", "-", stdin=missing, check=False)
    assert added.returncode == 1
    assert "+  name: settings" in added.stdout.splitlines()


def test_server_dry_runs_store_nothing(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    created = stead.kubectl("create", *ns, "-f", "-", "--dry-run=server", stdin=manifests.WEB)
    assert created.stdout.splitlines() == [
        "service/nginx created (server dry run)",
        "statefulset.apps/web created (server dry run)",
    ]
    empty = stead.kubectl("get", "svc,sts", *ns)
    assert (empty.stdout, empty.stderr) == ("", f"No resources found in {namespace} namespace.\n")
    preview = stead.kubectl(
        "create", "configmap", "x", *ns, "--dry-run=server", "-o", "json"
    ).stdout
    meta = json.loads(preview)["metadata"]
    # A dry-run create is fully prepared (uid, creation time) but gets no resourceVersion.
    assert set(meta) == {"name", "namespace", "uid", "creationTimestamp"}

    server_side = stead.kubectl(
        "apply", "--server-side", "--dry-run=server", *ns, "-f", "-", stdin=manifests.WEB
    ).stdout
    assert server_side.splitlines() == [
        "service/nginx serverside-applied (server dry run)",
        "statefulset.apps/web serverside-applied (server dry run)",
    ]
    assert stead.kubectl("get", "svc,sts", *ns).stdout == ""

    stead.kubectl("apply", *ns, "-f", "-", stdin=manifests.WEB)
    before = _sts_json(stead, namespace)
    bigger = manifests.WEB.replace("replicas: 3", "replicas: 7")
    applied = stead.kubectl("apply", *ns, "-f", "-", "--dry-run=server", stdin=bigger)
    assert applied.stdout.splitlines() == [
        "service/nginx unchanged (server dry run)",
        "statefulset.apps/web configured (server dry run)",
    ]
    deleted = stead.kubectl("delete", "sts", "web", *ns, "--dry-run=server").stdout
    assert deleted == (
        f'statefulset.apps "web" deleted from {namespace} namespace (server dry run)\n'
    )
    assert _sts_json(stead, namespace) == before


def test_replace(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.WEB)
    live = stead.kubectl("get", "sts", "web", *ns, "-o", "yaml").stdout
    smaller = live.replace("replicas: 3", "replicas: 2")
    assert stead.kubectl("replace", "-f", "-", stdin=smaller).stdout == (
        "statefulset.apps/web replaced\n"
    )
    replicas = stead.kubectl("get", "sts", "web", *ns, "-o", "jsonpath={.spec.replicas}")
    assert replicas.stdout == "2"
    stale = stead.kubectl("replace", "-f", "-", stdin=smaller, check=False)
    assert stale.returncode == 1
    assert stale.stderr == (
        'Error from server (Conflict): error when replacing "STDIN": Operation cannot be '
        'fulfilled on statefulsets.apps "web": the object has been modified; please apply your '
        "changes to the latest version and try again\n"
    )
    # Without a resourceVersion the replace is unconditional.
    fresh = manifests.WEB.split("---\n")[1].replace("replicas: 3", "replicas: 6")
    assert stead.kubectl("replace", *ns, "-f", "-", stdin=fresh).stdout == (
        "statefulset.apps/web replaced\n"
    )
    forced = stead.kubectl("replace", "--force", *ns, "-f", "-", stdin=fresh).stdout
    assert forced.splitlines() == [
        f'statefulset.apps "web" deleted from {namespace} namespace',
        "statefulset.apps/web replaced",
    ]
    assert _sts_json(stead, namespace)["metadata"]["generation"] == 1


def test_label_and_annotate(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "settings", *ns)
    cm = ["configmap", "settings", *ns]
    assert stead.kubectl("label", *cm, "tier=db").stdout == "configmap/settings labeled\n"
    clash = stead.kubectl("label", *cm, "tier=web", check=False)
    assert (clash.returncode, clash.stderr) == (
        1,
        "error: 'tier' already has a value (db), and --overwrite is false\n",
    )
    over = stead.kubectl("label", *cm, "tier=web", "--overwrite").stdout
    assert over == "configmap/settings labeled\n"
    same = stead.kubectl("label", *cm, "tier=web", "--overwrite").stdout
    assert same == "configmap/settings not labeled\n"
    assert stead.kubectl("label", *cm, "tier-").stdout == "configmap/settings unlabeled\n"
    bad = stead.kubectl("label", *cm, "Bad Key=x", check=False)
    assert bad.returncode == 1

    note = stead.kubectl("annotate", *cm, "description=my app").stdout
    assert note == "configmap/settings annotated\n"
    clash = stead.kubectl("annotate", *cm, "description=other", check=False)
    assert clash.stderr == (
        "error: --overwrite is false but found the following declared annotation(s): "
        "'description' already has a value (my app)\n"
    )
    stead.kubectl("annotate", *cm, "description=other", "--overwrite")
    annotations = stead.kubectl(
        "get", *cm, "-o", "jsonpath={.metadata.annotations.description}"
    ).stdout
    assert annotations == "other"
    assert stead.kubectl("annotate", *cm, "description-").stdout == (
        "configmap/settings annotated\n"
    )
    final = json.loads(stead.kubectl("get", *cm, "-o", "json").stdout)["metadata"]
    assert "labels" not in final
    assert "annotations" not in final
    # kubectl checks label syntax itself; a patch reaches the server's validation.
    long_value = json.dumps({"metadata": {"labels": {"a": "x" * 64}}})
    invalid = stead.kubectl("patch", *cm, "--type=merge", "-p", long_value, check=False)
    assert invalid.returncode == 1
    assert invalid.stderr == (
        f'The ConfigMap "settings" is invalid: metadata.labels: Invalid value: "{"x" * 64}": '
        "must be no more than 63 bytes\n"
    )


def test_patch_types_on_a_service_and_a_config_map(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.KIND_CLUSTER_IP_SERVICE)
    svc = ["svc", "front", *ns]
    # Strategic: ports merge by port number, so a new port joins the old one. Upstream's merge
    # puts the patch's items first unless the live list already ordered them.
    port = '{"spec":{"ports":[{"port":443,"name":"https","targetPort":8443}]}}'
    assert stead.kubectl("patch", *svc, "-p", port).stdout == "service/front patched\n"
    ports = stead.kubectl("get", *svc, "-o", "jsonpath={.spec.ports[*].port}").stdout
    assert ports == "443 80"
    # Merge: the list is replaced wholesale.
    only = '{"spec":{"ports":[{"port":8080,"name":"alt","protocol":"TCP","targetPort":80}]}}'
    stead.kubectl("patch", *svc, "--type=merge", "-p", only)
    ports = stead.kubectl("get", *svc, "-o", "jsonpath={.spec.ports[*].port}").stdout
    assert ports == "8080"
    row = table(stead.kubectl("get", *svc).stdout)[0]
    assert row["PORT(S)"] == "8080/TCP"

    stead.kubectl("create", "configmap", "settings", *ns, "--from-literal=k=v")
    cm = ["cm", "settings", *ns]
    guarded = (
        '[{"op":"test","path":"/data/k","value":"v"},{"op":"replace","path":"/data/k","value":"w"}]'
    )
    assert stead.kubectl("patch", *cm, "--type=json", "-p", guarded).stdout == (
        "configmap/settings patched\n"
    )
    failed = stead.kubectl("patch", *cm, "--type=json", "-p", guarded, check=False)
    assert (failed.returncode, failed.stderr) == (
        1,
        "The request is invalid: the server rejected our request due to an error in our request\n",
    )
    stale = stead.kubectl(
        "patch", *cm, "--type=merge", "-p", '{"metadata":{"resourceVersion":"1"}}', check=False
    )
    assert stale.stderr == (
        'Error from server (Conflict): Operation cannot be fulfilled on configmaps "settings": '
        "the object has been modified; please apply your changes to the latest version and try "
        "again\n"
    )
    immutable = stead.kubectl(
        "patch", *svc, "--type=merge", "-p", '{"spec":{"clusterIP":"10.96.1.1"}}', check=False
    )
    assert immutable.returncode == 1
    assert immutable.stderr.startswith('The Service "front" is invalid: spec.clusterIPs[0]: ')


EVENT = """\
apiVersion: v1
kind: Event
metadata:
  name: myapp.{suffix}
involvedObject:
  apiVersion: v1
  kind: Pod
  name: myapp
  namespace: {namespace}
  uid: {uid}
reason: {reason}
message: {message}
type: {type}
source:
  component: {component}
count: {count}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "{last}"
"""


def test_events_of_a_pod(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.KIND_POD)
    uid = stead.kubectl("get", "pod", "myapp", *ns, "-o", "jsonpath={.metadata.uid}").stdout
    common = {"namespace": namespace, "uid": uid}
    stead.kubectl("create", *ns, "-f", "-", stdin=EVENT.format(
        suffix="a", reason="Scheduled", message=f"Successfully assigned {namespace}/myapp",
        type="Normal", component="default-scheduler", count=1, last="2026-01-01T00:00:00Z",
        **common,
    ))  # fmt: skip
    stead.kubectl("create", *ns, "-f", "-", stdin=EVENT.format(
        suffix="b", reason="BackOff", message="Back-off pulling image", type="Warning",
        component="kubelet", count=4, last="2026-01-02T00:00:00Z", **common,
    ))  # fmt: skip

    described = stead.kubectl("describe", "pod", "myapp", *ns).stdout
    tail = described[described.index("Events:") :].splitlines()
    assert tail[:3] == [
        "Events:",
        "  Type     Reason     Age                  From               Message",
        "  ----     ------     ----                 ----               -------",
    ]
    assert re.fullmatch(
        r"  Normal   Scheduled  \d+d                 default-scheduler  "
        rf"Successfully assigned {namespace}/myapp",
        tail[3],
    )
    assert re.fullmatch(
        r"  Warning  BackOff    \d+d \(x4 over \d+d\)  kubelet            Back-off pulling image",
        tail[4],
    )

    listed = table(stead.kubectl("events", *ns).stdout)
    assert [cells(row)[1:] for row in listed] == [
        [("TYPE", "Normal"), ("REASON", "Scheduled"), ("OBJECT", "Pod/myapp"),
         ("MESSAGE", f"Successfully assigned {namespace}/myapp")],
        [("TYPE", "Warning"), ("REASON", "BackOff"), ("OBJECT", "Pod/myapp"),
         ("MESSAGE", "Back-off pulling image")],
    ]  # fmt: skip
    assert re.fullmatch(r"\d+d", listed[0]["LAST SEEN"])
    assert re.fullmatch(r"\d+d \(x4 over \d+d\)", listed[1]["LAST SEEN"])
    warnings = stead.kubectl("events", *ns, "--types=Warning", "--for", "pod/myapp").stdout
    assert [row["REASON"] for row in table(warnings)] == ["BackOff"]
    by_field = stead.kubectl(
        "get", "events", *ns, "--field-selector", "type=Warning,involvedObject.kind=Pod",
        "-o", "name",
    ).stdout  # fmt: skip
    assert by_field == "event/myapp.b\n"


def test_auth_whoami_and_create_namespace(stead: Cluster) -> None:
    whoami = stead.kubectl("auth", "whoami").stdout.splitlines()
    assert whoami[0].split() == ["ATTRIBUTE", "VALUE"]
    assert whoami[1].split() == ["Username", "stead-admin"]
    assert whoami[2].split()[0] == "UID"
    assert whoami[3].split(maxsplit=1) == ["Groups", "[system:masters system:authenticated]"]
    review = json.loads(stead.kubectl("auth", "whoami", "-o", "json").stdout)
    assert (review["kind"], review["apiVersion"]) == (
        "SelfSubjectReview",
        "authentication.k8s.io/v1",
    )
    assert review["status"]["userInfo"]["username"] == "stead-admin"
    created = stead.kubectl("create", "namespace", "changes-ns")
    assert created.stdout == "namespace/changes-ns created\n"
    again = stead.kubectl("create", "namespace", "changes-ns", check=False)
    assert (
        again.stderr
        == 'Error from server (AlreadyExists): namespaces "changes-ns" already exists\n'
    )
    invalid = stead.kubectl("create", "namespace", "Bad_Name", check=False)
    assert invalid.stderr == (
        'The Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a '
        "lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
        "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
        "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"
    )
