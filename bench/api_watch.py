"""Watch fan-out: how fast writes reach many open watches, and how late the last one hears.

Watchers do not parse events: each event is one line (JSON never holds a raw newline), so a
watcher records an arrival time per newline, and the i-th line is the i-th write as long as
writes are made one at a time. Throughput is measured with concurrent writes, where only the
total matters: every watcher must receive every event.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bench.api_client import Connection, HttpError, Target, closed_loop_over

Write = Callable[[Connection, int], Awaitable[object]]
"""Make write number `i` through a connection; each write yields one event per watcher."""


class Watcher:
    """One open watch stream and the arrival time of every event line on it."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.arrivals: list[float] = []
        self.task: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, target: Target, path: str) -> Watcher:
        watcher = cls(await Connection.open(target))
        watcher.connection.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {target.host}\r\n\r\n".encode()
        )
        status, chunked, _ = await watcher.connection.read_head()
        if status != 200 or not chunked:
            raise HttpError(f"watch {path}: status {status}, chunked={chunked}")
        watcher.task = asyncio.create_task(watcher._read())
        return watcher

    async def _read(self) -> None:
        async for chunk in self.connection.chunks():
            lines = chunk.count(b"\n")
            if lines:
                self.arrivals.extend([time.perf_counter()] * lines)

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.connection.close()


async def open_watchers(target: Target, path: str, *, count: int) -> list[Watcher]:
    return list(await asyncio.gather(*(Watcher.open(target, path) for _ in range(count))))


async def wait_for_events(watchers: Sequence[Watcher], count: int) -> None:
    """Return once every watcher has received `count` events (callers bound the wait)."""
    while any(len(watcher.arrivals) < count for watcher in watchers):
        for watcher in watchers:
            if watcher.task is not None and watcher.task.done():
                watcher.task.result()
                raise HttpError("a watch stream ended early")
        await asyncio.sleep(0.001)


@dataclass(frozen=True)
class FanOut:
    events_per_second: float
    """Events delivered (summed over watchers) per second, concurrent writes."""
    p50: float
    p99: float
    """Seconds from sending a write to its event reaching the last watcher, one write at a time."""


async def fan_out(
    writers: Sequence[Connection],
    watchers: Sequence[Watcher],
    write: Write,
    *,
    sequential: int,
    burst: int,
) -> FanOut:
    """`sequential` writes one by one for latency, then `burst` concurrent ones for throughput.

    Numbers writes from `len(arrivals)` of the watchers, which must all have seen the same.
    """
    first = len(watchers[0].arrivals)
    latencies = []
    for index in range(first, first + sequential):
        sent = time.perf_counter()
        await write(writers[0], index)
        async with asyncio.timeout(10):
            await wait_for_events(watchers, index + 1)
        latencies.append(max(watcher.arrivals[index] for watcher in watchers) - sent)
    start = first + sequential

    def calls() -> list[Callable[[Connection], Awaitable[object]]]:
        return [_bind(write, index) for index in range(start, start + burst)]

    started = time.perf_counter()
    await closed_loop_over(writers, calls())
    async with asyncio.timeout(60):
        await wait_for_events(watchers, start + burst)
    finished = max(watcher.arrivals[-1] for watcher in watchers)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return FanOut(len(watchers) * burst / (finished - started), cuts[49], cuts[98])


def _bind(write: Write, index: int) -> Callable[[Connection], Awaitable[object]]:
    return lambda connection: write(connection, index)
