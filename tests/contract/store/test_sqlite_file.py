"""SQLite backend only: the file survives reopening and kill -9; foreign files are refused."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from stead.store import CorruptStore, KeyValue, SqliteStore, StoreError, prefix_end
from tests.contract.store.helpers import delete, put, take

CHILD = Path(__file__).with_name("durability_child.py")


def test_reopening_finds_everything(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "deep" / "dir" / "stead.db"

    async def write() -> None:
        store = await SqliteStore.open(path)
        await put(store, "/a", b"1")  # 1
        await put(store, "/b", b"1")  # 2
        await put(store, "/a", b"2")  # 3
        await delete(store, "/b")  # 4
        await put(store, "/a", b"3")  # 5
        await delete(store, "/a")  # 6
        await put(store, "/c", b"1")  # 7
        await store.compact(3)
        await store.close()

    async def reopen() -> None:
        store = await SqliteStore.open(path)
        assert await store.current_revision() == 7
        assert await store.compacted_revision() == 3
        assert (await store.range("", prefix_end(""))).items == [KeyValue("/c", b"1", 7, 7)]
        assert await store.get("/a", revision=5) == (KeyValue("/a", b"3", 1, 5), 5)
        assert await store.get("/b", revision=3) == (KeyValue("/b", b"1", 2, 2), 3)
        events = await take(store.watch("", after_revision=3), 4)
        assert [(e.type.value, e.key, e.revision, e.prev_value) for e in events] == [
            ("DELETE", "/b", 4, None),
            ("PUT", "/a", 5, b"2"),
            ("DELETE", "/a", 6, None),
            ("PUT", "/c", 7, None),
        ]
        assert (await store.create("/a", b"4")).revision == 8
        await store.close()

    runner.run(write())
    runner.run(reopen())


def test_reopening_after_compacting_away_the_newest_row(
    tmp_path: Path, runner: asyncio.Runner
) -> None:
    path = tmp_path / "stead.db"

    async def write() -> None:
        store = await SqliteStore.open(path)
        await put(store, "/a", b"1")
        await delete(store, "/a")
        await store.compact(2)
        await store.close()

    async def reopen() -> None:
        store = await SqliteStore.open(path)
        assert (await store.current_revision(), await store.compacted_revision()) == (2, 2)
        assert (await store.create("/a", b"2")).revision == 3
        await store.close()

    runner.run(write())
    runner.run(reopen())


def test_close_commits_writes_queued_before_it(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "stead.db"

    async def write() -> None:
        store = await SqliteStore.open(path)
        writes = [asyncio.create_task(store.create(f"/k/{i}", b"v")) for i in range(50)]
        await asyncio.sleep(0)
        await store.close()
        assert all(result.succeeded for result in await asyncio.gather(*writes))

    async def reopen() -> None:
        store = await SqliteStore.open(path)
        assert await store.count("/k/", prefix_end("/k/")) == 50
        await store.close()

    runner.run(write())
    runner.run(reopen())


def test_garbage_file_is_refused(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "stead.db"
    path.write_bytes(b"this is not a database, " * 200)
    with pytest.raises(CorruptStore, match="not a readable stead store"):
        runner.run(SqliteStore.open(path))
    assert path.read_bytes() == b"this is not a database, " * 200


def test_foreign_sqlite_database_is_refused(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, key TEXT)")
    conn.close()
    with pytest.raises(CorruptStore, match="SQLite database but not a stead store"):
        runner.run(SqliteStore.open(path))


@pytest.mark.parametrize("offset", [8192, 65536], ids=["schema", "rows"])
def test_damaged_store_is_refused(tmp_path: Path, runner: asyncio.Runner, offset: int) -> None:
    path = tmp_path / "stead.db"

    async def write() -> None:
        store = await SqliteStore.open(path)
        for first in range(0, 400, 100):
            await asyncio.gather(
                *(store.create(f"/k/{i}", b"v" * 500) for i in range(first, first + 100))
            )
        await store.close()

    runner.run(write())
    with path.open("r+b") as damaged:
        damaged.seek(8192)
        damaged.write(b"\xff" * 16384)
    with pytest.raises(CorruptStore, match="not a readable stead store"):
        runner.run(SqliteStore.open(path))


def test_empty_file_becomes_a_store(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "stead.db"
    path.touch()

    async def check() -> None:
        store = await SqliteStore.open(path)
        assert (await store.create("/a", b"1")).revision == 1
        await store.close()

    runner.run(check())


def test_unusable_directory_is_a_clear_error(tmp_path: Path, runner: asyncio.Runner) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(StoreError, match=r"cannot open store .*file/stead\.db") as raised:
        runner.run(SqliteStore.open(blocker / "stead.db"))
    assert not isinstance(raised.value, CorruptStore)


def test_a_store_in_use_cannot_be_opened_twice(tmp_path: Path, runner: asyncio.Runner) -> None:
    path = tmp_path / "stead.db"

    async def check() -> None:
        first = await SqliteStore.open(path)
        with pytest.raises(StoreError, match="in use"):
            await SqliteStore.open(path)
        await first.close()
        second = await SqliteStore.open(path)
        await second.close()

    runner.run(check())


@pytest.mark.parametrize("acks", [200, 450, 700])
def test_acknowledged_writes_survive_kill_9(
    tmp_path: Path, runner: asyncio.Runner, acks: int
) -> None:
    path = tmp_path / "stead.db"
    acknowledged = _run_child_until(path, acks)
    assert len(acknowledged) >= acks

    async def check() -> None:
        store = await SqliteStore.open(path)
        revision = await store.current_revision()
        assert revision >= max(rev for rev, _, _ in acknowledged)
        for rev, key, value in acknowledged:
            pair, _ = await store.get(key, revision=rev)
            assert pair is not None, (rev, key)
            assert (pair.value, pair.mod_revision) == (value, rev)
        events = await take(store.watch("", after_revision=0), revision)
        assert [e.revision for e in events] == list(range(1, revision + 1))
        await store.close()

    runner.run(check())


def _run_child_until(path: Path, acks: int) -> list[tuple[int, str, bytes]]:
    """Start the writer child, SIGKILL it after `acks` acknowledgements, return them all."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path)], stdout=subprocess.PIPE, text=True
    )
    watchdog = threading.Timer(10, child.kill)
    watchdog.start()
    assert child.stdout is not None
    lines: list[str] = []
    try:
        while len(lines) < acks and (line := child.stdout.readline()):
            lines.append(line)
        child.send_signal(signal.SIGKILL)
        child.wait()
        lines += child.stdout.read().splitlines(keepends=True)
    finally:
        watchdog.cancel()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    complete = [line.split() for line in lines if line.endswith("\n")]
    return [(int(rev), key, value.encode()) for rev, key, value in complete]
