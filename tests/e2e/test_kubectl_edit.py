"""`kubectl edit` with a scripted editor (KUBE_EDITOR): a saved change, an editor that changes
nothing, and an edit the server refuses (kubectl keeps a copy and gives up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stead.testing.cluster import Cluster
from tests.e2e.manifests import WEB

pytestmark = pytest.mark.e2e


def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sed: str) -> None:
    """Point KUBE_EDITOR at a script running `sed -i <sed>` on the file kubectl opens; kubectl
    keeps refused edits under TMPDIR, so that is the test's own directory."""
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\nsed -i -e "{sed}" "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("KUBE_EDITOR", str(script))
    monkeypatch.setenv("TMPDIR", str(tmp_path))


def test_edit_changes_the_image(
    stead: Cluster, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stead.kubectl("apply", "-n", namespace, "-f", "-", stdin=WEB)
    editor(tmp_path, monkeypatch, "s/nginx-slim:0.24/nginx-slim:0.26/")
    edited = stead.kubectl("edit", "sts", "web", "-n", namespace)
    assert (edited.stdout, edited.stderr) == ("statefulset.apps/web edited\n", "")
    shown = stead.kubectl(
        "get", "sts", "web", "-n", namespace, "-o", "json", "--show-managed-fields"
    ).stdout
    sts = json.loads(shown)
    assert sts["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "registry.k8s.io/nginx-slim:0.26"
    )
    assert sts["metadata"]["generation"] == 2
    # kubectl also rewrites the last-applied annotation inside the same patch, so a later
    # `apply` of the old manifest sees the edit as a change to undo.
    last_applied = json.loads(
        sts["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    )
    assert last_applied["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":0.26")
    assert "kubectl-edit" in {entry["manager"] for entry in sts["metadata"]["managedFields"]}


def test_edit_adds_a_label(
    stead: Cluster, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stead.kubectl("create", "configmap", "settings", "-n", namespace, "--from-literal=a=1")
    editor(
        tmp_path, monkeypatch, r"s/^  name: settings$/  name: settings\n  labels:\n    tier: db/"
    )
    edited = stead.kubectl("edit", "configmap", "settings", "-n", namespace)
    assert edited.stdout == "configmap/settings edited\n"
    labels = stead.kubectl(
        "get", "cm", "settings", "-n", namespace, "-o", "jsonpath={.metadata.labels}"
    ).stdout
    assert json.loads(labels) == {"tier": "db"}


def test_an_unchanged_file_cancels_the_edit(
    stead: Cluster, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stead.kubectl("create", "configmap", "settings", "-n", namespace)
    before = stead.kubectl("get", "cm", "settings", "-n", namespace, "-o", "json").stdout
    editor(tmp_path, monkeypatch, "s/no such text//")
    result = stead.kubectl("edit", "configmap", "settings", "-n", namespace)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "Edit cancelled, no changes made.\n"
    after = stead.kubectl("get", "cm", "settings", "-n", namespace, "-o", "json").stdout
    assert after == before


def test_an_invalid_edit_is_kept_and_abandoned(
    stead: Cluster, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server refuses the edit with 422; kubectl reopens the file with the errors on top,
    the editor leaves it as it was, so kubectl saves a copy and exits 1."""
    stead.kubectl("create", "-n", namespace, "-f", "-", stdin=WEB)
    editor(tmp_path, monkeypatch, "s/replicas: 3/replicas: -5/")
    result = stead.kubectl("edit", "sts", "web", "-n", namespace, check=False)
    assert (result.returncode, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    copy = lines[1].removeprefix("A copy of your changes has been stored to ").strip('"')
    assert Path(copy).parent == tmp_path
    assert lines == [
        'error: statefulsets.apps "web" is invalid',
        f'A copy of your changes has been stored to "{copy}"',
        "error: Edit cancelled, no valid changes were saved.",
    ]
    assert Path(copy).read_text().splitlines()[:7] == [
        "# Please edit the object below. Lines beginning with a '#' will be ignored,",
        "# and an empty file will abort the edit. If an error occurs while saving this file "
        "will be",
        "# reopened with the relevant failures.",
        "#",
        '# statefulsets.apps "web" was not valid:',
        "# * spec.replicas: Invalid value: -5: must be greater than or equal to 0",
        "#",
    ]
    replicas = stead.kubectl(
        "get", "sts", "web", "-n", namespace, "-o", "jsonpath={.spec.replicas}"
    )
    assert replicas.stdout == "3"


def test_an_edit_of_an_immutable_field_is_refused(
    stead: Cluster, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stead.kubectl("create", "-n", namespace, "-f", "-", stdin=WEB)
    editor(tmp_path, monkeypatch, "s/serviceName: nginx/serviceName: other/")
    result = stead.kubectl("edit", "sts", "web", "-n", namespace, check=False)
    assert result.returncode == 1
    copy = result.stderr.splitlines()[1].removeprefix("A copy of your changes has been stored to ")
    saved = Path(copy.strip('"')).read_text().splitlines()
    assert saved[4:7] == [
        '# statefulsets.apps "web" was not valid:',
        "# * spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
        "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        "#",
    ]
