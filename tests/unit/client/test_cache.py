from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from stead.client.cache import Cache
from stead.client.objects import Object, object_key, owner_references


def obj(name: str, *, namespace: str = "ns", rv: str = "1", owners: tuple[str, ...] = ()) -> Object:
    refs = [{"apiVersion": "v1", "kind": "ConfigMap", "name": f"o-{u}", "uid": u} for u in owners]
    meta: dict[str, Any] = {"name": name, "namespace": namespace, "uid": f"uid-{namespace}-{name}",
                            "resourceVersion": rv, "ownerReferences": refs}  # fmt: skip
    return {"metadata": meta}


def names(objects: list[Object]) -> set[str]:
    return {object_key(o) for o in objects}


def test_indexes_follow_puts_and_removes() -> None:
    cache = Cache()
    cache.put(obj("a", owners=("o1",)))
    cache.put(obj("b", owners=("o1", "o2")))
    cache.put(obj("c", namespace="other"))
    assert names(cache.owned_by("o1")) == {"ns/a", "ns/b"}
    assert names(cache.in_namespace("other")) == {"other/c"}
    assert object_key(cache.by_uid("uid-ns-a") or {}) == "ns/a"

    cache.put(obj("b", rv="2", owners=("o2",)))
    assert names(cache.owned_by("o1")) == {"ns/a"}
    assert names(cache.owned_by("o2")) == {"ns/b"}
    cache.remove("ns/a")
    assert cache.owned_by("o1") == []
    assert cache.by_uid("uid-ns-a") is None


def test_replace_reports_what_changed() -> None:
    cache = Cache()
    for name in ("kept", "changed", "gone"):
        cache.put(obj(name))
    changes = cache.replace([obj("kept"), obj("changed", rv="2"), obj("new")])
    assert names(changes.added) == {"ns/new"}
    assert [(object_key(old), object_key(new)) for old, new in changes.updated] == [
        ("ns/changed", "ns/changed")
    ]
    assert names(changes.deleted) == {"ns/gone"}
    assert sorted(cache.keys()) == ["ns/changed", "ns/kept", "ns/new"]


def test_an_added_index_covers_existing_objects() -> None:
    cache = Cache()
    cache.put(obj("a"))
    cache.add_index("first-letter", lambda o: (object_key(o).split("/")[1][0],))
    assert names(cache.by_index("first-letter", "a")) == {"ns/a"}


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sets(st.sampled_from("xyz"))), max_size=30))
def test_owner_index_matches_a_full_scan(writes: list[tuple[str, set[str]]]) -> None:
    cache = Cache()
    for name, owners in writes:
        if owners:
            cache.put(obj(name, owners=tuple(sorted(owners))))
        else:
            cache.remove(f"ns/{name}")
    for owner in "xyz":
        scanned = {
            object_key(o)
            for o in cache.objects()
            if any(ref.uid == owner for ref in owner_references(o))
        }
        assert names(cache.owned_by(owner)) == scanned
