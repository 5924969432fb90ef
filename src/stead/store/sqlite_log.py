"""The SQLite side of `SqliteStore`: the file format and the blocking reads and writes on it.

One table holds the whole history, kine-style: a row per revision (`id` is the revision), a
deletion is a tombstone row carrying the last value, and `prev_revision` is the mod revision
of the live version a row replaced (0 when the key was absent), which is how a watch replay
finds an event's previous value. `stead_meta` marks the file as ours and keeps the compaction
point. The current revision is `sqlite_sequence`'s high-water mark, which survives compaction
deleting the newest rows.

Everything here blocks; `SqliteStore` calls it from its own threads. `LogWriter` and
`LogReader` each own one connection and must be used from one thread at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from stead.store.interface import (
    Compacted,
    CorruptStore,
    EventType,
    KeyValue,
    StoreError,
    WatchEvent,
)

SCHEMA_VERSION = 1

_SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE kv (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    value BLOB NOT NULL
);
CREATE INDEX kv_key_id ON kv (key, id, deleted);
CREATE TABLE stead_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO stead_meta VALUES ('schema_version', {SCHEMA_VERSION}), ('compact_revision', 0);
COMMIT;
"""

_BUSY_TIMEOUT_MS = 5_000


@dataclass(frozen=True, slots=True)
class Row:
    """One revision to append. For a deletion `value` is the deleted version's value."""

    revision: int
    key: str
    create_revision: int
    prev_revision: int
    deleted: bool
    value: bytes


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What `LogReader.load` finds: the live pairs and the revision counters."""

    pairs: list[KeyValue]
    revision: int
    compacted: int


def _connect(path: Path) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) with the pragmas every one needs."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(f"cannot use write-ahead logging on {path} (journal mode {mode})")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _open_failure(path, exc) from exc
    except StoreError:
        conn.close()
        raise
    return conn


def _open_failure(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError):
        return StoreError(f"cannot open store {path}: {exc}")
    return CorruptStore(f"{path} is not a readable stead store: {exc}")


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Create the schema in an empty database; refuse any database that is not ours."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        conn.executescript(_SCHEMA)
        return
    if not {"kv", "stead_meta"} <= tables:
        raise CorruptStore(
            f"{path} is a SQLite database but not a stead store (tables: {sorted(tables)})"
        )
    version = _meta(conn, "schema_version")
    if version != SCHEMA_VERSION:
        raise CorruptStore(
            f"{path} has stead store schema version {version}; this stead reads {SCHEMA_VERSION}"
        )


def _meta(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT value FROM stead_meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


class LogWriter:
    """Appends revisions and compacts; the only connection that writes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, path: Path) -> LogWriter:
        """Open `path`, creating an empty store there when the file is new or empty.

        Raises CorruptStore when the file is not a stead store, StoreError when it cannot
        be opened.
        """
        conn = _connect(path)
        try:
            _ensure_schema(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _open_failure(path, exc) from exc
        except StoreError:
            conn.close()
            raise
        return cls(conn)

    def append(self, rows: Sequence[Row]) -> None:
        """Write `rows` in one transaction; returns once it is durable."""
        with self._transaction():
            self._conn.executemany(
                "INSERT INTO kv (id, key, create_revision, prev_revision, deleted, value)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (r.revision, r.key, r.create_revision, r.prev_revision, r.deleted, r.value)
                    for r in rows
                ],
            )

    def compact(self, revision: int) -> None:
        """Delete the rows no read at or after `revision` can see, and tombstones up to it."""
        with self._transaction():
            self._conn.execute(
                "DELETE FROM kv WHERE id <= :rev AND (deleted = 1 OR EXISTS ("
                " SELECT 1 FROM kv AS newer"
                " WHERE newer.key = kv.key AND newer.id > kv.id AND newer.id <= :rev))",
                {"rev": revision},
            )
            self._conn.execute(
                "UPDATE stead_meta SET value = ? WHERE name = 'compact_revision'", (revision,)
            )

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.rollback()
            raise


