"""An informer's local copy of one resource: objects by key, plus secondary indexes.

Contract: objects in the cache are shared with every reader and every event handler. Nobody
may mutate them; take `objects.deep_copy(obj)` first to build a change. (client-go's rule; the
cache does not copy on read, so a handler that mutates corrupts everyone's view.)

Built-in indexes: `NAMESPACE` (metadata.namespace), `UID` (metadata.uid) and `OWNER_UID` (the
uid of every owner reference); more can be added with `add_index` before objects arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from stead.client.objects import (
    Object,
    namespace_of,
    object_key,
    owner_references,
    resource_version_of,
    uid_of,
)

IndexFunc = Callable[[Object], Iterable[str]]

NAMESPACE = "namespace"
UID = "uid"
OWNER_UID = "owner-uid"


def _by_namespace(obj: Object) -> Iterable[str]:
    return (namespace_of(obj),)


def _by_uid(obj: Object) -> Iterable[str]:
    uid = uid_of(obj)
    return (uid,) if uid else ()


def _by_owner_uid(obj: Object) -> Iterable[str]:
    return {ref.uid for ref in owner_references(obj)}


DEFAULT_INDEXES: Mapping[str, IndexFunc] = {
    NAMESPACE: _by_namespace,
    UID: _by_uid,
    OWNER_UID: _by_owner_uid,
}


@dataclass(frozen=True)
class Replaced:
    """What a full relist changed: `(old, new)` pairs for updates, last states for deletes."""

    added: list[Object]
    updated: list[tuple[Object, Object]]
    deleted: list[Object]


class Cache:
    def __init__(self) -> None:
        self._objects: dict[str, Object] = {}
        self._index_funcs: dict[str, IndexFunc] = dict(DEFAULT_INDEXES)
        self._indexes: dict[str, dict[str, set[str]]] = {name: {} for name in self._index_funcs}

    def __len__(self) -> int:
        return len(self._objects)

    def add_index(self, name: str, func: IndexFunc) -> None:
        """Index objects by `func(obj)` (several values allowed); existing objects included."""
        if name in self._index_funcs:
            raise ValueError(f"index {name!r} already exists")
        self._index_funcs[name] = func
        self._indexes[name] = {}
        for key, obj in self._objects.items():
            self._index_one(name, key, obj)

    def get(self, key: str) -> Object | None:
        return self._objects.get(key)

    def keys(self) -> list[str]:
        return list(self._objects)

    def objects(self) -> list[Object]:
        return list(self._objects.values())

    def by_index(self, name: str, value: str) -> list[Object]:
        keys = self._indexes[name].get(value, ())
        return [self._objects[key] for key in keys]

    def in_namespace(self, namespace: str) -> list[Object]:
        return self.by_index(NAMESPACE, namespace)

    def by_uid(self, uid: str) -> Object | None:
        found = self.by_index(UID, uid)
        return found[0] if found else None

    def owned_by(self, owner_uid: str) -> list[Object]:
        """Objects with an owner reference to `owner_uid` (controller or not)."""
        return self.by_index(OWNER_UID, owner_uid)

    def put(self, obj: Object) -> Object | None:
        """Store `obj` under its key; returns the object it replaced."""
        key = object_key(obj)
        old = self._objects.get(key)
        if old is not None:
            self._unindex(key, old)
        self._objects[key] = obj
        for name in self._index_funcs:
            self._index_one(name, key, obj)
        return old

    def remove(self, key: str) -> Object | None:
        old = self._objects.pop(key, None)
        if old is not None:
            self._unindex(key, old)
        return old

    def replace(self, objects: Iterable[Object]) -> Replaced:
        """Make the cache hold exactly `objects`; report what that changed."""
        fresh = {object_key(obj): obj for obj in objects}
        gone = [key for key in self._objects if key not in fresh]
        deleted = [old for key in gone if (old := self.remove(key)) is not None]
        added: list[Object] = []
        updated: list[tuple[Object, Object]] = []
        for obj in fresh.values():
            old = self.put(obj)
            if old is None:
                added.append(obj)
            elif resource_version_of(old) != resource_version_of(obj):
                updated.append((old, obj))
        return Replaced(added, updated, deleted)

    def _index_one(self, name: str, key: str, obj: Object) -> None:
        index = self._indexes[name]
        for value in self._index_funcs[name](obj):
            index.setdefault(value, set()).add(key)

    def _unindex(self, key: str, obj: Object) -> None:
        for name, func in self._index_funcs.items():
            index = self._indexes[name]
            for value in func(obj):
                keys = index.get(value)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del index[value]
