"""The servers the API benchmarks measure, each in its own process on loopback.

`stead up` runs through stead.testing.cluster (the e2e tests' way of starting it); the HTTP
ceiling is bench.api_ceiling. The benchmark process itself is only the load generator, so the
server and the client never share one interpreter's GIL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bench.api_client import Target
from stead.testing import cluster

_REPOSITORY = Path(__file__).resolve().parent.parent
_IDLE_SHARE = 0.05
_IDLE_WINDOW = 0.5


@dataclass(frozen=True)
class Server:
    target: Target
    pid: int

    def settle(self, *, timeout: float) -> float:
        """Wait until the server is idle (below 5% of a core for half a second); returns the
        seconds waited. `stead up` keeps working after a burst of writes: its controllers are
        still catching up, and figures taken meanwhile would measure them too."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            before = _cpu_seconds(self.pid)
            time.sleep(_IDLE_WINDOW)
            if _cpu_seconds(self.pid) - before < _IDLE_SHARE * _IDLE_WINDOW:
                break
        return time.perf_counter() - started


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def stead_http(data_dir: Path) -> Iterator[Server]:
    """`stead up --insecure-http` on a fresh `data_dir`: plain HTTP, no authentication."""
    with _stead(data_dir, ["--insecure-http"]) as running:
        yield Server(_target(running.server), running.process.pid)


@contextlib.contextmanager
def stead_https(data_dir: Path) -> Iterator[Server]:
    """`stead up` as users run it: TLS from its own CA and a bearer token."""
    with _stead(data_dir, []) as running:
        config = yaml.safe_load(running.kubeconfig.read_text())
        tls = ssl.create_default_context(cafile=str(data_dir / "pki" / "ca.crt"))
        target = _target(running.server, token=config["users"][0]["user"]["token"], tls=tls)
        yield Server(target, running.process.pid)


@contextlib.contextmanager
def _stead(data_dir: Path, extra_args: Sequence[str]) -> Iterator[cluster.Cluster]:
    running = cluster.start(data_dir, extra_args=extra_args)
    try:
        yield running
    finally:
        running.stop()


@contextlib.contextmanager
def ceiling(directory: Path) -> Iterator[Server]:
    """bench.api_ceiling serving `directory`'s pod.json and list.json."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.api_ceiling", str(directory)],
        cwd=_REPOSITORY,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("listening on "):
            raise RuntimeError(f"the ceiling server did not start: {line!r}")
        yield Server(Target("127.0.0.1", int(line.split()[-1])), process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _target(url: str, *, token: str | None = None, tls: ssl.SSLContext | None = None) -> Target:
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    return Target(parts.hostname, parts.port, token=token, tls=tls)
