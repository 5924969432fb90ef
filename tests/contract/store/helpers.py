"""Helpers for the store contract suite."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, Protocol

from stead.store import KeyValue, Store, Watch, WatchEvent

WAIT = 5.0
"""Seconds a test waits for an event that must come; reaching it is a failure, not a pause."""


class OpenStore(Protocol):
    def __call__(self, *, watch_buffer: int = ...) -> Coroutine[Any, Any, Store]: ...


async def take(watch: Watch, count: int) -> list[WatchEvent]:
    """The next `count` events of `watch`; fails when they do not all arrive within WAIT."""
    events: list[WatchEvent] = []
    iterator = aiter(watch)
    async with asyncio.timeout(WAIT):
        while len(events) < count:
            events.append(await anext(iterator))
    return events


async def marker_is_next(store: Store, watch: Watch, key: str) -> None:
    """Write `key` and assert it is the next event of `watch`: nothing else was pending."""
    written = await put(store, key, b"marker")
    [event] = await take(watch, 1)
    assert (event.key, event.revision) == (key, written.mod_revision)


async def put(store: Store, key: str, value: bytes) -> KeyValue:
    """Create or update `key` unconditionally; returns the written pair."""
    current, _ = await store.get(key)
    if current is None:
        result = await store.create(key, value)
    else:
        result = await store.update(key, value, mod_revision=current.mod_revision)
    assert result.succeeded, result
    assert result.current is not None
    return result.current


async def delete(store: Store, key: str) -> int:
    """Delete `key` (which must exist); returns the deletion's revision."""
    current, _ = await store.get(key)
    assert current is not None, key
    result = await store.delete(key, mod_revision=current.mod_revision)
    assert result.succeeded, result
    return result.revision
