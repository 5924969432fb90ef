"""The part of the `Store` contract both backends answer identically over their own state.

A backend keeps the current and compacted revisions and a broadcaster, and implements
`_submit` (apply one write) and `_history` (changes in a revision window, for watch replay);
this base turns those into the public write, watch and revision methods.
"""

from __future__ import annotations

import abc

from stead.store.broadcaster import Broadcaster, ReplayWatch
from stead.store.interface import StoreClosed, WatchEvent, WriteResult
from stead.store.mvcc import Write, WriteKind, read_revision


class RevisionedStore(abc.ABC):
    _revision: int
    _compacted: int
    _closed: bool
    _broadcaster: Broadcaster

    @abc.abstractmethod
    async def _submit(self, write: Write) -> WriteResult:
        """Apply one write atomically, in submission order, and return its result."""

    @abc.abstractmethod
    async def _history(self, prefix: str, after: int, upto: int) -> tuple[list[WatchEvent], int]:
        """Changes under `prefix` with `after < revision <= upto` (a chunk of them) and the
        revision the chunk reaches."""

    def _describe(self) -> str:
        """How error messages name this store."""
        return "the store"

    async def create(self, key: str, value: bytes) -> WriteResult:
        return await self._submit(Write(WriteKind.CREATE, key, value))

    async def update(self, key: str, value: bytes, *, mod_revision: int) -> WriteResult:
        return await self._submit(Write(WriteKind.UPDATE, key, value, mod_revision))

    async def delete(self, key: str, *, mod_revision: int) -> WriteResult:
        return await self._submit(Write(WriteKind.DELETE, key, mod_revision=mod_revision))

    def watch(self, prefix: str, *, after_revision: int) -> ReplayWatch:
        return self._broadcaster.watch(
            prefix, after_revision=after_revision, upto=self._revision, history=self._history
        )

    async def current_revision(self) -> int:
        self._check_open()
        return self._revision

    async def compacted_revision(self) -> int:
        self._check_open()
        return self._compacted

    def _check_open(self) -> None:
        if self._closed:
            raise StoreClosed(f"{self._describe()} is closed")

    def _read_revision(self, requested: int) -> int:
        self._check_open()
        return read_revision(requested, current=self._revision, compacted=self._compacted)
