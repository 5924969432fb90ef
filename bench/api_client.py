"""A lean HTTP/1.1 load generator on raw asyncio streams, for the API benchmarks.

Why not httpx: with 50 concurrent requests httpx.AsyncClient (0.28) spent 12 ms of client CPU
per request on this 2-core machine (82 req/s against the HTTP ceiling, client at 100% of a core)
where these few lines spend 75 us (9,500 req/s at 70%); see docs/benchmarks.md. Keep-alive
connections only; bodies are read by Content-Length or chunked framing. Every figure is taken on
the client side, from request send to last byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import ssl
import statistics
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

HEADER_END = b"\r\n\r\n"


class HttpError(Exception):
    """The server answered with an unexpected status."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    token: str | None = None
    tls: ssl.SSLContext | None = None


class Connection:
    """One keep-alive connection; one request at a time."""

    def __init__(self, target: Target, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.target = target
        self.reader = reader
        self.writer = writer
        auth = f"Authorization: Bearer {target.token}\r\n" if target.token else ""
        self._headers = f"Host: {target.host}\r\n{auth}".encode()

    @classmethod
    async def open(cls, target: Target) -> Connection:
        return cls(target, *await _connect(target))

    async def request(
        self, method: str, path: str, body: bytes = b"", *, accept: str = "application/json"
    ) -> tuple[int, bytes]:
        """Send one request and read the whole answer: (status, body).

        A connection the server closed while it sat idle is reopened once and the request sent
        again, as HTTP clients do (servers drop idle keep-alive connections after a while).
        """
        head = f"{method} {path} HTTP/1.1\r\nAccept: {accept}\r\n".encode() + self._headers
        if body:
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        message = head + b"\r\n" + body
        try:
            return await self._exchange(message)
        except (asyncio.IncompleteReadError, ConnectionError) as failure:
            if isinstance(failure, asyncio.IncompleteReadError) and failure.partial:
                raise
        self.close()
        self.reader, self.writer = await _connect(self.target)
        return await self._exchange(message)

    async def _exchange(self, message: bytes) -> tuple[int, bytes]:
        self.writer.write(message)
        status, chunked, length = await self.read_head()
        if chunked:
            return status, b"".join([chunk async for chunk in self.chunks()])
        return status, await self.reader.readexactly(length)

    async def expect(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        accept: str = "application/json",
    ) -> bytes:
        got, answer = await self.request(method, path, body, accept=accept)
        if got != status:
            raise HttpError(f"{method} {path}: {got} {answer[:300]!r}")
        return answer

    async def read_head(self) -> tuple[int, bool, int]:
        """(status, chunked, content length) of the next response."""
        head = await self.reader.readuntil(HEADER_END)
        status = int(head[9:12])
        lowered = head.lower()
        if b"transfer-encoding: chunked" in lowered:
            return status, True, 0
        at = lowered.find(b"content-length:")
        if at < 0:
            return status, False, 0
        return status, False, int(lowered[at + 15 : lowered.index(b"\r\n", at)])

    def chunks(self) -> AsyncChunks:
        return AsyncChunks(self.reader)

    def close(self) -> None:
        self.writer.close()


async def _connect(target: Target) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(target.host, target.port, ssl=target.tls, limit=2**24)


class AsyncChunks:
    """The data of a chunked body, chunk by chunk, until the terminating empty chunk."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self.reader = reader

    def __aiter__(self) -> AsyncChunks:
        return self

    async def __anext__(self) -> bytes:
        size = int((await self.reader.readuntil(b"\r\n"))[:-2].split(b";")[0], 16)
        data = await self.reader.readexactly(size + 2)
        if size == 0:
            raise StopAsyncIteration
        return data[:-2]


async def open_pool(target: Target, size: int) -> list[Connection]:
    return list(await asyncio.gather(*(Connection.open(target) for _ in range(size))))


def close_pool(pool: Sequence[Connection]) -> None:
    for connection in pool:
        connection.close()


@dataclass(frozen=True)
class LoadResult:
    rate: float
    """Completed requests per second of wall time."""
    p50: float
    p99: float
    client_cpu: float
    """Share of one core the client process used meanwhile (1.0 = a full core)."""


def summarize(latencies: list[float], *, elapsed: float, cpu: float) -> LoadResult:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return LoadResult(len(latencies) / elapsed, cuts[49], cuts[98], cpu / elapsed)


Call = Callable[[Connection], Awaitable[object]]


@contextlib.contextmanager
def client_gc_paused() -> Iterator[None]:
    """Keep the client's own collector pauses out of the latencies it records."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def closed_loop(pool: Sequence[Connection], call: Call, *, seconds: float) -> LoadResult:
    """Every connection sends its next request as soon as the previous one is answered."""
    deadline = time.perf_counter() + seconds
    return await _drive(pool, lambda: call if time.perf_counter() < deadline else None)


async def closed_loop_over(pool: Sequence[Connection], calls: Iterable[Call]) -> LoadResult:
    """Like `closed_loop`, making each of `calls` once."""
    pending = iter(calls)
    return await _drive(pool, lambda: next(pending, None))


async def _drive(pool: Sequence[Connection], next_call: Callable[[], Call | None]) -> LoadResult:
    latencies: list[float] = []

    async def worker(connection: Connection) -> None:
        while (call := next_call()) is not None:
            sent = time.perf_counter()
            await call(connection)
            latencies.append(time.perf_counter() - sent)

    with client_gc_paused():
        cpu, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(connection) for connection in pool))
        elapsed = time.perf_counter() - started
    return summarize(latencies, elapsed=elapsed, cpu=time.process_time() - cpu)


async def open_loop(
    pool: Sequence[Connection], call: Call, *, rate: float, seconds: float
) -> LoadResult:
    """Requests are due at a fixed `rate` whatever the answers do; latency counts from when each
    was due, so a stalled server shows up in the tail instead of slowing the load down."""
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for connection in pool:
        idle.put_nowait(connection)
    latencies: list[float] = []

    async def one(due: float) -> None:
        connection = await idle.get()
        try:
            await call(connection)
        finally:
            idle.put_nowait(connection)
        latencies.append(time.perf_counter() - due)

    total = int(rate * seconds)
    tasks: list[asyncio.Task[None]] = []
    with client_gc_paused():
        cpu, started = time.process_time(), time.perf_counter()
        while len(tasks) < total:
            now = time.perf_counter()
            while len(tasks) < total and (due := started + len(tasks) / rate) <= now:
                tasks.append(asyncio.create_task(one(due)))
            await asyncio.sleep(0.001)
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return summarize(latencies, elapsed=elapsed, cpu=time.process_time() - cpu)
