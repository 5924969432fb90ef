"""Contract: compaction forgets old history; asking for it raises Compacted."""

from __future__ import annotations

import asyncio

import pytest

from stead.store import Compacted, FutureRevision, KeyValue, Store, prefix_end
from tests.contract.store.helpers import delete, put, take


async def history(store: Store) -> None:
    await put(store, "/a", b"1")  # 1
    await put(store, "/b", b"1")  # 2
    await put(store, "/a", b"2")  # 3
    await delete(store, "/b")  # 4
    await put(store, "/c", b"1")  # 5
    await put(store, "/a", b"3")  # 6


def test_reads_before_the_compaction_point_raise(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await history(store)
        await store.compact(4)
        assert await store.compacted_revision() == 4
        with pytest.raises(Compacted) as gone:
            await store.get("/a", revision=3)
        assert (gone.value.requested, gone.value.compacted) == (3, 4)
        with pytest.raises(Compacted):
            await store.range("/", "/z", revision=1)

    runner.run(check())


def test_state_at_and_after_the_compaction_point_is_kept(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        await history(store)
        await store.compact(4)
        everything = "", prefix_end("")
        at_4 = await store.range(*everything, revision=4)
        assert at_4.items == [KeyValue("/a", b"2", 1, 3)]
        at_5 = await store.range(*everything, revision=5)
        assert at_5.items == [KeyValue("/a", b"2", 1, 3), KeyValue("/c", b"1", 5, 5)]
        assert await store.get("/b", revision=4) == (None, 4)
        assert await store.get("/a") == (KeyValue("/a", b"3", 1, 6), 6)
        assert await store.count(*everything) == 2
        assert await store.current_revision() == 6

    runner.run(check())


def test_watch_from_before_the_compaction_point_raises(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        await history(store)
        await store.compact(4)
        with pytest.raises(Compacted) as gone:
            await take(store.watch("/", after_revision=3), 1)
        assert (gone.value.requested, gone.value.compacted) == (3, 4)
        with pytest.raises(Compacted):
            await take(store.watch("/nothing-here/", after_revision=0), 1)

    runner.run(check())


def test_watch_from_the_compaction_point_replays_the_rest(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        await history(store)
        await store.compact(4)
        watch = store.watch("/", after_revision=4)
        events = await take(watch, 2)
        assert [(e.key, e.revision, e.prev_value) for e in events] == [
            ("/c", 5, None),
            ("/a", 6, b"2"),
        ]
        await watch.close()

    runner.run(check())


def test_compacting_everything_keeps_the_latest_state(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await history(store)
        await delete(store, "/c")  # 7
        await store.compact(7)
        assert (await store.range("", prefix_end(""))).items == [KeyValue("/a", b"3", 1, 6)]
        assert await store.current_revision() == 7
        created = await store.create("/b", b"again")
        assert created.revision == 8

    runner.run(check())


def test_compaction_bounds(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await history(store)
        with pytest.raises(FutureRevision):
            await store.compact(7)
        await store.compact(5)
        await store.compact(3)  # already compacted further: nothing to do
        await store.compact(5)
        assert await store.compacted_revision() == 5

    runner.run(check())
