"""`kubectl get` beyond the default table: output formats, sorting, paging, selectors, all
namespaces, label columns and `get all`, with the requests kubectl makes checked where the
server's answer decides the output (`includeObject=Object`, `continue` tokens)."""

from __future__ import annotations

import json
import re

import pytest

from stead.testing.cluster import Cluster
from tests.e2e import manifests
from tests.e2e.output import cells, table

pytestmark = pytest.mark.e2e


def _config_maps(stead: Cluster, namespace: str) -> None:
    """Three ConfigMaps created out of name order, labelled tier/env in different ways."""
    for name, labels in (("b", "tier=web env=dev"), ("a", "tier=db env=prod"), ("c", "")):
        stead.kubectl("create", "configmap", name, "-n", namespace, f"--from-literal=k={name}")
        if labels:
            stead.kubectl("label", "configmap", name, "-n", namespace, *labels.split())


def _requests(stderr: str) -> list[str]:
    """The URLs kubectl -v=6 logged, without scheme and host."""
    return [
        re.sub(r"^https://[^/]+", "", url)
        for url in re.findall(r'url="([^"]+)" status="200 OK"', stderr)
    ]


def test_output_formats(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    ns = ["-n", namespace]
    names = stead.kubectl("get", "cm", *ns, "-o", "name").stdout
    assert names.splitlines() == ["configmap/a", "configmap/b", "configmap/c"]
    path = '{range .items[*]}{.metadata.name}={.data.k}{"\\n"}{end}'
    assert stead.kubectl("get", "cm", *ns, "-o", f"jsonpath={path}").stdout == "a=a\nb=b\nc=c\n"
    one = stead.kubectl("get", "cm", "b", *ns, "-o", "jsonpath={.metadata.labels.tier}").stdout
    assert one == "web"
    columns = "NAME:.metadata.name,TIER:.metadata.labels.tier,KEY:.data.k"
    custom = stead.kubectl("get", "cm", *ns, "-o", f"custom-columns={columns}").stdout
    assert custom.splitlines() == [
        "NAME   TIER     KEY",
        "a      db       a",
        "b      web      b",
        "c      <none>   c",
    ]
    as_json = json.loads(stead.kubectl("get", "cm", *ns, "-o", "json").stdout)
    assert as_json["kind"] == "List"
    assert [item["kind"] for item in as_json["items"]] == ["ConfigMap"] * 3
    no_headers = stead.kubectl("get", "cm", *ns, "--no-headers").stdout.splitlines()
    assert [line.split()[:2] for line in no_headers] == [["a", "1"], ["b", "1"], ["c", "1"]]


def test_sort_by_asks_for_whole_objects(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    by_name = stead.kubectl("get", "cm", "-n", namespace, "--sort-by=.metadata.name", "-v=6")
    assert [row["NAME"] for row in table(by_name.stdout)] == ["a", "b", "c"]
    assert _requests(by_name.stderr) == [
        f"/api/v1/namespaces/{namespace}/configmaps?includeObject=Object"
    ]
    # resourceVersions compare naturally ("9" < "10"): the order of the last writes.
    by_version = stead.kubectl("get", "cm", "-n", namespace, "--sort-by=.metadata.resourceVersion")
    assert [row["NAME"] for row in table(by_version.stdout)] == ["b", "a", "c"]
    by_label = stead.kubectl("get", "cm", "-n", namespace, "--sort-by=.metadata.labels.tier")
    assert [row["NAME"] for row in table(by_label.stdout)] == ["c", "a", "b"]


def test_chunks_follow_continue_tokens(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    whole = stead.kubectl("get", "cm", "-n", namespace).stdout
    paged = stead.kubectl("get", "cm", "-n", namespace, "--chunk-size=1", "-v=6")
    # One header, the rows of every page under it, as without paging.
    assert [cells(row) for row in table(paged.stdout)] == [cells(row) for row in table(whole)]
    urls = _requests(paged.stderr)
    assert len(urls) == 3
    assert urls[0] == f"/api/v1/namespaces/{namespace}/configmaps?limit=1"
    assert all(re.search(r"\?continue=[^&]+&limit=1$", url) for url in urls[1:])
    names = stead.kubectl("get", "cm", "-n", namespace, "--chunk-size=2", "-o", "name").stdout
    assert names.splitlines() == ["configmap/a", "configmap/b", "configmap/c"]


SELECTIONS = [
    ("tier=db", ["a"]),
    ("tier==web", ["b"]),
    ("tier!=db", ["b", "c"]),
    ("tier in (db,web)", ["a", "b"]),
    ("tier notin (db)", ["b", "c"]),
    ("tier", ["a", "b"]),
    ("!tier", ["c"]),
    ("tier in (db,web),env!=dev", ["a"]),
]


def test_label_selectors(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    for selector, expected in SELECTIONS:
        selected = stead.kubectl("get", "cm", "-n", namespace, "-l", selector, "-o", "name")
        assert selected.stdout.splitlines() == [f"configmap/{name}" for name in expected], selector


def test_selector_errors_and_empty_results(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    ns = ["-n", namespace]
    nothing = stead.kubectl("get", "cm", *ns, "-l", "tier=none")
    assert (nothing.stdout, nothing.stderr) == (
        "",
        f"No resources found in {namespace} namespace.\n",
    )
    broken = stead.kubectl("get", "cm", *ns, "-l", "tier in (db", check=False)
    assert broken.returncode == 1
    assert broken.stderr == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match '
        'label selector "tier in (db", field selector "": unable to parse requirement: '
        "found '', expected: ',' or ')'\n"
    )
    unknown = stead.kubectl("get", "cm", *ns, "--field-selector", "data.k=a", check=False)
    assert unknown.returncode == 1
    assert unknown.stderr == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match '
        'label selector "", field selector "data.k=a": "data.k" is not a known field selector: '
        'only "metadata.name", "metadata.namespace"\n'
    )


def test_field_selectors(stead: Cluster, namespace: str) -> None:
    _config_maps(stead, namespace)
    ns = ["-n", namespace, "-o", "name"]
    only_a = stead.kubectl("get", "cm", *ns, "--field-selector", "metadata.name=a").stdout
    assert only_a == "configmap/a\n"
    not_a = stead.kubectl("get", "cm", *ns, "--field-selector", "metadata.name!=a").stdout
    assert not_a.splitlines() == ["configmap/b", "configmap/c"]
    both = stead.kubectl(
        "get", "cm", *ns, "--field-selector", f"metadata.namespace={namespace},metadata.name=b",
        "-l", "env=dev",
    ).stdout  # fmt: skip
    assert both == "configmap/b\n"
    stead.kubectl("create", "-n", namespace, "-f", "-", stdin=manifests.KIND_SECRET)
    typed = stead.kubectl("get", "secrets", *ns, "--field-selector", "type=Opaque").stdout
    assert typed == "secret/creds\n"


def test_all_namespaces_and_label_columns(stead: Cluster, namespace: str) -> None:
    other = f"{namespace}-b"
    stead.kubectl("create", "namespace", other)
    for where, name in ((namespace, "one"), (other, "two")):
        stead.kubectl("create", "configmap", name, "-n", where)
        stead.kubectl("label", "configmap", name, "-n", where, f"suite={namespace}", "tier=db")
    everywhere = stead.kubectl("get", "cm", "-A", "-l", f"suite={namespace}").stdout
    # Lists come in storage key order, /registry/configmaps/<namespace>/<name>: "<ns>-b/"
    # sorts before "<ns>/" since "-" < "/", as in etcd.
    assert [cells(row) for row in table(everywhere)] == [
        [("NAMESPACE", other), ("NAME", "two"), ("DATA", "0"), ("AGE", "<age>")],
        [("NAMESPACE", namespace), ("NAME", "one"), ("DATA", "0"), ("AGE", "<age>")],
    ]
    labelled = stead.kubectl("get", "cm", "-A", "-l", f"suite={namespace}", "--show-labels").stdout
    assert [row["LABELS"] for row in table(labelled)] == [f"suite={namespace},tier=db"] * 2
    columns = stead.kubectl("get", "cm", "-n", namespace, "-L", "tier,missing").stdout
    assert [cells(row) for row in table(columns)] == [
        [("NAME", "one"), ("DATA", "0"), ("AGE", "<age>"), ("TIER", "db"), ("MISSING", "")]
    ]


def test_get_all_and_several_kinds(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.WEB)
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.KIND_POD)
    stead.kubectl("create", *ns, "-f", "-", stdin=manifests.KIND_CONFIG_MAP)
    sections = stead.kubectl("get", "all", *ns).stdout.split("\n\n")
    assert [cells(row) for row in table(sections[0])] == [
        [("NAME", "pod/myapp"), ("READY", "0/1"), ("STATUS", "Pending"), ("RESTARTS", "0"),
         ("AGE", "<age>")],
    ]  # fmt: skip
    assert [cells(row) for row in table(sections[1])] == [
        [("NAME", "service/nginx"), ("TYPE", "ClusterIP"), ("CLUSTER-IP", "None"),
         ("EXTERNAL-IP", "<none>"), ("PORT(S)", "80/TCP"), ("AGE", "<age>")],
    ]  # fmt: skip
    assert [cells(row) for row in table(sections[2])] == [
        [("NAME", "statefulset.apps/web"), ("READY", "0/3"), ("AGE", "<age>")],
    ]
    assert len(sections) == 3
    mixed = stead.kubectl("get", "cm,sts", *ns, "-o", "name").stdout
    assert mixed.splitlines() == ["configmap/settings", "statefulset.apps/web"]
    missing = stead.kubectl("get", "cm", "nope", *ns, check=False)
    assert missing.returncode == 1
    assert missing.stderr == 'Error from server (NotFound): configmaps "nope" not found\n'
