"""The embedded default backend: every revision in one SQLite file, the latest state in memory.

Design (the apiserver is one process and its hot path is get/list at the latest revision):
* The SQLite log (`sqlite_log`) is the durable truth: a row per revision, WAL, synchronous=FULL.
* A `LatestIndex` of every live pair is loaded at open and updated right after each commit.
  Reads at the latest revision (and `count`) are answered from it on the event loop without
  touching SQLite: O(log n + k), so listing 10k objects never stalls the loop. Reads at older
  revisions and watch replays run on a dedicated reader thread, each in one read snapshot.
* One writer. Writes queue on the loop; the writer task takes every write queued at that moment
  (up to `MAX_BATCH`), decides each compare-and-swap in order against the index plus the batch's
  own earlier writes, and appends the batch's rows in ONE transaction on the writer thread (group
  commit). Once COMMIT has returned, one synchronous step on the loop updates the index and the
  current revision, publishes the watch events and resolves the callers' futures. A batch is
  decided only after the previous one is applied, so the index is exact when deciding. A write is
  acknowledged only after its COMMIT returned: with synchronous=FULL it survives kill -9 and
  power loss.
* Compaction runs on the writer thread too, between batches.
* A failed commit (I/O error, disk full) fails its batch and every later write with StoreError:
  what reached the disk is then uncertain, so the store must be reopened. Reads keep working.
* The store assumes it is the file's only writer, so `open` takes an exclusive lock on
  `<path>.lock`; a second opener gets StoreError.
* A write whose caller is cancelled may still commit, as with etcd.
* `close()` lets queued writes commit, makes open watches raise StoreClosed, then closes the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import os
import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from stead.store.broadcaster import DEFAULT_BUFFER, Broadcaster
from stead.store.facade import RevisionedStore
from stead.store.interface import (
    KeyValue,
    RangeResult,
    StoreError,
    WatchEvent,
    WriteResult,
    prefix_end,
)
from stead.store.latest import LatestIndex
from stead.store.mvcc import (
    Change,
    Write,
    check_key,
    check_limit,
    compaction_needed,
    decide,
)
from stead.store.sqlite_log import LogReader, LogWriter, Row, Snapshot

MAX_BATCH = 1_000
"""Most writes committed in one transaction."""

HISTORY_CHUNK = 1_000
"""Most watch events read from SQLite at a time during a replay."""

_P = ParamSpec("_P")
_T = TypeVar("_T")


class _Thread:
    """One dedicated thread; a SQLite connection opened on it is only ever used from it."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        call = functools.partial(fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)


@dataclass(slots=True)
class _PendingWrite:
    write: Write
    future: asyncio.Future[WriteResult]


@dataclass(slots=True)
class _PendingCompaction:
    revision: int
    future: asyncio.Future[None]


