"""What the garbage collector does with one object: pure functions of observed state.

Upstream semantics (kubernetes pkg/controller/garbagecollector), in our own shape:

A dependent (an object with owner references), each owner classified as
* solid    - it exists and is not waiting for its dependents to go,
* dangling - verified absent: not found, or its name now belongs to an object with another uid,
* waiting  - it exists, is being deleted, and carries `foregroundDeletion`.

-> nothing when no owner is dangling or waiting;
-> with a solid owner left: remove the references to the dangling and waiting owners (a waiting
   owner would otherwise wait forever for a dependent that is not going away);
-> no solid owner, some waiting, and the dependent has dependents of its own: delete it in the
   foreground too, so the cascade goes all the way down (first making its own references
   non-blocking if one of its dependents is itself deleting in the foreground: a cycle guard);
-> otherwise delete it, honouring a propagation finalizer it already carries, else Background.

An owner being deleted
* with `orphan`: strip its reference from every dependent, then remove the finalizer;
* with `foregroundDeletion`: have every dependent looked at (each will classify this owner as
  waiting and go), and remove the finalizer once no dependent references it with
  `blockOwnerDeletion: true`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stead.client.objects import FOREGROUND_FINALIZER, ORPHAN_FINALIZER
from stead.client.rest import Propagation
from stead.controllers.garbagecollector.graph import Node


class OwnerState(enum.Enum):
    SOLID = "solid"
    DANGLING = "dangling"
    WAITING = "waiting"


@dataclass(frozen=True)
class RemoveReferences:
    owner_uids: frozenset[str]


@dataclass(frozen=True)
class DeleteDependent:
    propagation: Propagation
    unblock_first: bool = False
    """Set `blockOwnerDeletion: false` on the dependent's own references before deleting."""


DependentAction = RemoveReferences | DeleteDependent


def judge_dependent(
    dependent: Node, states: Mapping[str, OwnerState], *, its_dependents: Sequence[Node]
) -> DependentAction | None:
    """What to do with `dependent`, given the state of each owner (by uid)."""
    by_state: dict[OwnerState, set[str]] = {state: set() for state in OwnerState}
    for uid, state in states.items():
        by_state[state].add(uid)
    dangling, waiting = by_state[OwnerState.DANGLING], by_state[OwnerState.WAITING]
    if not dangling and not waiting:
        return None
    if by_state[OwnerState.SOLID]:
        return RemoveReferences(frozenset(dangling | waiting))
    if waiting and its_dependents:
        cycle = any(deleting_in_foreground(node) for node in its_dependents)
        return DeleteDependent(Propagation.FOREGROUND, unblock_first=cycle)
    return DeleteDependent(_own_policy(dependent))


def _own_policy(node: Node) -> Propagation:
    if ORPHAN_FINALIZER in node.finalizers:
        return Propagation.ORPHAN
    if FOREGROUND_FINALIZER in node.finalizers:
        return Propagation.FOREGROUND
    return Propagation.BACKGROUND


def owner_state(owner: Node) -> OwnerState:
    """The state of an owner known to exist."""
    return OwnerState.WAITING if deleting_in_foreground(owner) else OwnerState.SOLID


def deleting_in_foreground(node: Node) -> bool:
    return node.being_deleted and FOREGROUND_FINALIZER in node.finalizers


@dataclass(frozen=True)
class OrphanDependents:
    """Strip the owner's reference from `dependents`, then remove the `orphan` finalizer."""

    dependents: list[Node]


@dataclass(frozen=True)
class AwaitDependents:
    """Have `dependents` collected; the owner stays until the blocking ones are gone."""

    dependents: list[Node]


@dataclass(frozen=True)
class ReleaseOwner:
    """No dependent blocks the owner any more: remove `foregroundDeletion`."""


OwnerAction = OrphanDependents | AwaitDependents | ReleaseOwner


def judge_owner(owner: Node, dependents: Sequence[Node]) -> OwnerAction | None:
    """What to do for an owner being deleted, given its (cached) dependents."""
    if not owner.being_deleted:
        return None
    if ORPHAN_FINALIZER in owner.finalizers:
        return OrphanDependents(list(dependents))
    if FOREGROUND_FINALIZER not in owner.finalizers:
        return None
    if not any(blocks(dependent, owner.uid) for dependent in dependents):
        return ReleaseOwner()
    return AwaitDependents([d for d in dependents if not d.being_deleted])


def blocks(dependent: Node, owner_uid: str) -> bool:
    """Whether `dependent` keeps its owner from going in a foreground deletion."""
    ref = dependent.reference_to(owner_uid)
    return ref is not None and ref.block_owner_deletion
