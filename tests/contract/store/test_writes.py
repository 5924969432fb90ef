"""Contract: revisions and compare-and-swap writes."""

from __future__ import annotations

import asyncio

import pytest

from stead.store import KeyValue, Store, StoreClosed, WriteResult
from tests.contract.store.helpers import OpenStore, put


def test_empty_store_is_at_revision_zero(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        assert await store.current_revision() == 0
        assert await store.compacted_revision() == 0
        assert await store.get("/a") == (None, 0)

    runner.run(check())


def test_each_write_increments_the_revision_by_one(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        created = await store.create("/a", b"1")
        assert created == WriteResult(True, 1, KeyValue("/a", b"1", 1, 1))
        updated = await store.update("/a", b"2", mod_revision=1)
        assert updated == WriteResult(True, 2, KeyValue("/a", b"2", 1, 2))
        deleted = await store.delete("/a", mod_revision=2)
        assert deleted == WriteResult(True, 3, KeyValue("/a", b"2", 1, 2))
        assert await store.current_revision() == 3

    runner.run(check())


def test_create_only_when_absent(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await store.create("/a", b"1")
        refused = await store.create("/a", b"other")
        assert refused == WriteResult(False, 1, KeyValue("/a", b"1", 1, 1))
        assert await store.current_revision() == 1

    runner.run(check())


def test_recreated_key_gets_a_new_create_revision(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await store.create("/a", b"1")
        await store.delete("/a", mod_revision=1)
        again = await store.create("/a", b"2")
        assert again == WriteResult(True, 3, KeyValue("/a", b"2", 3, 3))

    runner.run(check())


def test_update_compares_mod_revision(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await store.create("/a", b"1")
        await store.create("/b", b"1")
        stale = await store.update("/a", b"x", mod_revision=2)
        assert stale == WriteResult(False, 2, KeyValue("/a", b"1", 1, 1))
        absent = await store.update("/missing", b"x", mod_revision=1)
        assert absent == WriteResult(False, 2, None)
        assert await store.get("/a") == (KeyValue("/a", b"1", 1, 1), 2)

    runner.run(check())


def test_delete_compares_mod_revision(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await store.create("/a", b"1")
        stale = await store.delete("/a", mod_revision=7)
        assert stale == WriteResult(False, 1, KeyValue("/a", b"1", 1, 1))
        absent = await store.delete("/missing", mod_revision=1)
        assert absent == WriteResult(False, 1, None)
        assert await store.current_revision() == 1

    runner.run(check())


def test_racing_updates_from_one_revision_exactly_one_wins(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        await store.create("/a", b"0")
        results = await asyncio.gather(
            *(store.update("/a", f"{i}".encode(), mod_revision=1) for i in range(20))
        )
        winners = [r for r in results if r.succeeded]
        assert len(winners) == 1
        assert winners[0].current is not None
        pair, _ = await store.get("/a")
        assert pair == winners[0].current
        assert all(r.current == pair for r in results if not r.succeeded)

    runner.run(check())


def test_concurrent_writers_get_gap_free_revisions(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        creates = await asyncio.gather(*(store.create(f"/k/{i:03}", b"v") for i in range(200)))
        updates = await asyncio.gather(
            *(
                store.update(f"/k/{i:03}", b"w", mod_revision=r.revision)
                for i, r in enumerate(creates)
            )
        )
        revisions = sorted(r.revision for r in creates + updates)
        assert all(r.succeeded for r in creates + updates)
        assert revisions == list(range(1, 401))
        assert await store.current_revision() == 400

    runner.run(check())


def test_values_are_opaque_bytes(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        value = bytes(range(256)) * 20
        await put(store, "/bin", value)
        await put(store, "/empty", b"")
        assert (await store.get("/bin"))[0] == KeyValue("/bin", value, 1, 1)
        assert (await store.get("/empty"))[0] == KeyValue("/empty", b"", 2, 2)

    runner.run(check())


def test_closed_store_refuses_calls(backend: OpenStore, runner: asyncio.Runner) -> None:
    async def check() -> None:
        store = await backend()
        await store.create("/a", b"1")
        await store.close()
        with pytest.raises(StoreClosed):
            await store.get("/a")
        with pytest.raises(StoreClosed):
            await store.range("/", "/z")
        with pytest.raises(StoreClosed):
            await store.create("/b", b"1")
        with pytest.raises(StoreClosed):
            await store.current_revision()

    runner.run(check())