class SqliteStore(RevisionedStore):
    """A `Store` in one SQLite file. Get one with `await SqliteStore.open(path)`."""

    def __init__(
        self,
        *,
        path: Path,
        lock: int,
        threads: tuple[_Thread, _Thread],
        log: tuple[LogWriter, LogReader],
        snapshot: Snapshot,
        watch_buffer: int,
    ) -> None:
        self._path = path
        self._lock = lock
        self._writer_thread, self._reader_thread = threads
        self._writer, self._reader = log
        self._index = LatestIndex(snapshot.pairs)
        self._revision = snapshot.revision
        self._compacted = snapshot.compacted
        self._broadcaster = Broadcaster(buffer_size=watch_buffer)
        self._writes: deque[_PendingWrite] = deque()
        self._compactions: deque[_PendingCompaction] = deque()
        self._wakeup = asyncio.Event()
        self._broken: str | None = None
        self._closed = False
        self._write_task = asyncio.create_task(self._write_loop(), name=f"stead-store {path}")

    @classmethod
    async def open(
        cls, path: str | os.PathLike[str], *, watch_buffer: int = DEFAULT_BUFFER
    ) -> SqliteStore:
        """Open the store at `path`, creating the file (and its directory) when missing.

        Raises CorruptStore when the file is not a stead store (including a SQLite database
        of someone else's), StoreError when it cannot be opened or is in use.
        """
        path = Path(path)
        async with contextlib.AsyncExitStack() as cleanup:
            lock = await asyncio.to_thread(_lock, path)
            cleanup.callback(os.close, lock)
            writer_thread, reader_thread = _Thread("stead-writer"), _Thread("stead-reader")
            cleanup.callback(writer_thread.shutdown)
            cleanup.callback(reader_thread.shutdown)
            writer = await writer_thread.run(LogWriter.open, path)
            cleanup.push_async_callback(writer_thread.run, writer.close)
            reader = await reader_thread.run(LogReader.open, path)
            cleanup.push_async_callback(reader_thread.run, reader.close)
            snapshot = await reader_thread.run(reader.load, path)
            store = cls(
                path=path,
                lock=lock,
                threads=(writer_thread, reader_thread),
                log=(writer, reader),
                snapshot=snapshot,
                watch_buffer=watch_buffer,
            )
            cleanup.pop_all()
        return store

    async def get(self, key: str, *, revision: int = 0) -> tuple[KeyValue | None, int]:
        at = self._read_revision(revision)
        if at == self._revision:
            return self._index.get(key), at
        return await self._read(self._reader.get, key, at), at

    async def range(
        self, start: str, end: str, *, revision: int = 0, limit: int = 0
    ) -> RangeResult:
        check_limit(limit)
        at = self._read_revision(revision)
        if at == self._revision:
            items, more = self._index.range(start, end, limit=limit)
        else:
            items, more = await self._read(self._reader.range, start, end, revision=at, limit=limit)
        return RangeResult(items, at, more)

    async def count(self, start: str, end: str) -> int:
        self._check_open()
        return self._index.count(start, end)

    async def compact(self, revision: int) -> None:
        self._check_open()
        if not compaction_needed(revision, current=self._revision, compacted=self._compacted):
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._compactions.append(_PendingCompaction(revision, future))
        self._wakeup.set()
        await future

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._broadcaster.close()
        self._wakeup.set()
        await self._write_task
        await self._writer_thread.run(self._writer.close)
        await self._reader_thread.run(self._reader.close)
        self._writer_thread.shutdown()
        self._reader_thread.shutdown()
        os.close(self._lock)

    def _describe(self) -> str:
        return f"the store {self._path}"

    async def _read(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        self._check_open()
        try:
            return await self._reader_thread.run(fn, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"reading store {self._path} failed: {exc}") from exc

    async def _history(self, prefix: str, after: int, upto: int) -> tuple[list[WatchEvent], int]:
        bounds = (prefix, prefix_end(prefix)) if prefix else None
        return await self._read(
            self._reader.history, bounds, after=after, upto=upto, limit=HISTORY_CHUNK
        )

    async def _submit(self, write: Write) -> WriteResult:
        self._check_open()
        check_key(write.key)
        if self._broken is not None:
            raise StoreError(self._broken)
        future: asyncio.Future[WriteResult] = asyncio.get_running_loop().create_future()
        self._writes.append(_PendingWrite(write, future))
        self._wakeup.set()
        return await future

    async def _write_loop(self) -> None:
        while True:
            if self._compactions:
                await self._compact_now(self._compactions.popleft())
            elif self._writes:
                await self._commit(self._take_batch())
            elif self._closed:
                return
            else:
                self._wakeup.clear()
                await self._wakeup.wait()

    def _take_batch(self) -> list[_PendingWrite]:
        count = min(len(self._writes), MAX_BATCH)
        return [self._writes.popleft() for _ in range(count)]

    async def _commit(self, batch: list[_PendingWrite]) -> None:
        if self._broken is not None:
            _fail(batch, self._broken)
            return
        rows, outcomes = self._plan(batch)
        if rows:
            try:
                await self._writer_thread.run(self._writer.append, rows)
            except Exception as exc:
                self._broken = f"writing to store {self._path} failed, reopen it: {exc}"
                _fail(batch, self._broken)
                return
        self._apply(batch, outcomes)

    def _plan(self, batch: list[_PendingWrite]) -> tuple[list[Row], list[Change | WriteResult]]:
        """Decide every write of `batch` in order, each seeing the ones before it."""
        staged: dict[str, KeyValue | None] = {}
        revision = self._revision
        rows: list[Row] = []
        outcomes: list[Change | WriteResult] = []
        for pending in batch:
            key = pending.write.key
            current = staged[key] if key in staged else self._index.get(key)
            outcome = decide(pending.write, current, revision=revision)
            if isinstance(outcome, Change):
                revision = outcome.event.revision
                staged[key] = outcome.pair
                rows.append(_row(outcome))
            outcomes.append(outcome)
        return rows, outcomes

    def _apply(self, batch: list[_PendingWrite], outcomes: list[Change | WriteResult]) -> None:
        """Make a committed batch visible: index, revision, watch events, then the callers."""
        for pending, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Change):
                self._make_visible(outcome)
            result = outcome.result if isinstance(outcome, Change) else outcome
            if not pending.future.done():
                pending.future.set_result(result)

    def _make_visible(self, change: Change) -> None:
        if change.pair is None:
            self._index.remove(change.event.key)
        else:
            self._index.put(change.pair)
        self._revision = change.event.revision
        self._broadcaster.publish(change.event)

    async def _compact_now(self, pending: _PendingCompaction) -> None:
        if pending.revision > self._compacted:
            try:
                await self._writer_thread.run(self._writer.compact, pending.revision)
            except Exception as exc:
                failure = StoreError(f"compacting store {self._path} failed: {exc}")
                if not pending.future.done():
                    pending.future.set_exception(failure)
                return
            self._compacted = pending.revision
        if not pending.future.done():
            pending.future.set_result(None)


def _row(change: Change) -> Row:
    event, previous = change.event, change.previous
    anchor = change.pair if change.pair is not None else previous
    assert anchor is not None
    return Row(
        revision=event.revision,
        key=event.key,
        create_revision=anchor.create_revision,
        prev_revision=0 if previous is None else previous.mod_revision,
        deleted=change.pair is None,
        value=event.value,
    )


def _fail(batch: list[_PendingWrite], message: str) -> None:
    for pending in batch:
        if not pending.future.done():
            pending.future.set_exception(StoreError(message))


def _lock(path: Path) -> int:
    """Create `path`'s directory and take the store's exclusive lock; returns the lock's fd."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise StoreError(f"store {path} is in use by another process ({lock_path})") from exc
    return fd
