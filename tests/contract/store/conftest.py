"""One store contract suite over every backend: add a backend by adding a `backend` param."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from stead.store import MemoryStore, SqliteStore, Store
from tests.contract.store.helpers import OpenStore


@pytest.fixture
def runner() -> Iterator[asyncio.Runner]:
    """The event loop a test and its stores run on (pytest-asyncio is not installed)."""
    with asyncio.Runner() as runner:
        yield runner


@pytest.fixture(params=["memory", "sqlite"])
def backend(
    request: pytest.FixtureRequest, runner: asyncio.Runner, tmp_path: Path
) -> Iterator[OpenStore]:
    """Opens fresh stores of one backend; every store it opened is closed after the test."""
    opened: list[Store] = []

    async def open_store(*, watch_buffer: int = 10_000) -> Store:
        store: Store
        if request.param == "memory":
            store = MemoryStore(watch_buffer=watch_buffer)
        else:
            path = tmp_path / f"store-{len(opened)}" / "stead.db"
            store = await SqliteStore.open(path, watch_buffer=watch_buffer)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        runner.run(store.close())


@pytest.fixture
def store(backend: OpenStore, runner: asyncio.Runner) -> Store:
    """An open, empty store of the backend under test."""
    return runner.run(backend())
