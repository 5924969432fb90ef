"""The reference backend: every revision kept in memory, nothing on disk.

State is two views of one append-only history, both trimmed by compaction:
* `_versions`: per key, its versions in revision order, each `(revision, pair)` where pair is
  None for a deletion; `_keys` holds those keys sorted, for range reads at any revision;
* `_events`: the watch event of every revision after the compaction point, in order.

Every method does its work on the event loop without awaiting, so each one is atomic: a watch
subscribes and learns the current revision in one step, which makes its replay-to-live hand-off
exact. A write then yields to the loop once before returning, as a write to a real backend does,
so a tight loop of writes cannot starve the watchers it feeds.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left, bisect_right, insort

from stead.store.broadcaster import DEFAULT_BUFFER, Broadcaster
from stead.store.facade import RevisionedStore
from stead.store.interface import (
    Compacted,
    KeyValue,
    RangeResult,
    WatchEvent,
    WriteResult,
)
from stead.store.mvcc import (
    Change,
    Write,
    check_key,
    check_limit,
    compaction_needed,
    decide,
)

_Version = tuple[int, KeyValue | None]


class MemoryStore(RevisionedStore):
    """A `Store` held in memory. Create it with `MemoryStore()`; it needs no opening."""

    def __init__(self, *, watch_buffer: int = DEFAULT_BUFFER) -> None:
        self._revision = 0
        self._compacted = 0
        self._versions: dict[str, list[_Version]] = {}
        self._keys: list[str] = []
        self._events: list[WatchEvent] = []
        """`_events[i]` is the change made at revision `_compacted + 1 + i`."""
        self._broadcaster = Broadcaster(buffer_size=watch_buffer)
        self._closed = False

    async def get(self, key: str, *, revision: int = 0) -> tuple[KeyValue | None, int]:
        at = self._read_revision(revision)
        return self._pair_at(key, at), at

    async def range(
        self, start: str, end: str, *, revision: int = 0, limit: int = 0
    ) -> RangeResult:
        check_limit(limit)
        at = self._read_revision(revision)
        items: list[KeyValue] = []
        for key in self._keys[bisect_left(self._keys, start) : bisect_left(self._keys, end)]:
            pair = self._pair_at(key, at)
            if pair is None:
                continue
            if limit and len(items) == limit:
                return RangeResult(items, at, more=True)
            items.append(pair)
        return RangeResult(items, at, more=False)

    async def count(self, start: str, end: str) -> int:
        return len((await self.range(start, end)).items)

    async def compact(self, revision: int) -> None:
        self._check_open()
        if not compaction_needed(revision, current=self._revision, compacted=self._compacted):
            return
        for key in self._keys:
            self._compact_key(key, revision)
        self._keys = [key for key in self._keys if key in self._versions]
        del self._events[: revision - self._compacted]
        self._compacted = revision

    async def close(self) -> None:
        """Close the store: open watches raise StoreClosed; later calls raise StoreClosed."""
        self._closed = True
        self._broadcaster.close()

    def _pair_at(self, key: str, revision: int) -> KeyValue | None:
        versions = self._versions.get(key)
        if not versions:
            return None
        index = bisect_right(versions, revision, key=_revision_of)
        return versions[index - 1][1] if index else None

    async def _submit(self, write: Write) -> WriteResult:
        self._check_open()
        check_key(write.key)
        outcome = decide(write, self._pair_at(write.key, self._revision), revision=self._revision)
        if isinstance(outcome, Change):
            self._append(outcome)
        await asyncio.sleep(0)
        return outcome.result if isinstance(outcome, Change) else outcome

    def _append(self, change: Change) -> None:
        key, revision = change.event.key, change.event.revision
        if key not in self._versions:
            self._versions[key] = []
            insort(self._keys, key)
        self._versions[key].append((revision, change.pair))
        self._events.append(change.event)
        self._revision = revision
        self._broadcaster.publish(change.event)

    def _compact_key(self, key: str, revision: int) -> None:
        """Drop versions no read at or after `revision` can see, and deletions up to it."""
        versions = self._versions[key]
        visible = bisect_right(versions, revision, key=_revision_of) - 1
        if visible < 0:
            return
        kept_from = visible + 1 if versions[visible][1] is None else visible
        del versions[:kept_from]
        if not versions:
            del self._versions[key]

    async def _history(self, prefix: str, after: int, upto: int) -> tuple[list[WatchEvent], int]:
        self._check_open()
        if after < self._compacted:
            raise Compacted(after, self._compacted)
        window = self._events[after - self._compacted : upto - self._compacted]
        return [event for event in window if event.key.startswith(prefix)], upto


def _revision_of(version: _Version) -> int:
    return version[0]
