"""The garbage collector: wiring (informer events -> uids to look at) and one reconcile.

Every collectable resource (stored, listable, watchable, deletable) gets a shared informer; the
queue holds object uids. An object is looked at when it has owners or is being deleted with a
propagation finalizer; its dependents when it is deleted; its owners that are waiting in the
foreground whenever it changes or goes (it may have been the last one blocking them).

`reconcile(uid)` is level-triggered: it reads the object from the caches and decides from what
is there now (see `decision`), so it is idempotent and picks up half-done work after a restart.
Like upstream, dependents are found through the informers' caches: a dependent created just
before its owner's deletion and not yet seen by its informer is not waited for in a foreground
deletion or orphaned; it is collected once seen, as its owner is then gone.
"""

from __future__ import annotations

from stead.client.informer import Deleted, Handlers, last_state
from stead.client.objects import (
    FOREGROUND_FINALIZER,
    ORPHAN_FINALIZER,
    Object,
    finalizers_of,
    is_being_deleted,
    owner_references,
    uid_of,
)
from stead.client.rest import RestClient
from stead.client.shared import SharedInformers
from stead.controllers.garbagecollector import effects
from stead.controllers.garbagecollector.decision import (
    AwaitDependents,
    DeleteDependent,
    OrphanDependents,
    ReleaseOwner,
    RemoveReferences,
    deleting_in_foreground,
    judge_dependent,
    judge_owner,
)
from stead.controllers.garbagecollector.graph import Graph, Node, collectable_resources
from stead.controllers.garbagecollector.owners import OwnerResolver
from stead.controllers.runtime import Controller, Requeue

NAME = "garbage-collector"
WORKERS = 4
_PROPAGATION_FINALIZERS = {ORPHAN_FINALIZER, FOREGROUND_FINALIZER}


class GarbageCollector:
    def __init__(
        self, client: RestClient, informers: SharedInformers, *, workers: int = WORKERS
    ) -> None:
        self.client = client
        self.graph = Graph({r: informers.informer(r) for r in collectable_resources()})
        self.owners = OwnerResolver(client, self.graph)
        self.controller = Controller(NAME, self, workers=workers)
        handlers = Handlers(added=self._added, updated=self._updated, deleted=self._deleted)
        for informer in self.graph.informers:
            informer.add_handler(handlers)

    # Events -> uids. Handlers only read the cached objects they are given.

    def _added(self, obj: Object) -> None:
        self._consider(obj)

    def _updated(self, old: Object, new: Object) -> None:
        self._consider(new)
        self._wake_waiting_owners(old)
        self._wake_waiting_owners(new)

    def _deleted(self, deleted: Deleted) -> None:
        obj = last_state(deleted)
        for dependent in self.graph.dependents(uid_of(obj)):
            self.controller.enqueue(dependent.uid)
        self._wake_waiting_owners(obj)

    def _consider(self, obj: Object) -> None:
        deleting = is_being_deleted(obj) and _PROPAGATION_FINALIZERS & set(finalizers_of(obj))
        if deleting or owner_references(obj):
            self.controller.enqueue(uid_of(obj))

    def _wake_waiting_owners(self, obj: Object) -> None:
        for ref in owner_references(obj):
            owner = self.graph.find(ref.uid)
            if owner is not None and deleting_in_foreground(owner):
                self.controller.enqueue(ref.uid)

    # Reconcile.

    async def reconcile(self, key: str) -> Requeue | None:
        node = self.graph.find(key)
        if node is None:
            return None
        if node.being_deleted:
            await self._finish_owner(node)
        elif node.owners:
            await self._collect_dependent(node)
        return None

    async def _finish_owner(self, owner: Node) -> None:
        action = judge_owner(owner, self.graph.dependents(owner.uid))
        match action:
            case OrphanDependents(dependents=dependents):
                for dependent in dependents:
                    await effects.remove_references(self.client, dependent, frozenset({owner.uid}))
                await effects.remove_finalizer(self.client, owner, ORPHAN_FINALIZER)
            case AwaitDependents(dependents=dependents):
                for dependent in dependents:
                    self.controller.enqueue(dependent.uid)
            case ReleaseOwner():
                await effects.remove_finalizer(self.client, owner, FOREGROUND_FINALIZER)

    async def _collect_dependent(self, dependent: Node) -> None:
        states = await self.owners.states(dependent)
        its_dependents = self.graph.dependents(dependent.uid)
        action = judge_dependent(dependent, states, its_dependents=its_dependents)
        match action:
            case RemoveReferences(owner_uids=uids):
                await effects.remove_references(self.client, dependent, uids)
            case DeleteDependent(propagation=propagation, unblock_first=unblock):
                # After unblocking, the delete waits for the next pass: its resourceVersion
                # precondition must be the patched object's.
                if not (unblock and await effects.unblock_references(self.client, dependent)):
                    await effects.delete(self.client, dependent, propagation)
