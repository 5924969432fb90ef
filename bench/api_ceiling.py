"""The HTTP ceiling: a trivial ASGI app on the same embedded granian as `stead up`.

`python -m bench.api_ceiling DIR` serves, with no work behind them, the bytes the real server
answered with (DIR/pod.json, DIR/list.json), so the API benchmarks can put each stead figure
beside what the HTTP layer alone costs on this machine:
* GET /pod and GET /list answer those bytes;
* GET /watch streams every line published since it was opened, as a chunked body;
* POST /publish wraps its body as `{"type":"ADDED","object":...}` and sends it to every stream.
It prints `listening on PORT` once it accepts connections and stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

from stead.apiserver.server import ApiListener, Listen

Scope = dict[str, Any]
JSON_HEADERS = [(b"content-type", b"application/json")]


class CeilingApp:
    def __init__(self, pod: bytes, listing: bytes) -> None:
        self.fixed = {"/pod": pod, "/list": listing}
        self.streams: set[asyncio.Queue[bytes]] = set()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        if method == "POST" and path == "/publish":
            await self._publish(receive, send)
        elif path == "/watch":
            await self._stream(send)
        else:
            await _answer(send, 200, self.fixed.get(path, b"{}"))

    async def _publish(self, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        line = b'{"type":"ADDED","object":' + body + b"}\n"
        for queue in self.streams:
            queue.put_nowait(line)
        await _answer(send, 201, body)

    async def _stream(self, send: Any) -> None:
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        self.streams.add(queue)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": JSON_HEADERS})
            await send({"type": "http.response.body", "body": b"", "more_body": True})
            while True:
                line = await queue.get()
                await send({"type": "http.response.body", "body": line, "more_body": True})
        finally:
            self.streams.discard(queue)


async def _answer(send: Any, status: int, body: bytes) -> None:
    headers = [*JSON_HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _serve(directory: Path) -> None:
    app = CeilingApp((directory / "pod.json").read_bytes(), (directory / "list.json").read_bytes())
    listener = ApiListener(app, Listen("127.0.0.1", 0))
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, listener.stop)
    serving = asyncio.create_task(listener.serve())
    while not serving.done():
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", listener.port)
        except OSError:
            await asyncio.sleep(0.01)
            continue
        writer.close()
        break
    print(f"listening on {listener.port}", flush=True)
    await serving


if __name__ == "__main__":
    asyncio.run(_serve(Path(sys.argv[1])))