class LogReader:
    """Reads at explicit revisions, each in its own snapshot (so compaction cannot tear it)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, path: Path) -> LogReader:
        """Open a store that `LogWriter.open` has already checked."""
        conn = _connect(path)
        conn.execute("PRAGMA query_only = ON")
        return cls(conn)

    def load(self, path: Path) -> Snapshot:
        """The live pairs at the latest revision, and the current and compacted revisions.

        Raises CorruptStore when the file at `path` turns out to be damaged.
        """
        try:
            return self._load()
        except sqlite3.DatabaseError as exc:
            raise CorruptStore(f"{path} is not a readable stead store: {exc}") from exc

    def _load(self) -> Snapshot:
        with self._snapshot() as compacted:
            row = self._conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'kv'").fetchone()
            revision = 0 if row is None else int(row[0])
            pairs = self._live_pairs("", "\U0010ffff", revision, limit=-1)
        return Snapshot(pairs, revision, compacted)

    def get(self, key: str, revision: int) -> KeyValue | None:
        with self._snapshot(revision):
            row = self._conn.execute(
                "SELECT id, create_revision, deleted, value FROM kv"
                " WHERE key = ? AND id <= ? ORDER BY id DESC LIMIT 1",
                (key, revision),
            ).fetchone()
        if row is None or row[2]:
            return None
        return KeyValue(key, row[3], row[1], row[0])

    def range(
        self, start: str, end: str, *, revision: int, limit: int
    ) -> tuple[list[KeyValue], bool]:
        """Live pairs in `[start, end)` at `revision`, at most `limit` (0: all), and whether
        more follow."""
        with self._snapshot(revision):
            pairs = self._live_pairs(start, end, revision, limit=limit + 1 if limit else -1)
        if limit and len(pairs) > limit:
            return pairs[:limit], True
        return pairs, False

    def history(
        self, prefix_range: tuple[str, str] | None, *, after: int, upto: int, limit: int
    ) -> tuple[list[WatchEvent], int]:
        """Up to `limit` changes in `(after, upto]` to keys in `prefix_range` (None: all keys),
        and the revision the returned events account for (see `HistoryReader`)."""
        where = "kv.id > ? AND kv.id <= ?"
        params: list[object] = [after, upto]
        if prefix_range is not None:
            where += " AND kv.key >= ? AND kv.key < ?"
            params += prefix_range
        with self._snapshot(after):
            rows = self._conn.execute(
                "SELECT kv.id, kv.key, kv.deleted, kv.value, prev.deleted, prev.value FROM kv"
                " LEFT JOIN kv AS prev ON prev.id = kv.prev_revision"
                f" WHERE {where} ORDER BY kv.id LIMIT ?",
                (*params, limit),
            ).fetchall()
        events = [_event(row) for row in rows]
        read_to = events[-1].revision if len(events) == limit else upto
        return events, read_to

    def close(self) -> None:
        self._conn.close()

    def _live_pairs(self, start: str, end: str, revision: int, *, limit: int) -> list[KeyValue]:
        # Walking kv_key_id in key order keeps the result sorted without sorting the values,
        # and it holds `deleted`, so rows are filtered in the index before values are read.
        rows = self._conn.execute(
            "SELECT key, value, create_revision, id FROM kv AS k"
            " WHERE key >= :start AND key < :end AND id <= :rev AND deleted = 0"
            " AND id = (SELECT MAX(id) FROM kv WHERE key = k.key AND id <= :rev)"
            " ORDER BY key LIMIT :limit",
            {"start": start, "end": end, "rev": revision, "limit": limit},
        )
        return [KeyValue(*row) for row in rows]

    @contextmanager
    def _snapshot(self, revision: int | None = None) -> Iterator[int]:
        """A read transaction; yields the compaction point, and raises Compacted when
        `revision` is older than it."""
        self._conn.execute("BEGIN")
        try:
            compacted = _meta(self._conn, "compact_revision") or 0
            if revision is not None and revision < compacted:
                raise Compacted(revision, compacted)
            yield compacted
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")


_HistoryRow = tuple[int, str, int, bytes, int | None, bytes | None]
"""revision, key, deleted, value, and the replaced row's deleted and value (NULL when none)."""


def _event(row: _HistoryRow) -> WatchEvent:
    revision, key, deleted, value, prev_deleted, prev_value = row
    if deleted:
        return WatchEvent(EventType.DELETE, key, revision, value, None)
    previous = prev_value if prev_deleted == 0 else None
    return WatchEvent(EventType.PUT, key, revision, value, previous)
