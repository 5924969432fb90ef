"""API objects in the versioned store: the one place that encodes objects into store values.

Objects are stored as compact JSON without `metadata.resourceVersion`; on the way out the key's
mod revision becomes the resourceVersion, so a resourceVersion is always exactly the store
revision of the object's last write (what watches resume from and what updates compare).
"""

from __future__ import annotations

import copy
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from stead.api import errors
from stead.api.kinds import ResourceType
from stead.store.interface import (
    Compacted,
    EventType,
    FutureRevision,
    KeyValue,
    Store,
    WatchEvent,
    prefix_end,
)

Object = dict[str, Any]

MAX_UPDATE_ATTEMPTS = 16
"""Guaranteed updates retry on concurrent writes; past this the caller gets a 409 to retry."""


def encode(obj: Object) -> bytes:
    meta = obj.get("metadata")
    if isinstance(meta, dict) and "resourceVersion" in meta:
        meta = {k: v for k, v in meta.items() if k != "resourceVersion"}
        obj = {**obj, "metadata": meta}
    return orjson.dumps(obj)


def decode(value: bytes, revision: int) -> Object:
    obj: Object = orjson.loads(value)
    obj.setdefault("metadata", {})["resourceVersion"] = str(revision)
    return obj


def decode_value(kv: KeyValue) -> Object:
    return decode(kv.value, kv.mod_revision)


SERVED_JSON_BUDGET = 64 * 2**20
"""Bytes of encoded objects `ObjectStore.served_json` keeps (the JSON of ~18k typical pods)."""


class JsonMemo:
    """Encoded JSON by (view, key, mod revision), least recently used dropped past a budget.

    A key's value at a revision never changes, so an entry can grow old but never stale.
    """

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._size = 0
        self._entries: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()

    def get(self, memo_key: tuple[str, str, int], make: Callable[[], bytes]) -> bytes:
        body = self._entries.get(memo_key)
        if body is not None:
            self._entries.move_to_end(memo_key)
            return body
        body = make()
        self._entries[memo_key] = body
        self._size += len(body)
        while self._size > self._budget:
            _, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped)
        return body


@dataclass(frozen=True)
class Page:
    values: list[KeyValue]
    """Stored values in key order; `decode_value` makes objects of them."""
    revision: int
    more: bool
    last_key: str


@dataclass(frozen=True)
class Change:
    """One change to an object, as a watch delivers it.

    Every watch that sees the change gets the same instance: never mutate it or its objects.
    """

    type: EventType
    revision: int
    obj: Object
    """PUT: the new object; DELETE: the last state, stamped with the deletion revision."""
    previous: Object | None
    """PUT: the object before this write (None for a create)."""
    lines: dict[tuple[str, str], bytes] = field(default_factory=dict, compare=False, repr=False)
    """The watch handler's memo of encoded event lines, by (event type, served apiVersion), so
    that a change is encoded once for all watchers; the one part of a change written to."""


Mutation = Callable[[Object], Object]
"""Takes a private copy of the current object and returns the object to store."""


