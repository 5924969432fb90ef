"""`stead up`: the whole system in one process, on the embedded SQLite store.

Start-up order: data dir -> store -> API server (+ system namespaces) -> listener -> kubeconfig
-> controllers (garbage collector, namespaces), which reach the API over loopback like any client.
Anything that cannot start exits non-zero with one clear line; SIGTERM or Ctrl-C stops cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from stead.apiserver.app import ApiServer
from stead.apiserver.auth import TokenAuthenticator, TokenFileError
from stead.apiserver.bootstrap import ensure_system_namespaces
from stead.apiserver.certs import PkiError, ensure_pki
from stead.apiserver.server import AddressInUse, ApiListener, Listen
from stead.cli.datadir import DataDirError, default_data_dir, prepare_data_dir
from stead.cli.kubeconfig import write_kubeconfig
from stead.client.config import ClientConfig
from stead.controllers.standard import USER_AGENT as CONTROLLERS_USER_AGENT
from stead.controllers.standard import run_controllers
from stead.store import SqliteStore, StoreError

log = logging.getLogger("stead")

STORE_FILE = "state.db"


@dataclass(frozen=True)
class UpOptions:
    data_dir: Path | None
    api_port: int
    bind_address: str
    insecure_http: bool


class StartupError(Exception):
    """Something stead needs cannot be had; the message says what and why."""


def run(options: UpOptions) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The controllers' client would log every request it makes.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        asyncio.run(_up(options))
    except StartupError as failure:
        print(f"stead: {failure}", file=sys.stderr)
        return 1
    return 0


async def _up(options: UpOptions) -> None:
    try:
        data_dir = prepare_data_dir(options.data_dir or default_data_dir())
    except DataDirError as failure:
        raise StartupError(str(failure)) from None
    try:
        store = await SqliteStore.open(data_dir / STORE_FILE)
    except StoreError as failure:
        raise StartupError(f"cannot open the store in {data_dir}: {failure}") from None
    try:
        await _serve(options, data_dir, store)
    finally:
        await store.close()


async def _serve(options: UpOptions, data_dir: Path, store: SqliteStore) -> None:
    listen = Listen(options.bind_address, options.api_port)
    token: str | None = None
    ca_cert: Path | None = None
    authenticator: TokenAuthenticator | None = None
    if not options.insecure_http:
        hosts = ["127.0.0.1", "localhost"]
        if options.bind_address not in ("0.0.0.0", "::", *hosts):
            hosts.append(options.bind_address)
        try:
            pki = ensure_pki(data_dir / "pki", hosts=hosts)
            authenticator = TokenAuthenticator.load_or_create(data_dir / "token")
        except (PkiError, TokenFileError, ValueError, OSError) as failure:
            raise StartupError(f"cannot set up TLS and authentication: {failure}") from None
        token, ca_cert = authenticator.token, pki.ca_cert
        listen = Listen(options.bind_address, options.api_port, pki.server_cert, pki.server_key)
    app = ApiServer(store, authenticator=authenticator)
    await ensure_system_namespaces(app)
    try:
        listener = ApiListener(app, listen)
    except AddressInUse as failure:
        raise StartupError(str(failure)) from None
    serving = asyncio.create_task(listener.serve())
    controllers: list[asyncio.Task[None]] = []
    _stop_on_signals(app, listener, controllers)
    await _wait_listening("127.0.0.1" if listen.host in ("0.0.0.0", "::") else listen.host,
                          listener.port, serving)  # fmt: skip
    kubeconfig = data_dir / "kubeconfig"
    write_kubeconfig(kubeconfig, server=listener.url, ca_cert=ca_cert, token=token)
    client_config = ClientConfig.for_server(
        listener.url, token=token, ca_file=ca_cert, user_agent=CONTROLLERS_USER_AGENT
    )
    controllers.append(asyncio.create_task(_controllers(client_config), name="controllers"))
    print(f"stead is up: API {listener.url}", flush=True)
    print(f"  export KUBECONFIG={kubeconfig}", flush=True)
    try:
        await serving
    finally:
        for task in controllers:
            task.cancel()
        await asyncio.gather(*controllers, return_exceptions=True)


async def _controllers(config: ClientConfig) -> None:
    """The controller manager, a client of the API over loopback; a crash leaves the API up."""
    try:
        await run_controllers(config)
    except Exception:
        log.exception("the controllers stopped")


def _stop_on_signals(
    app: ApiServer, listener: ApiListener, controllers: list[asyncio.Task[None]]
) -> None:
    """Stop the controllers, end open watches (the listener waits for them), then listen no more."""

    def stop() -> None:
        for task in controllers:
            task.cancel()
        app.close_streams()
        listener.stop()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)


async def _wait_listening(host: str, port: int, serving: asyncio.Task[None]) -> None:
    """Return once the listener accepts connections; fail if it died instead."""
    for _ in range(500):
        if serving.done():
            serving.result()
            raise StartupError(f"the API server stopped before listening on {host}:{port}")
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection(host, port)
            writer.close()
            return
        await asyncio.sleep(0.01)
    raise StartupError(f"the API server did not start listening on {host}:{port}")
