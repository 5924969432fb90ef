"""Hosting the ASGI app on granian, embedded in the caller's event loop.

Embedding (rather than granian's usual worker processes) keeps `stead up` one process with one
task group: the API server, controllers and agents share a loop and stop together.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from granian.constants import Interfaces, SSLProtocols
from granian.server.embed import Server

# Long-lived watches each hold one of granian's concurrent-request slots; leave plenty.
_BACKPRESSURE = 4096


class AddressInUse(Exception):
    """The requested address and port cannot be bound (taken, or not ours)."""


@dataclass(frozen=True)
class Listen:
    host: str
    port: int
    """0 picks a free port."""
    tls_cert: Path | None = None
    tls_key: Path | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"


def reserve_port(host: str, port: int) -> int:
    """Check `host:port` can be bound now (and pick one for port 0); raises AddressInUse."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as failure:
            raise AddressInUse(f"cannot listen on {host}:{port}: {failure.strerror}") from None
        bound: int = probe.getsockname()[1]
        return bound


class ApiListener:
    """One granian server for `app` on `listen`; `serve()` runs until `stop()` is called."""

    def __init__(self, app: Any, listen: Listen) -> None:
        self.port = reserve_port(listen.host, listen.port)
        self.url = f"{listen.scheme}://{_url_host(listen.host)}:{self.port}"
        self._server = Server(
            app,
            address=listen.host,
            port=self.port,
            interface=Interfaces.ASGI,
            backpressure=_BACKPRESSURE,
            log_enabled=False,
            ssl_cert=listen.tls_cert,
            ssl_key=listen.tls_key,
            ssl_protocol_min=SSLProtocols.tls12,
            websockets=True,
        )

    async def serve(self) -> None:
        await self._server.serve()

    def stop(self) -> None:
        # granian leaves `stop` unannotated.
        stop: Callable[[], None] = self._server.stop
        stop()


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
