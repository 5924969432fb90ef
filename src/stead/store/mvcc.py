"""The MVCC rules every backend applies the same way: compare-and-swap, revision checks.

Backends differ in where they keep revisions; what a write does to a key, and which revisions a
read may ask for, is decided here once so that memory and SQLite cannot drift apart.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from stead.store.interface import (
    Compacted,
    EventType,
    FutureRevision,
    KeyValue,
    WatchEvent,
    WriteResult,
)


class WriteKind(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Write:
    """A requested write. `value` is unused for DELETE; `mod_revision` is unused for CREATE."""

    kind: WriteKind
    key: str
    value: bytes = b""
    mod_revision: int = 0


@dataclass(frozen=True, slots=True)
class Change:
    """A write that passed its compare, made at revision `event.revision`."""

    pair: KeyValue | None
    """The key's live pair after the write; None after a delete."""
    previous: KeyValue | None
    """The key's live pair before the write; None when the write created the key."""
    event: WatchEvent
    result: WriteResult


def decide(write: Write, current: KeyValue | None, *, revision: int) -> Change | WriteResult:
    """Apply `write` to a key whose live pair is `current`, in a store at `revision`.

    Returns the change made at `revision + 1`, or the failed `WriteResult` when the compare
    (absent for create; present with the given mod revision for update and delete) does not hold.
    """
    if not _compare_holds(write, current):
        return WriteResult(succeeded=False, revision=revision, current=current)
    new_revision = revision + 1
    if write.kind is WriteKind.DELETE:
        assert current is not None
        event = WatchEvent(EventType.DELETE, write.key, new_revision, current.value, None)
        return Change(None, current, event, WriteResult(True, new_revision, current))
    created = new_revision if current is None else current.create_revision
    pair = KeyValue(write.key, write.value, created, new_revision)
    previous_value = None if current is None else current.value
    event = WatchEvent(EventType.PUT, write.key, new_revision, write.value, previous_value)
    return Change(pair, current, event, WriteResult(True, new_revision, pair))


def _compare_holds(write: Write, current: KeyValue | None) -> bool:
    if write.kind is WriteKind.CREATE:
        return current is None
    return current is not None and current.mod_revision == write.mod_revision


def read_revision(requested: int, *, current: int, compacted: int) -> int:
    """The revision a read asking for `requested` (0: latest) is served at.

    Raises FutureRevision beyond `current`, Compacted below `compacted`, ValueError when negative.
    """
    if requested < 0:
        raise ValueError(f"revision must not be negative, got {requested}")
    if requested == 0:
        return current
    if requested > current:
        raise FutureRevision(requested, current)
    if requested < compacted:
        raise Compacted(requested, compacted)
    return requested


def check_limit(limit: int) -> None:
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def compaction_needed(revision: int, *, current: int, compacted: int) -> bool:
    """Whether `compact(revision)` has work to do.

    Compacting to or below the current compaction point is a no-op, so a periodic compactor
    may repeat itself; compacting beyond the current revision raises FutureRevision.
    """
    if revision > current:
        raise FutureRevision(revision, current)
    return revision > compacted


def check_key(key: str) -> None:
    """Keys must be encodable as UTF-8 (no lone surrogates): SQLite and etcd store bytes."""
    try:
        key.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"store key {key!r} is not valid Unicode: {exc.reason}") from exc
