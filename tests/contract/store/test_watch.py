"""Contract: watches replay history in order, then follow live changes, bounded."""

from __future__ import annotations

import asyncio

import pytest

from stead.store import EventType, Store, StoreClosed, Watch, WatchCutOff, WatchEvent
from tests.contract.store.helpers import (
    OpenStore,
    delete,
    marker_is_next,
    put,
    take,
)

PUT, DELETE = EventType.PUT, EventType.DELETE


def test_replays_history_in_order_then_live(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await put(store, "/a", b"1")  # 1
        await put(store, "/b", b"1")  # 2
        await put(store, "/a", b"2")  # 3
        watch = store.watch("/", after_revision=1)
        replayed = await take(watch, 2)
        assert replayed == [
            WatchEvent(PUT, "/b", 2, b"1", None),
            WatchEvent(PUT, "/a", 3, b"2", b"1"),
        ]
        await delete(store, "/b")  # 4
        assert await take(watch, 1) == [WatchEvent(DELETE, "/b", 4, b"1", None)]
        await watch.close()

    runner.run(check())


def test_watch_from_zero_replays_everything(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        for i in range(5):
            await put(store, f"/k/{i}", b"v")
        watch = store.watch("/k/", after_revision=0)
        assert [e.revision for e in await take(watch, 5)] == [1, 2, 3, 4, 5]
        await marker_is_next(store, watch, "/k/marker")
        await watch.close()

    runner.run(check())


def test_prefix_filter(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await put(store, "/pods/a", b"1")  # 1
        await put(store, "/podsx", b"1")  # 2
        await put(store, "/svc/a", b"1")  # 3
        watch = store.watch("/pods/", after_revision=0)
        assert [e.key for e in await take(watch, 1)] == ["/pods/a"]
        await put(store, "/svc/b", b"1")
        await put(store, "/pods/b", b"1")
        assert [(e.key, e.revision) for e in await take(watch, 1)] == [("/pods/b", 5)]
        await marker_is_next(store, watch, "/pods/marker")
        await watch.close()

    runner.run(check())


def test_put_events_carry_the_previous_value(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        watch = store.watch("/", after_revision=0)
        await put(store, "/a", b"1")
        await put(store, "/a", b"2")
        await delete(store, "/a")
        await put(store, "/a", b"3")
        assert await take(watch, 4) == [
            WatchEvent(PUT, "/a", 1, b"1", None),
            WatchEvent(PUT, "/a", 2, b"2", b"1"),
            WatchEvent(DELETE, "/a", 3, b"2", None),
            WatchEvent(PUT, "/a", 4, b"3", None),
        ]
        replay = store.watch("/", after_revision=0)
        assert await take(replay, 4) == await take(store.watch("/", after_revision=0), 4)
        await watch.close()
        await replay.close()

    runner.run(check())


def test_replayed_and_live_events_are_identical(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        live = store.watch("/", after_revision=0)
        await put(store, "/a", b"1")
        await put(store, "/a", b"2")
        await delete(store, "/a")
        seen_live = await take(live, 3)
        replayed = store.watch("/", after_revision=0)
        assert await take(replayed, 3) == seen_live
        await live.close()
        await replayed.close()

    runner.run(check())


def test_watch_from_a_future_revision_starts_there(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await put(store, "/a", b"1")
        watch = store.watch("/", after_revision=3)
        await put(store, "/a", b"2")  # 2
        await put(store, "/a", b"3")  # 3
        await put(store, "/a", b"4")  # 4
        assert [e.revision for e in await take(watch, 1)] == [4]
        await watch.close()

    runner.run(check())


def test_hand_off_under_concurrent_writes(store: Store, runner: asyncio.Runner) -> None:
    """Watches opened while writers run see every revision after their start exactly once."""
    watches: list[tuple[int, Watch]] = []

    async def writer(index: int) -> None:
        for round_ in range(20):
            await put(store, f"/w/{index}", f"{round_}".encode())
            if index == 0 and round_ % 2 == 0:
                start = max(await store.current_revision() - 5, 0)
                watches.append((start, store.watch("/w/", after_revision=start)))

    async def check() -> None:
        await asyncio.gather(*(writer(i) for i in range(10)))
        assert await store.current_revision() == 200
        assert len({start for start, _ in watches}) > 1
        for start, watch in watches:
            events = await take(watch, 200 - start)
            assert [e.revision for e in events] == list(range(start + 1, 201))
        marker = await put(store, "/w/marker", b"")
        for _, watch in watches:
            assert (await take(watch, 1))[0].revision == marker.mod_revision
            await watch.close()

    runner.run(check())


def test_long_history_replays_completely(store: Store, runner: asyncio.Runner) -> None:
    """More history than a backend may read in one go, filtered by prefix."""

    async def check() -> None:
        keys = [f"/{'xy'[i % 2]}/{i:05}" for i in range(3000)]
        x_revisions = []
        for first in range(0, len(keys), 500):
            results = await asyncio.gather(
                *(store.create(key, b"v") for key in keys[first : first + 500])
            )
            created = [r.current for r in results if r.current is not None]
            x_revisions += [kv.mod_revision for kv in created if kv.key.startswith("/x/")]
        watch = store.watch("/x/", after_revision=0)
        events = await take(watch, 1500)
        assert [e.revision for e in events] == sorted(x_revisions)
        await marker_is_next(store, watch, "/x/marker")
        await watch.close()

    runner.run(check())


def test_every_watcher_sees_concurrent_writes_in_order(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        watches = [store.watch("/", after_revision=0) for _ in range(5)]
        await asyncio.gather(*(store.create(f"/k/{i:03}", b"v") for i in range(200)))
        for watch in watches:
            events = await take(watch, 200)
            assert [e.revision for e in events] == list(range(1, 201))
            assert sorted(e.key for e in events) == [f"/k/{i:03}" for i in range(200)]
            await watch.close()

    runner.run(check())


def test_slow_watcher_is_cut_off_while_writes_continue(
    backend: OpenStore, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        store = await backend(watch_buffer=8)
        slow = store.watch("/", after_revision=0)
        keeping_up = store.watch("/", after_revision=0)
        for i in range(30):
            await put(store, f"/k/{i}", b"v")
            assert (await take(keeping_up, 1))[0].revision == i + 1
        assert await store.current_revision() == 30
        with pytest.raises(WatchCutOff):
            await take(slow, 30)
        with pytest.raises(WatchCutOff):
            await take(slow, 1)
        await keeping_up.close()

    runner.run(check())


def test_close_ends_a_waiting_iteration(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        watch = store.watch("/", after_revision=0)

        async def consume() -> list[WatchEvent]:
            return [event async for event in watch]

        consumer = asyncio.create_task(consume())
        await put(store, "/a", b"1")
        await asyncio.sleep(0)
        await watch.close()
        async with asyncio.timeout(5):
            events = await consumer
        assert [e.key for e in events] in ([], ["/a"])
        assert [event async for event in watch] == []

    runner.run(check())


def test_closing_the_store_ends_watches_with_store_closed(
    backend: OpenStore, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        store = await backend()
        await put(store, "/a", b"1")
        waiting = store.watch("/", after_revision=1)
        idle = store.watch("/", after_revision=0)
        consumer = asyncio.create_task(take(waiting, 1))
        await asyncio.sleep(0)
        await store.close()
        with pytest.raises(StoreClosed):
            await consumer
        with pytest.raises(StoreClosed):
            await take(idle, 1)
        with pytest.raises(StoreClosed):
            await take(store.watch("/", after_revision=0), 1)

    runner.run(check())
