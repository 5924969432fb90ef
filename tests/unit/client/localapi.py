"""A real API server in the test's own event loop: memory store, plain HTTP on loopback.

Tests reach it over real HTTP with `stead.client`, and can also reach behind it: compact the
store (to force 410 Gone), or take the listener down and up again (an API server restart) while
writing through the ASGI app directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from stead.apiserver.app import ApiServer
from stead.apiserver.bootstrap import ensure_system_namespaces
from stead.apiserver.server import ApiListener, Listen
from stead.client.config import ClientConfig
from stead.client.rest import RestClient
from stead.store import MemoryStore

T = TypeVar("T")
TEST_TIMEOUT = 20.0
"""Seconds any one `run` may take before the test fails (rather than hangs)."""


class LocalApi:
    def __init__(self, runner: asyncio.Runner) -> None:
        self.runner = runner
        self.store = MemoryStore()
        self.app = ApiServer(self.store, authenticator=None)
        self.port = 0
        self._listener: ApiListener | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` in the server's loop, failing after `TEST_TIMEOUT` seconds."""
        return self.runner.run(asyncio.wait_for(coroutine, TEST_TIMEOUT))

    def client(self) -> RestClient:
        """A client over real HTTP (close it: an open watch keeps the listener from stopping)."""
        return RestClient(ClientConfig(server=self.url))

    def direct_client(self) -> RestClient:
        """A client calling the ASGI app in-process: works while the listener is down."""
        transport = httpx.ASGITransport(app=self.app)
        return RestClient(ClientConfig(server="http://in-process"), transport=transport)

    async def start(self) -> None:
        listener = ApiListener(self.app, Listen("127.0.0.1", self.port))
        self.port = listener.port
        self._listener = listener
        self._serving = asyncio.create_task(listener.serve())
        await _until_listening(self.port)

    async def stop(self) -> None:
        """Stop listening; waits for open requests (watches included) to end."""
        if self._listener is None or self._serving is None:
            return
        self._listener.stop()
        await self._serving
        self._listener = self._serving = None

    async def compact(self) -> int:
        """Forget all history: any older resourceVersion now gets 410 Gone. Returns it."""
        revision = await self.store.current_revision()
        await self.store.compact(revision)
        return revision


async def _until_listening(port: int) -> None:
    for _ in range(500):
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            await writer.wait_closed()
            return
        await asyncio.sleep(0.01)
    raise RuntimeError(f"the API server did not listen on port {port}")


@contextlib.contextmanager
def local_api() -> Iterator[LocalApi]:
    with asyncio.Runner() as runner:
        api = LocalApi(runner)
        runner.run(ensure_system_namespaces(api.app))
        runner.run(api.start())
        try:
            yield api
        finally:
            runner.run(asyncio.wait_for(api.stop(), TEST_TIMEOUT))
            runner.run(api.store.close())


async def eventually(
    check: Callable[[], Awaitable[bool] | bool], *, within: float = 10.0, what: str = ""
) -> None:
    """Poll `check` until it holds; fail with `what` after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {within}s: {what or check}")
        await asyncio.sleep(0.01)


@pytest.fixture
def api() -> Iterator[LocalApi]:
    """A fresh in-process API server (memory store, plain HTTP) per test."""
    with local_api() as running:
        yield running
