"""Store benchmark: SqliteStore against the raw SQLite commit rate it is built on.

`run()` measures, as medians of 3 runs, on files in a temporary directory:
* raw sqlite3 single-row transactions (WAL, synchronous=FULL, the store's own schema);
* `SqliteStore.create`, one creator at a time and 50 concurrent creators (group commit);
* reads on 10k keys of 3 KB: get and range at the latest revision, range at an older one,
  and a watch replaying the whole history.
Run it with `make bench` (or `python -m bench store_bench`); it takes about 15 s.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from stead.store import SqliteStore, prefix_end
from stead.store.sqlite_log import LogWriter

VALUE = os.urandom(3072)
RUNS = 3
WRITE_SECONDS = 0.8
READ_KEYS = 10_000


def raw_commit_rate(path: Path) -> float:
    """Single-row commits per second through plain sqlite3, same schema and pragmas."""
    LogWriter.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    count, deadline = 0, time.perf_counter() + WRITE_SECONDS
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        count += 1
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO kv (id, key, create_revision, prev_revision, deleted, value)"
            " VALUES (?, ?, ?, 0, 0, ?)",
            (count, f"/raw/{count}", count, VALUE),
        )
        conn.execute("COMMIT")
    rate = count / (time.perf_counter() - started)
    conn.close()
    return rate


async def create_rate(path: Path, *, creators: int) -> float:
    """Acknowledged creates per second with `creators` concurrent callers."""
    store = await SqliteStore.open(path)
    deadline = time.perf_counter() + WRITE_SECONDS
    counts = [0] * creators

    async def creator(index: int) -> None:
        while time.perf_counter() < deadline:
            counts[index] += 1
            result = await store.create(f"/c/{index}/{counts[index]}", VALUE)
            assert result.succeeded

    started = time.perf_counter()
    await asyncio.gather(*(creator(i) for i in range(creators)))
    rate = sum(counts) / (time.perf_counter() - started)
    await store.close()
    return rate


async def read_timings(path: Path) -> dict[str, float]:
    """Seconds per get, latest range, older range and full replay over READ_KEYS keys."""
    store = await SqliteStore.open(path)
    for first in range(0, READ_KEYS, 500):
        await asyncio.gather(
            *(store.create(f"/pods/{i:06}", VALUE) for i in range(first, first + 500))
        )
    older = await store.current_revision()
    await store.update("/pods/000000", VALUE, mod_revision=1)
    end = prefix_end("/pods/")
    timings = {
        "get (latest)": await _timed(lambda: store.get("/pods/004242"), repeat=1000),
        "range 10k (latest)": await _timed(lambda: store.range("/pods/", end)),
        "range 10k (older revision)": await _timed(
            lambda: store.range("/pods/", end, revision=older)
        ),
    }
    started = time.perf_counter()
    watch = store.watch("/pods/", after_revision=0)
    async for event in watch:
        if event.revision == older:
            break
    timings["watch replay 10k"] = time.perf_counter() - started
    await watch.close()
    await store.close()
    return timings


async def _timed(call: Callable[[], Awaitable[object]], *, repeat: int = 5) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        await call()
    return (time.perf_counter() - started) / repeat


def run() -> list[tuple[str, str]]:
    """Measure; returns the table's rows as (measure, figure) for `python -m bench`."""
    raw: list[float] = []
    sequential: list[float] = []
    concurrent: list[float] = []
    reads: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as directory:
        for attempt in range(RUNS):
            base = Path(directory) / str(attempt)
            base.mkdir()
            raw.append(raw_commit_rate(base / "raw.db"))
            sequential.append(asyncio.run(create_rate(base / "seq.db", creators=1)))
            concurrent.append(asyncio.run(create_rate(base / "conc.db", creators=50)))
            reads.append(asyncio.run(read_timings(base / "reads.db")))
    raw_rate = statistics.median(raw)
    rows = [
        ("raw sqlite3 commits/s (1 row/txn, FULL)", f"{raw_rate:,.0f}"),
        ("SqliteStore.create/s, 1 creator", f"{statistics.median(sequential):,.0f}"),
        ("SqliteStore.create/s, 50 creators", f"{statistics.median(concurrent):,.0f}"),
        ("  as % of raw commit rate", f"{100 * statistics.median(concurrent) / raw_rate:.0f}%"),
    ]
    for name in reads[0]:
        seconds = statistics.median(r[name] for r in reads)
        rows.append((name, f"{seconds * 1000:.3f} ms"))
    return rows
