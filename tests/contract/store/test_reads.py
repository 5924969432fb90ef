"""Contract: get, range and count, at the latest and at older revisions."""

from __future__ import annotations

import asyncio

import pytest

from stead.store import FutureRevision, KeyValue, Store, prefix_end
from tests.contract.store.helpers import delete, put


def keys(pairs: list[KeyValue]) -> list[str]:
    return [pair.key for pair in pairs]


def test_get_at_older_revisions(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await put(store, "/a", b"1")  # 1
        await put(store, "/b", b"x")  # 2
        await put(store, "/a", b"2")  # 3
        await delete(store, "/a")  # 4
        await put(store, "/a", b"3")  # 5
        assert await store.get("/a", revision=1) == (KeyValue("/a", b"1", 1, 1), 1)
        assert await store.get("/a", revision=2) == (KeyValue("/a", b"1", 1, 1), 2)
        assert await store.get("/a", revision=3) == (KeyValue("/a", b"2", 1, 3), 3)
        assert await store.get("/a", revision=4) == (None, 4)
        assert await store.get("/a", revision=5) == (KeyValue("/a", b"3", 5, 5), 5)
        assert await store.get("/a") == (KeyValue("/a", b"3", 5, 5), 5)
        assert await store.get("/b", revision=1) == (None, 1)

    runner.run(check())


def test_reads_beyond_the_current_revision_are_refused(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        await put(store, "/a", b"1")
        with pytest.raises(FutureRevision) as future:
            await store.get("/a", revision=2)
        assert (future.value.requested, future.value.current) == (2, 1)
        with pytest.raises(FutureRevision):
            await store.range("/", "/z", revision=5)

    runner.run(check())


def test_range_is_half_open_in_key_order(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        for key in ["/b", "/a", "/c/2", "/c/1", "/c", "/d"]:
            await put(store, key, key.encode())
        result = await store.range("/b", "/d")
        assert keys(result.items) == ["/b", "/c", "/c/1", "/c/2"]
        assert (result.revision, result.more) == (6, False)
        assert [p.value for p in result.items] == [b"/b", b"/c", b"/c/1", b"/c/2"]
        assert keys((await store.range("/c/", prefix_end("/c/"))).items) == ["/c/1", "/c/2"]
        assert (await store.range("/d", "/b")).items == []
        assert (await store.range("/x", "/y")).items == []

    runner.run(check())


def test_range_at_older_revisions_and_after_deletes(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        await put(store, "/p/a", b"1")  # 1
        await put(store, "/p/b", b"1")  # 2
        await put(store, "/p/a", b"2")  # 3
        await delete(store, "/p/b")  # 4
        await put(store, "/p/c", b"1")  # 5
        end = prefix_end("/p/")
        at = {rev: (await store.range("/p/", end, revision=rev)).items for rev in range(1, 6)}
        assert at[1] == [KeyValue("/p/a", b"1", 1, 1)]
        assert at[2] == [KeyValue("/p/a", b"1", 1, 1), KeyValue("/p/b", b"1", 2, 2)]
        assert at[3] == [KeyValue("/p/a", b"2", 1, 3), KeyValue("/p/b", b"1", 2, 2)]
        assert at[4] == [KeyValue("/p/a", b"2", 1, 3)]
        assert at[5] == [KeyValue("/p/a", b"2", 1, 3), KeyValue("/p/c", b"1", 5, 5)]
        assert (await store.range("/p/", end, revision=2)).revision == 2
        assert (await store.range("/p/", end)).items == at[5]

    runner.run(check())


@pytest.mark.parametrize("revision", ["latest", "older"])
def test_limit_pages_with_more(store: Store, runner: asyncio.Runner, revision: str) -> None:
    async def check() -> None:
        for i in range(10):
            await put(store, f"/k/{i}", b"v")
        await delete(store, "/k/3")
        await put(store, "/z", b"outside")
        at = 0 if revision == "latest" else 11
        pages: list[list[str]] = []
        start, more = "/k/", True
        while more:
            page = await store.range(start, prefix_end("/k/"), revision=at, limit=4)
            assert page.revision == (at or 12)
            pages.append(keys(page.items))
            more = page.more
            start = page.items[-1].key + "\x00"
        assert pages == [
            ["/k/0", "/k/1", "/k/2", "/k/4"],
            ["/k/5", "/k/6", "/k/7", "/k/8"],
            ["/k/9"],
        ]

    runner.run(check())


def test_limit_equal_to_the_remaining_keys_has_no_more(
    store: Store, runner: asyncio.Runner
) -> None:
    async def check() -> None:
        for i in range(3):
            await put(store, f"/k/{i}", b"v")
        page = await store.range("/k/", "/k0", limit=3)
        assert (len(page.items), page.more) == (3, False)
        older = await store.range("/k/", "/k0", limit=3, revision=2)
        assert (len(older.items), older.more) == (2, False)

    runner.run(check())


def test_count(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        for i in range(5):
            await put(store, f"/k/{i}", b"v")
        await put(store, "/l", b"v")
        await delete(store, "/k/2")
        assert await store.count("/k/", prefix_end("/k/")) == 4
        assert await store.count("", prefix_end("")) == 5
        assert await store.count("/x", "/y") == 0

    runner.run(check())


def test_negative_arguments_are_programming_errors(store: Store, runner: asyncio.Runner) -> None:
    async def check() -> None:
        with pytest.raises(ValueError, match="revision"):
            await store.get("/a", revision=-1)
        with pytest.raises(ValueError, match="limit"):
            await store.range("/", "/z", limit=-1)
        with pytest.raises(ValueError, match="after_revision"):
            store.watch("/", after_revision=-1)

    runner.run(check())
