"""The store contract: an etcd-shaped, versioned key-value store.

Every backend (memory, SQLite, etcd) implements `Store` and passes the one contract suite in
`tests/contract/store/`. The memory backend is the reference.

Semantics (shared by all backends):
* One global revision, starting at 0 for an empty store. Every successful write (create, update,
  delete) increments it by exactly one; the new revision becomes the key's `mod_revision`.
  Revisions are gap-free and commit-ordered: a watcher sees revision N before N+1.
* `create` succeeds iff the key is absent; `update` and `delete` succeed iff the key exists with
  `mod_revision` equal to the one given. A failed compare-and-swap is a value (`WriteResult` with
  `succeeded=False`), never an exception.
* Reads at `revision=0` see the latest state; at `revision=N` they see the state right after
  revision N was written. Reading at a revision older than the compaction point raises
  `Compacted`; reading at a future revision raises `FutureRevision`.
* `watch(prefix, after_revision=N)` yields every change to keys under the prefix with revision
  > N, in order, without gaps, then live changes as they commit. If N is older than the
  compaction point, iteration raises `Compacted` before yielding anything. A watcher that falls
  too far behind is cut off (iteration raises `WatchCutOff`) rather than slowing writers down.
* Keys are `str`; values are opaque `bytes`. Range bounds are `[start, end)` in key order.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


class StoreError(Exception):
    """Base of the store's own failures (not compare-and-swap misses, which are values)."""


class Compacted(StoreError):
    """A read or watch asked for history older than the compaction point."""

    def __init__(self, requested: int, compacted: int) -> None:
        super().__init__(f"revision {requested} is compacted (oldest kept: {compacted})")
        self.requested = requested
        self.compacted = compacted


class FutureRevision(StoreError):
    """A read asked for a revision the store has not reached yet."""

    def __init__(self, requested: int, current: int) -> None:
        super().__init__(f"revision {requested} is in the future (current: {current})")
        self.requested = requested
        self.current = current


class WatchCutOff(StoreError):
    """The watcher fell too far behind and was dropped; it must re-list and watch again."""


class StoreClosed(StoreError):
    """The store was closed while the call was in progress."""


class CorruptStore(StoreError):
    """The store's files cannot be read as a stead store."""


@dataclass(frozen=True, slots=True)
class KeyValue:
    key: str
    value: bytes
    create_revision: int
    mod_revision: int


@dataclass(frozen=True, slots=True)
class RangeResult:
    items: list[KeyValue]
    """Live keys in the range, in key order, at most `limit` of them when a limit was given."""
    revision: int
    """The store revision the read was served at (the current one for `revision=0`)."""
    more: bool
    """True when `limit` cut the result short: more keys follow the last one returned."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    succeeded: bool
    revision: int
    """On success the revision of this write; on failure the store's current revision."""
    current: KeyValue | None
    """On success the written pair (for delete: the pair as it was before deletion).
    On failure the key's current pair, or None when the key is absent."""


class EventType(enum.Enum):
    PUT = "PUT"
    DELETE = "DELETE"


@dataclass(frozen=True, slots=True)
class WatchEvent:
    type: EventType
    key: str
    revision: int
    """The revision of this change."""
    value: bytes
    """PUT: the new value. DELETE: the last value before deletion."""
    prev_value: bytes | None
    """PUT: the value before this write, or None when the write created the key. DELETE: None."""


class Watch(Protocol):
    """An ordered stream of changes. Iterate it; close it when done (closing ends iteration)."""

    def __aiter__(self) -> AsyncIterator[WatchEvent]: ...

    async def close(self) -> None: ...


class Store(Protocol):
    async def get(self, key: str, *, revision: int = 0) -> tuple[KeyValue | None, int]:
        """The pair at `key` (None if absent) and the store revision the read was served at."""
        ...

    async def range(
        self, start: str, end: str, *, revision: int = 0, limit: int = 0
    ) -> RangeResult:
        """Live pairs with `start <= key < end`; `limit=0` means no limit."""
        ...

    async def count(self, start: str, end: str) -> int:
        """Number of live keys with `start <= key < end` at the latest revision."""
        ...

    async def create(self, key: str, value: bytes) -> WriteResult: ...

    async def update(self, key: str, value: bytes, *, mod_revision: int) -> WriteResult: ...

    async def delete(self, key: str, *, mod_revision: int) -> WriteResult: ...

    def watch(self, prefix: str, *, after_revision: int) -> Watch:
        """Changes to keys starting with `prefix` with revision > `after_revision`."""
        ...

    async def current_revision(self) -> int: ...

    async def compacted_revision(self) -> int:
        """Reads and watches must ask for revisions >= this one (0 when never compacted)."""
        ...

    async def compact(self, revision: int) -> None:
        """Forget history before `revision`: older versions of keys and deletions are dropped."""
        ...

    async def close(self) -> None: ...


def prefix_end(prefix: str) -> str:
    """The smallest key greater than every key that starts with `prefix` (etcd's range end)."""
    if not prefix:
        return "\U0010ffff"
    last = prefix[-1]
    if last == "\U0010ffff":
        return prefix_end(prefix[:-1])
    return prefix[:-1] + chr(ord(last) + 1)
