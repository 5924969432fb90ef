"""A streamed answer sends its head at once, before it has any event to send.

granian holds a response's head back until the first body message; a watch that starts at the
current resourceVersion may have nothing to say for minutes, and clients wait for the head.
"""

from __future__ import annotations

import asyncio

from stead.apiserver.app import ApiServer
from stead.apiserver.bootstrap import ensure_system_namespaces
from stead.apiserver.server import ApiListener, Listen
from stead.store import MemoryStore


async def _head_of_idle_watch() -> bytes:
    store = MemoryStore()
    app = ApiServer(store, authenticator=None)
    await ensure_system_namespaces(app)
    listener = ApiListener(app, Listen("127.0.0.1", 0))
    serving = asyncio.create_task(listener.serve())
    try:
        for _ in range(500):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", listener.port)
                break
            except OSError:
                await asyncio.sleep(0.01)
        revision = await store.current_revision()
        writer.write(
            f"GET /api/v1/namespaces/default/pods?watch=1&resourceVersion={revision} HTTP/1.1\r\n"
            "Host: localhost\r\n\r\n".encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
        writer.close()
        return head
    finally:
        listener.stop()
        await serving


def test_idle_watch_answers_its_head_at_once() -> None:
    head = asyncio.run(_head_of_idle_watch())
    assert head.startswith(b"HTTP/1.1 200")
    assert b"transfer-encoding: chunked" in head.lower()
