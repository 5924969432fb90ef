"""HTTPS with our PKI, served by granian's embedded server, checked by three real clients.

A tiny ASGI app stands in for the API server: it authenticates every request with a
`TokenAuthenticator`, answers 401 with the upstream Status otherwise, and serves `/healthz` and
`/version`. httpx, the official `kubernetes` client and the real kubectl then talk to it.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import kubernetes
import orjson
import pytest
import yaml
from granian.constants import Interfaces
from granian.server.embed import Server

from stead.apiserver.auth import TokenAuthenticator, unauthorized_status
from stead.apiserver.certs import PkiFiles, ensure_pki
from stead.cli.kubeconfig import write_kubeconfig

KUBECTL = Path(sys.executable).parent / "kubectl"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

VERSION = {
    "major": "1",
    "minor": "37",
    "gitVersion": "v1.37.0-stead",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "n/a",
    "compiler": "cpython",
    "platform": "linux/amd64",
}


def make_app(authn: TokenAuthenticator) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if authn.authenticate(scope["headers"]) is None:
            await _respond(send, status=401, body=orjson.dumps(unauthorized_status()))
        elif scope["path"] == "/healthz":
            await _respond(send, status=200, body=b"ok", content_type=b"text/plain")
        elif scope["path"] in ("/version", "/version/"):
            await _respond(send, status=200, body=orjson.dumps(VERSION))
        else:
            await _respond(send, status=404, body=b"{}")

    return app


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _respond(
    send: Send, *, status: int, body: bytes, content_type: bytes = b"application/json"
) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerThread:
    """granian's embedded server on its own event loop, so blocking clients can call it."""

    def __init__(self, app: Any, *, files: PkiFiles, port: int) -> None:
        self._app = app
        self._files = files
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Server | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),), daemon=True)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._server = Server(
            self._app,
            address="127.0.0.1",
            port=self.port,
            interface=Interfaces.ASGI,
            ssl_cert=self._files.server_cert,
            ssl_key=self._files.server_key,
            log_enabled=False,
        )
        self._started.set()
        await self._server.serve()

    def start(self) -> None:
        self._thread.start()
        assert self._started.wait(5)
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def stop(self) -> None:
        assert self._loop is not None
        assert self._server is not None
        self._loop.call_soon_threadsafe(self._server.stop)
        self._thread.join(10)
        assert not self._thread.is_alive()


@dataclass(frozen=True)
class Cluster:
    port: int
    files: PkiFiles
    token: str
    kubeconfig: Path


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("serving")
    files = ensure_pki(base / "pki", hosts=["127.0.0.1"])
    authn = TokenAuthenticator.load_or_create(base / "token")
    port = free_port()
    kubeconfig = base / "kubeconfig"
    write_kubeconfig(
        kubeconfig, server=f"https://127.0.0.1:{port}", ca_cert=files.ca_cert, token=authn.token
    )
    server = ServerThread(make_app(authn), files=files, port=port)
    server.start()
    try:
        yield Cluster(port=port, files=files, token=authn.token, kubeconfig=kubeconfig)
    finally:
        server.stop()


def _trusting(cluster: Cluster) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cluster.files.ca_cert))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_httpx_verifies_the_server_and_needs_the_token(cluster: Cluster, host: str) -> None:
    url = f"https://{host}:{cluster.port}/healthz"
    with httpx.Client(verify=_trusting(cluster), timeout=5) as client:
        ok = client.get(url, headers={"Authorization": f"Bearer {cluster.token}"})
        anonymous = client.get(url)
        wrong = client.get(url, headers={"Authorization": "Bearer not-the-token"})
    assert (ok.status_code, ok.text) == (200, "ok")
    for response in (anonymous, wrong):
        assert response.status_code == 401
        assert response.json() == unauthorized_status()


def test_httpx_rejects_the_server_without_our_ca(cluster: Cluster) -> None:
    with httpx.Client(timeout=5) as client, pytest.raises(httpx.ConnectError, match="CERTIFICATE"):
        client.get(f"https://127.0.0.1:{cluster.port}/healthz")


def _kubernetes_client(kubeconfig: Path) -> Any:
    configuration = kubernetes.client.Configuration()
    kubernetes.config.load_kube_config(
        config_file=str(kubeconfig), client_configuration=configuration, persist_config=False
    )
    return kubernetes.client.ApiClient(configuration)


def test_kubernetes_client_uses_the_kubeconfig(cluster: Cluster) -> None:
    with _kubernetes_client(cluster.kubeconfig) as api:
        version = kubernetes.client.VersionApi(api).get_code()
    assert version.git_version == "v1.37.0-stead"


def test_kubernetes_client_with_a_wrong_token_gets_401(cluster: Cluster, tmp_path: Path) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    write_kubeconfig(
        kubeconfig,
        server=f"https://127.0.0.1:{cluster.port}",
        ca_cert=cluster.files.ca_cert,
        token="wrong",
    )
    with _kubernetes_client(kubeconfig) as api, pytest.raises(kubernetes.client.ApiException) as e:
        kubernetes.client.VersionApi(api).get_code()
    assert e.value.status == 401


def _kubectl(kubeconfig: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KUBECTL), f"--kubeconfig={kubeconfig}", f"--cache-dir={cache}", *args],
        # With no credentials over HTTPS kubectl prompts for a username; never let it wait.
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_kubectl_uses_the_kubeconfig(cluster: Cluster, tmp_path: Path) -> None:
    result = _kubectl(cluster.kubeconfig, tmp_path, "get", "--raw", "/healthz")
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok", "")


@pytest.mark.parametrize(
    "user", [{"token": "wrong"}, {"username": "stead-admin", "password": "guess"}], ids=str
)
def test_kubectl_without_the_token_is_unauthorized(
    cluster: Cluster, tmp_path: Path, user: dict[str, str]
) -> None:
    config = yaml.safe_load(cluster.kubeconfig.read_text())
    config["users"][0]["user"] = user
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump(config))
    result = _kubectl(kubeconfig, tmp_path / "cache", "get", "--raw", "/healthz")
    assert result.returncode == 1
    assert result.stderr == "error: You must be logged in to the server (Unauthorized)\n"
