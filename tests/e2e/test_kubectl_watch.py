"""`kubectl get -w`: the list, then one row per watch event, as the changes happen.

kubectl runs as a subprocess; its output is read line by line against a deadline, and the
process is stopped at the end of each test.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from stead.testing.cluster import Cluster, kubectl_binary

pytestmark = pytest.mark.e2e

DEADLINE = 10.0


class Watcher:
    """A running `kubectl get -w -v=6`: its stdout lines taken one at a time, its stderr read
    for the moment the watch request is answered."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        assert process.stderr is not None
        self.process = process
        self._buffers = {process.stdout.fileno(): b"", process.stderr.fileno(): b""}
        self._selector = selectors.DefaultSelector()
        for stream in (process.stdout, process.stderr):
            os.set_blocking(stream.fileno(), False)
            self._selector.register(stream, selectors.EVENT_READ)

    def _take(self, fd: int, deadline: float) -> str:
        while b"\n" not in self._buffers[fd]:
            left = deadline - time.monotonic()
            assert left > 0, f"nothing from kubectl within {DEADLINE}s: {self._buffers}"
            for key, _ in self._selector.select(timeout=left):
                chunk = os.read(key.fd, 65536)
                assert chunk, f"kubectl exited ({self.process.poll()}): {self._buffers}"
                self._buffers[key.fd] += chunk
        line, _, self._buffers[fd] = self._buffers[fd].partition(b"\n")
        return line.decode()

    def line(self) -> str:
        """The next line kubectl prints; fails after DEADLINE seconds without one."""
        assert self.process.stdout is not None
        return self._take(self.process.stdout.fileno(), time.monotonic() + DEADLINE)

    def lines(self, count: int) -> list[str]:
        return [self.line() for _ in range(count)]

    def watching(self) -> None:
        """Return once the server has answered kubectl's watch request."""
        assert self.process.stderr is not None
        deadline = time.monotonic() + DEADLINE
        while "watch=true" not in self._take(self.process.stderr.fileno(), deadline):
            pass

    def stop(self) -> None:
        self._selector.close()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=DEADLINE)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def watching(stead: Cluster, *args: str) -> Iterator[Watcher]:
    command = [str(kubectl_binary()), f"--kubeconfig={stead.kubeconfig}",
               f"--cache-dir={stead.data_dir / 'kubectl-cache'}", "--request-timeout=60s",
               "-v=6", "get", "-w", *args]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watcher = Watcher(process)
    try:
        yield watcher
    finally:
        watcher.stop()


def _words(line: str) -> list[str]:
    """A table line's cells, the trailing AGE dropped (it depends on the clock)."""
    return line.split()[:-1]


def test_rows_follow_creates_updates_and_deletes(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "first", *ns, "--from-literal=a=1")
    with watching(stead, "configmaps", *ns, "--output-watch-events") as watch:
        assert _words(watch.line()) == ["EVENT", "NAME", "DATA"]
        assert _words(watch.line()) == ["ADDED", "first", "1"]
        stead.kubectl("create", "configmap", "second", *ns)
        assert _words(watch.line()) == ["ADDED", "second", "0"]
        stead.kubectl("patch", "configmap", "second", *ns, "-p", '{"data":{"x":"1","y":"2"}}')
        assert _words(watch.line()) == ["MODIFIED", "second", "2"]
        stead.kubectl("label", "configmap", "first", *ns, "tier=db")
        assert _words(watch.line()) == ["MODIFIED", "first", "1"]
        stead.kubectl("delete", "configmap", "second", *ns)
        assert _words(watch.line()) == ["DELETED", "second", "2"]


def test_plain_watch_prints_rows_without_event_column(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "first", *ns)
    with watching(stead, "cm", *ns) as watch:
        assert _words(watch.line()) == ["NAME", "DATA"]
        assert _words(watch.line()) == ["first", "0"]
        stead.kubectl("create", "configmap", "second", *ns, "--from-literal=a=1")
        stead.kubectl("delete", "configmap", "second", *ns)
        # A deletion prints the object's last state as one more row.
        assert [_words(line) for line in watch.lines(2)] == [["second", "1"], ["second", "1"]]


def test_watch_only_with_names(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "before", *ns)
    with watching(stead, "cm", *ns, "--watch-only", "-o", "name") as watch:
        watch.watching()
        stead.kubectl("create", "configmap", "after", *ns)
        stead.kubectl("delete", "configmap", "before", *ns)
        assert watch.lines(2) == ["configmap/after", "configmap/before"]


def test_watching_one_object_by_name(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "mine", *ns)
    stead.kubectl("create", "configmap", "other", *ns)
    with watching(stead, "cm", "mine", *ns, "--output-watch-events") as watch:
        assert _words(watch.line()) == ["EVENT", "NAME", "DATA"]
        assert _words(watch.line()) == ["ADDED", "mine", "0"]
        stead.kubectl("label", "configmap", "other", *ns, "ignored=yes")
        stead.kubectl("label", "configmap", "mine", *ns, "seen=yes")
        assert _words(watch.line()) == ["MODIFIED", "mine", "0"]


def test_label_selected_watch_sees_objects_enter_and_leave(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    stead.kubectl("create", "configmap", "member", *ns)
    stead.kubectl("label", "configmap", "member", *ns, "team=a")
    with watching(stead, "cm", *ns, "-l", "team=a", "--output-watch-events") as watch:
        assert watch.lines(2)[1].split()[:2] == ["ADDED", "member"]
        stead.kubectl("create", "configmap", "joiner", *ns)
        stead.kubectl("label", "configmap", "joiner", *ns, "team=a")
        assert _words(watch.line()) == ["ADDED", "joiner", "0"]
        stead.kubectl("label", "configmap", "member", *ns, "team=b", "--overwrite")
        assert _words(watch.line()) == ["DELETED", "member", "0"]


def test_wide_watch_of_pods(stead: Cluster, namespace: str) -> None:
    ns = ["-n", namespace]
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n"  # noqa: E501
    stead.kubectl("create", *ns, "-f", "-", stdin=pod)
    with watching(stead, "pods", *ns, "-o", "wide") as watch:
        header = watch.line().split()
        assert header == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                          "NOMINATED", "NODE", "READINESS", "GATES"]  # fmt: skip
        first = watch.line().split()
        assert first[:4] == ["p", "0/1", "Pending", "0"]
        assert first[5:] == ["<none>", "<none>", "<none>", "<none>"]
        stead.kubectl("delete", "pod", "p", *ns, "--wait=false")
        assert watch.line().split()[:3] == ["p", "0/1", "Pending"]
