"""State survives a restart of `stead up` on the same data dir; bad starts fail clearly."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from stead.testing import cluster

pytestmark = pytest.mark.e2e


def test_objects_survive_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = cluster.start(data)
    first.kubectl("create", "configmap", "kept", "--from-literal=a=b")
    uid = first.kubectl("get", "cm", "kept", "-o", "jsonpath={.metadata.uid}").stdout
    assert first.stop() == 0
    second = cluster.start(data)
    try:
        again = second.kubectl("get", "cm", "kept", "-o", "jsonpath={.metadata.uid}").stdout
        assert again == uid
        namespaces = second.kubectl("get", "ns", "-o", "name").stdout.split()
        assert "namespace/default" in namespaces
    finally:
        assert second.stop() == 0


def _up(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "stead.cli.main", "up", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def test_port_taken_exits_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _up("--data-dir", str(tmp_path / "d"), "--api-port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_corrupt_store_exits_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "state.db").write_bytes(b"this is not a database" * 100)
    result = _up("--data-dir", str(data), "--api-port", "0")
    assert result.returncode == 1
    assert "cannot open the store" in result.stderr


def test_unusable_data_dir_exits_with_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _up("--data-dir", str(blocker / "sub"), "--api-port", "0")
    assert result.returncode == 1
    assert "cannot use data directory" in result.stderr


def test_sigterm_with_an_open_watch_stops_cleanly(tmp_path: Path) -> None:
    running = cluster.start(tmp_path / "data")
    watcher = subprocess.Popen(
        [str(cluster.kubectl_binary()), f"--kubeconfig={running.kubeconfig}", "get", "ns", "-w"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert watcher.stdout is not None
        assert watcher.stdout.readline().split()[:1] == ["NAME"]
        assert running.stop() == 0
        assert watcher.wait(timeout=15) == 0
    finally:
        if watcher.poll() is None:
            watcher.kill()
        watcher.communicate()
