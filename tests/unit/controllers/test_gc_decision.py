"""The garbage collector's decisions as a table: observed state in, action out."""

from __future__ import annotations

from typing import Any

import pytest

from stead.client.objects import OwnerReference
from stead.client.resources import resource
from stead.client.rest import Propagation
from stead.controllers.garbagecollector.decision import (
    AwaitDependents,
    DeleteDependent,
    OrphanDependents,
    OwnerState,
    ReleaseOwner,
    RemoveReferences,
    judge_dependent,
    judge_owner,
)
from stead.controllers.garbagecollector.graph import Node

CONFIGMAPS = resource("v1", "configmaps")
SOLID, DANGLING, WAITING = OwnerState.SOLID, OwnerState.DANGLING, OwnerState.WAITING


def node(
    uid: str,
    *,
    owners: dict[str, bool] | None = None,
    finalizers: tuple[str, ...] = (),
    deleting: bool = False,
) -> Node:
    """A cached object; `owners` maps owner uid -> blockOwnerDeletion."""
    refs = [OwnerReference("v1", "ConfigMap", f"o-{u}", u, True, block).to_json()
            for u, block in (owners or {}).items()]  # fmt: skip
    meta: dict[str, Any] = {"name": uid, "namespace": "ns", "uid": uid, "resourceVersion": "7",
                            "ownerReferences": refs, "finalizers": list(finalizers)}  # fmt: skip
    if deleting:
        meta["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    return Node(CONFIGMAPS, {"metadata": meta})


@pytest.mark.parametrize(
    ("states", "finalizers", "expected"),
    [
        ({"a": SOLID}, (), None),
        ({"a": DANGLING}, (), DeleteDependent(Propagation.BACKGROUND)),
        ({"a": DANGLING, "b": DANGLING}, (), DeleteDependent(Propagation.BACKGROUND)),
        ({"a": WAITING}, (), DeleteDependent(Propagation.BACKGROUND)),
        ({"a": SOLID, "b": DANGLING}, (), RemoveReferences(frozenset({"b"}))),
        ({"a": SOLID, "b": DANGLING, "c": WAITING}, (), RemoveReferences(frozenset({"b", "c"}))),
        ({"a": DANGLING}, ("orphan",), DeleteDependent(Propagation.ORPHAN)),
        ({"a": DANGLING}, ("foregroundDeletion",), DeleteDependent(Propagation.FOREGROUND)),
    ],
)
def test_dependent(
    states: dict[str, OwnerState], finalizers: tuple[str, ...], expected: object
) -> None:
    dependent = node("d", owners=dict.fromkeys(states, True), finalizers=finalizers)
    assert judge_dependent(dependent, states, its_dependents=[]) == expected


def test_a_dependent_with_dependents_of_its_own_goes_in_the_foreground() -> None:
    dependent = node("d", owners={"a": True})
    child = node("c", owners={"d": True})
    action = judge_dependent(dependent, {"a": WAITING}, its_dependents=[child])
    assert action == DeleteDependent(Propagation.FOREGROUND)


def test_an_ownership_cycle_is_unblocked_before_the_foreground_delete() -> None:
    dependent = node("d", owners={"a": True})
    child = node("c", owners={"d": True}, finalizers=("foregroundDeletion",), deleting=True)
    action = judge_dependent(dependent, {"a": WAITING}, its_dependents=[child])
    assert action == DeleteDependent(Propagation.FOREGROUND, unblock_first=True)


def test_an_owner_not_being_deleted_needs_nothing() -> None:
    assert judge_owner(node("o"), [node("d", owners={"o": True})]) is None


def test_orphaning_strips_every_dependent() -> None:
    owner = node("o", finalizers=("orphan",), deleting=True)
    dependents = [node("d1", owners={"o": True}), node("d2", owners={"o": False})]
    assert judge_owner(owner, dependents) == OrphanDependents(dependents)


def test_foreground_waits_for_blocking_dependents_only() -> None:
    owner = node("o", finalizers=("foregroundDeletion",), deleting=True)
    blocking = node("d1", owners={"o": True})
    going = node("d2", owners={"o": True}, deleting=True)
    loose = node("d3", owners={"o": False})
    assert judge_owner(owner, [blocking, going, loose]) == AwaitDependents([blocking, loose])
    assert judge_owner(owner, [going]) == AwaitDependents([])
    assert judge_owner(owner, [loose]) == ReleaseOwner()
    assert judge_owner(owner, []) == ReleaseOwner()


def test_an_owner_deleted_without_propagation_finalizers_is_left_to_the_server() -> None:
    owner = node("o", finalizers=("example.com/other",), deleting=True)
    assert judge_owner(owner, [node("d", owners={"o": True})]) is None
