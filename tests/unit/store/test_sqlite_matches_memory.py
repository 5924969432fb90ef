"""SqliteStore against the reference: concurrent groups of writes (group commits) and reopening.

Both backends decide concurrently issued writes in submission order, so issuing the same groups
with `asyncio.gather` must give identical results, histories and watch streams.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from stead.store import KeyValue, MemoryStore, SqliteStore, Store, WriteResult, prefix_end
from tests.contract.store.helpers import take

KEYS = ["/a", "/b", "/b/1"]
EVERYTHING = ("", prefix_end(""))

write = st.tuples(
    st.sampled_from(["create", "update", "delete"]),
    st.sampled_from(KEYS),
    st.binary(max_size=4),
    st.sampled_from([0, 0, 1, -1]),
)
groups = st.lists(st.lists(write, min_size=1, max_size=8), max_size=8)


async def issue(store: Store, group: list[tuple[str, str, bytes, int]]) -> list[WriteResult]:
    """Issue the group's writes at once; mod revisions come from the state before the group."""
    before = {key: (await store.get(key))[0] for key in KEYS}
    calls = []
    for kind, key, value, offset in group:
        current = before[key]
        mod = (current.mod_revision if current else 0) + offset
        if kind == "create":
            calls.append(store.create(key, value))
        elif kind == "update":
            calls.append(store.update(key, value, mod_revision=mod))
        else:
            calls.append(store.delete(key, mod_revision=mod))
    return list(await asyncio.gather(*calls))


async def history(store: Store) -> list[list[KeyValue]]:
    current = await store.current_revision()
    return [(await store.range(*EVERYTHING, revision=rev)).items for rev in range(1, current + 1)]


@settings(max_examples=30, deadline=None)
@given(groups=groups)
def test_group_commits_match_the_reference(groups: list[list[tuple[str, str, bytes, int]]]) -> None:
    async def check(path: Path) -> None:
        memory, sqlite = MemoryStore(), await SqliteStore.open(path)
        for group in groups:
            assert await issue(sqlite, group) == await issue(memory, group)
        revision = await memory.current_revision()
        assert await history(sqlite) == await history(memory)
        replayed = await take(sqlite.watch("", after_revision=0), revision)
        assert replayed == await take(memory.watch("", after_revision=0), revision)
        await sqlite.close()
        reopened = await SqliteStore.open(path)
        assert await history(reopened) == await history(memory)
        await reopened.close()
        await memory.close()

    with TemporaryDirectory() as directory:
        asyncio.run(check(Path(directory) / "stead.db"))


def test_one_batch_sees_its_own_earlier_writes() -> None:
    async def check(path: Path) -> None:
        store = await SqliteStore.open(path)
        await store.create("/a", b"1")
        results = list(
            await asyncio.gather(
                store.update("/a", b"2", mod_revision=1),
                store.delete("/a", mod_revision=2),
                store.create("/a", b"3"),
                store.update("/a", b"x", mod_revision=2),
            )
        )
        assert results == [
            WriteResult(True, 2, KeyValue("/a", b"2", 1, 2)),
            WriteResult(True, 3, KeyValue("/a", b"2", 1, 2)),
            WriteResult(True, 4, KeyValue("/a", b"3", 4, 4)),
            WriteResult(False, 4, KeyValue("/a", b"3", 4, 4)),
        ]
        await store.close()

    with TemporaryDirectory() as directory:
        asyncio.run(check(Path(directory) / "stead.db"))