class ObjectStore:
    """Typed access to the objects of every resource in one `Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Decoding a change once for all its watchers, not once per watcher, is what lets one
        # write reach a hundred watches; entries live only while some watch still holds them.
        self._changes: weakref.WeakValueDictionary[tuple[str, int], Change] = (
            weakref.WeakValueDictionary()
        )
        self._served = JsonMemo(SERVED_JSON_BUDGET)

    async def try_get(self, resource: ResourceType, namespace: str, name: str) -> Object | None:
        kv, _ = await self.store.get(resource.key(namespace, name))
        return None if kv is None else decode_value(kv)

    async def get(self, resource: ResourceType, namespace: str, name: str) -> Object:
        return decode_value(await self.get_value(resource, namespace, name))

    async def get_value(self, resource: ResourceType, namespace: str, name: str) -> KeyValue:
        kv, _ = await self.store.get(resource.key(namespace, name))
        if kv is None:
            raise errors.object_not_found(resource.group, resource.plural, name)
        return kv

    def served_json(self, kv: KeyValue, *, view: str, serve: Callable[[Object], Object]) -> bytes:
        """The JSON of `kv`'s object as `serve` presents it, encoded once per revision.

        `view` names `serve` (the served apiVersion): values differing in view are different
        bytes. `serve` must not mutate its argument.
        """
        memo_key = (view, kv.key, kv.mod_revision)
        return self._served.get(memo_key, lambda: orjson.dumps(serve(decode_value(kv))))

    async def list(
        self,
        resource: ResourceType,
        namespace: str,
        *,
        revision: int = 0,
        limit: int = 0,
        start_after: str = "",
    ) -> Page:
        """One page of values in key order; `start_after` is a key suffix from a previous page."""
        prefix = resource.collection_prefix(namespace)
        start = prefix + start_after + "\x00" if start_after else prefix
        try:
            result = await self.store.range(
                start, prefix_end(prefix), revision=revision, limit=limit
            )
        except Compacted as gone:
            raise errors.too_old_resource_version(gone.requested, gone.compacted) from gone
        except FutureRevision as future:
            raise errors.Timeout(
                f"Too large resource version: {future.requested}, current: {future.current}"
            ) from future
        last_key = result.items[-1].key.removeprefix(prefix) if result.items else ""
        return Page(result.items, result.revision, result.more, last_key)

    async def current_revision(self) -> int:
        return await self.store.current_revision()

    async def create(self, resource: ResourceType, obj: Object) -> Object:
        meta = obj["metadata"]
        key = resource.key(meta.get("namespace", ""), meta["name"])
        result = await self.store.create(key, encode(obj))
        if not result.succeeded:
            raise errors.object_already_exists(resource.group, resource.plural, meta["name"])
        assert result.current is not None
        return decode_value(result.current)

    async def update(
        self, resource: ResourceType, namespace: str, name: str, mutate: Mutation
    ) -> tuple[Object, Object]:
        """Apply `mutate` to the current object until the write wins; returns (old, new).

        When `mutate` returns an object equal to the current one nothing is written: the
        resourceVersion does not move and no watch event fires (kubectl's "no change").
        """
        key = resource.key(namespace, name)
        kv, _ = await self.store.get(key)
        for _ in range(MAX_UPDATE_ATTEMPTS):
            if kv is None:
                raise errors.object_not_found(resource.group, resource.plural, name)
            old = decode_value(kv)
            new = mutate(copy.deepcopy(old))
            value = encode(new)
            if value == kv.value:
                return old, old
            result = await self.store.update(key, value, mod_revision=kv.mod_revision)
            if result.succeeded:
                assert result.current is not None
                return old, decode_value(result.current)
            kv = result.current
        raise errors.object_conflict(resource.group, resource.plural, name, errors.STALE_OBJECT)

    async def delete(
        self, resource: ResourceType, namespace: str, name: str, *, expected: Object
    ) -> Object | None:
        """Remove the object if it is still exactly `expected`; None when it changed meanwhile."""
        revision = int(expected["metadata"]["resourceVersion"])
        result = await self.store.delete(resource.key(namespace, name), mod_revision=revision)
        if not result.succeeded:
            return None
        return decode(result.current.value if result.current else encode(expected), result.revision)

    async def watch(
        self, resource: ResourceType, namespace: str, *, after_revision: int
    ) -> AsyncIterator[Change]:
        prefix = resource.collection_prefix(namespace)
        watch = self.store.watch(prefix, after_revision=after_revision)
        try:
            async for event in watch:
                yield self._change(event)
        except Compacted as gone:
            raise errors.too_old_resource_version(gone.requested, gone.compacted) from gone
        finally:
            await watch.close()

    def _change(self, event: WatchEvent) -> Change:
        cache_key = (event.key, event.revision)
        change = self._changes.get(cache_key)
        if change is None:
            previous = None if event.prev_value is None else orjson.loads(event.prev_value)
            obj = decode(event.value, event.revision)
            change = Change(event.type, event.revision, obj, previous)
            self._changes[cache_key] = change
        return change
