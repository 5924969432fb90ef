"""Reading API objects safely: keys, metadata fields, owner references, deep copies.

Objects are plain JSON dicts as the server sends them. Every accessor here tolerates odd JSON
(a missing or mistyped field reads as absent) because objects come from users. None of them
mutates its argument: objects handed out by an informer's cache are shared (see `cache`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Object = dict[str, Any]

ORPHAN_FINALIZER = "orphan"
FOREGROUND_FINALIZER = "foregroundDeletion"


def deep_copy(obj: Object) -> Object:
    """A private copy to modify (never modify an object that came from a cache)."""
    return copy.deepcopy(obj)


def metadata_of(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _field(obj: Mapping[str, Any], name: str) -> str:
    value = metadata_of(obj).get(name)
    return value if isinstance(value, str) else ""


def name_of(obj: Mapping[str, Any]) -> str:
    return _field(obj, "name")


def namespace_of(obj: Mapping[str, Any]) -> str:
    return _field(obj, "namespace")


def uid_of(obj: Mapping[str, Any]) -> str:
    return _field(obj, "uid")


def resource_version_of(obj: Mapping[str, Any]) -> str:
    return _field(obj, "resourceVersion")


def object_key(obj: Mapping[str, Any]) -> str:
    """`namespace/name`, or `name` for cluster-scoped objects (client-go's key format)."""
    namespace = namespace_of(obj)
    return f"{namespace}/{name_of(obj)}" if namespace else name_of(obj)


def split_key(key: str) -> tuple[str, str]:
    """`(namespace, name)` from a key made by `object_key` (namespace "" if cluster-scoped)."""
    namespace, _, name = key.rpartition("/")
    return namespace, name


def is_being_deleted(obj: Mapping[str, Any]) -> bool:
    return bool(metadata_of(obj).get("deletionTimestamp"))


def finalizers_of(obj: Mapping[str, Any]) -> tuple[str, ...]:
    listed = metadata_of(obj).get("finalizers")
    if not isinstance(listed, list):
        return ()
    return tuple(f for f in listed if isinstance(f, str))


def revision(resource_version: str) -> int:
    """A resourceVersion as the store revision it is (stead and etcd: a decimal integer).

    Comparable revisions are what lets a controller wait for its cache to catch up with its own
    writes; a resourceVersion that is not an integer reads as 0 (never newer than anything).
    """
    return int(resource_version) if resource_version.isdigit() else 0


@dataclass(frozen=True)
class OwnerReference:
    api_version: str
    kind: str
    name: str
    uid: str
    controller: bool = False
    block_owner_deletion: bool = False

    def to_json(self) -> Object:
        ref: Object = {"apiVersion": self.api_version, "kind": self.kind, "name": self.name,
                       "uid": self.uid}  # fmt: skip
        if self.controller:
            ref["controller"] = True
        if self.block_owner_deletion:
            ref["blockOwnerDeletion"] = True
        return ref


def owner_references(obj: Mapping[str, Any]) -> list[OwnerReference]:
    """The object's well-formed owner references (entries missing a uid or name are skipped)."""
    listed = metadata_of(obj).get("ownerReferences")
    refs = []
    for entry in listed if isinstance(listed, list) else []:
        ref = _owner_reference(entry)
        if ref is not None:
            refs.append(ref)
    return refs


def _owner_reference(entry: Any) -> OwnerReference | None:
    if not isinstance(entry, dict):
        return None
    fields = [entry.get(k) for k in ("apiVersion", "kind", "name", "uid")]
    texts = [f for f in fields if isinstance(f, str) and f]
    if len(texts) != len(fields):
        return None
    api_version, kind, name, uid = texts
    return OwnerReference(
        api_version=api_version,
        kind=kind,
        name=name,
        uid=uid,
        controller=entry.get("controller") is True,
        block_owner_deletion=entry.get("blockOwnerDeletion") is True,
    )


def controller_of(obj: Mapping[str, Any]) -> OwnerReference | None:
    """The owner reference marked `controller: true`, if any."""
    return next((ref for ref in owner_references(obj) if ref.controller), None)
