"""`kubectl wait` (jsonpath, delete, create, timeouts) and `kubectl delete --wait`: each is a
list + watch on one object by `metadata.name`, so they exercise watches that start at the
list's resourceVersion and deliver the event kubectl is waiting for.

An object held by a finalizer stays after a background delete (with a deletionTimestamp) until
the finalizer is removed; that is how these tests keep a deletion pending while kubectl waits.
"""

from __future__ import annotations

import re
import subprocess
import time

import pytest

from stead.testing.cluster import Cluster, kubectl_binary
from tests.e2e.manifests import WEB

pytestmark = pytest.mark.e2e

HELD = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  finalizers: [example.com/hold]
"""
RELEASE = '[{"op":"remove","path":"/metadata/finalizers"}]'
DEADLINE = 10.0
KLOG = re.compile(r"[IWE]\d{4} ")
"""A log line kubectl writes at -v=6."""


class Background:
    """A kubectl command left running (with `-v=6`, to see its requests) while the test
    changes what it waits for."""

    def __init__(self, stead: Cluster, *args: str) -> None:
        command = [str(kubectl_binary()), f"--kubeconfig={stead.kubeconfig}",
                   f"--cache-dir={stead.data_dir / 'kubectl-cache'}", "-v=6", *args]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self._log = ""

    def watching(self) -> None:
        """Return once the server has answered kubectl's watch: changes made after this are
        delivered to it, not seen by its initial list."""
        assert self.process.stderr is not None
        deadline = time.monotonic() + DEADLINE
        while "watch=true" not in self._log:
            assert time.monotonic() < deadline, f"kubectl never watched: {self._log}"
            assert self.process.poll() is None, f"kubectl exited: {self._log}"
            self._log += self.process.stderr.readline()

    def finish(self) -> tuple[int, str, str]:
        """Exit code, stdout and stderr (request logs left out) once kubectl is done."""
        try:
            out, err = self.process.communicate(timeout=DEADLINE * 3)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.communicate()
        lines = (self._log + err).splitlines(keepends=True)
        return self.process.returncode, out, "".join(x for x in lines if not KLOG.match(x))


def test_wait_for_a_jsonpath_value_after_a_scale(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=WEB)
    stead.kubectl("scale", "sts", "web", *ns, "--replicas=5")
    met = stead.kubectl("wait", "--for=jsonpath={.spec.replicas}=5", "sts/web", *ns)
    assert met.stdout == "statefulset.apps/web condition met\n"
    waiting = Background(
        stead, "wait", "--for=jsonpath={.spec.replicas}=2", "sts/web", *ns, "--timeout=30s"
    )
    waiting.watching()
    stead.kubectl("scale", "sts", "web", *ns, "--replicas=2")
    assert waiting.finish() == (0, "statefulset.apps/web condition met\n", "")


def test_wait_times_out_on_a_condition_never_met(stead: Cluster, namespace: str) -> None:
    stead.kubectl("create", "-n", namespace, "-f", "-", stdin=WEB)
    started = time.monotonic()
    result = stead.kubectl(
        "wait", "--for=jsonpath={.spec.replicas}=9", "sts/web", "-n", namespace,
        "--timeout=1s", check=False,
    )  # fmt: skip
    assert time.monotonic() - started >= 1
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: timed out waiting for the condition on statefulsets/web\n"
    none = stead.kubectl(
        "wait", "--for=condition=Ready", "pods", "-l", "app=none", "-n", namespace,
        "--timeout=1s", check=False,
    )  # fmt: skip
    assert (none.returncode, none.stderr) == (1, "error: no matching resources found\n")


def test_wait_for_delete_sees_the_object_go(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=HELD)
    deleted = stead.kubectl("delete", "cm", "held", *ns, "--wait=false")
    assert deleted.stdout == f'configmap "held" deleted from {namespace} namespace\n'
    stamp = stead.kubectl("get", "cm", "held", *ns, "-o", "jsonpath={.metadata.deletionTimestamp}")
    assert stamp.stdout
    waiting = Background(stead, "wait", "--for=delete", "cm/held", *ns, "--timeout=30s")
    waiting.watching()
    stead.kubectl("patch", "cm", "held", *ns, "--type=json", "-p", RELEASE)
    assert waiting.finish() == (0, "configmap/held condition met\n", "")
    # Waiting for an object already gone succeeds at once and silently, as upstream.
    gone = stead.kubectl("wait", "--for=delete", "cm/held", *ns, "--timeout=5s")
    assert (gone.stdout, gone.stderr) == ("", "")


def test_wait_for_create(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    # kubectl polls for a create every half second rather than watching.
    waiting = Background(stead, "wait", "--for=create", "cm/later", *ns, "--timeout=30s")
    stead.kubectl("create", "configmap", "later", *ns)
    assert waiting.finish() == (0, "configmap/later condition met\n", "")


def test_delete_waits_for_finalizers(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=HELD)
    deleting = Background(stead, "delete", "cm", "held", *ns, "--timeout=30s")
    deleting.watching()
    stead.kubectl("patch", "cm", "held", *ns, "--type=json", "-p", RELEASE)
    deleted = f'configmap "held" deleted from {namespace} namespace\n'
    assert deleting.finish() == (0, deleted, "")
    missing = stead.kubectl("get", "cm", "held", *ns, check=False)
    assert missing.stderr == 'Error from server (NotFound): configmaps "held" not found\n'


def test_delete_wait_gives_up_at_its_timeout(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=HELD)
    result = stead.kubectl("delete", "cm", "held", *ns, "--timeout=1s", check=False)
    assert result.returncode == 1
    assert result.stdout == f'configmap "held" deleted from {namespace} namespace\n'
    assert result.stderr == ("error: timed out waiting for the condition on configmaps/held\n")
    stead.kubectl("patch", "cm", "held", *ns, "--type=json", "-p", RELEASE)


def test_delete_of_plain_objects(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", *ns, "-f", "-", stdin=WEB)
    for name in ("a", "b", "c"):
        stead.kubectl("create", "configmap", name, *ns)
    many = stead.kubectl("delete", "cm", "a", "b", *ns).stdout
    assert many.splitlines() == [
        f'configmap "a" deleted from {namespace} namespace',
        f'configmap "b" deleted from {namespace} namespace',
    ]
    everything = stead.kubectl("delete", "cm", "--all", *ns).stdout
    assert everything == f'configmap "c" deleted from {namespace} namespace\n'
    by_file = stead.kubectl("delete", *ns, "-f", "-", stdin=WEB).stdout
    assert by_file.splitlines() == [
        f'service "nginx" deleted from {namespace} namespace',
        f'statefulset.apps "web" deleted from {namespace} namespace',
    ]
    absent = stead.kubectl("delete", "cm", "a", *ns, check=False)
    assert absent.returncode == 1
    assert absent.stderr == 'Error from server (NotFound): configmaps "a" not found\n'
    ignored = stead.kubectl("delete", "cm", "a", *ns, "--ignore-not-found")
    assert (ignored.returncode, ignored.stdout, ignored.stderr) == (0, "", "")
