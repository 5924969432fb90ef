"""Child process of the kill -9 test: writes to a SqliteStore, printing each acknowledged write.

Usage: python durability_child.py STORE_PATH. Eight writers each create a key and then update
it, forever; every acknowledged write prints `revision key value` on its own flushed line.
"""

from __future__ import annotations

import asyncio
import sys

from stead.store import SqliteStore, Store


async def writer(store: Store, index: int) -> None:
    for round_ in range(1_000_000):
        key = f"/k/{index}/{round_}"
        created = await store.create(key, b"v1")
        print(created.revision, key, "v1", flush=True)
        updated = await store.update(key, b"v2", mod_revision=created.revision)
        print(updated.revision, key, "v2", flush=True)


async def main(path: str) -> None:
    store = await SqliteStore.open(path)
    await asyncio.gather(*(writer(store, index) for index in range(8)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
