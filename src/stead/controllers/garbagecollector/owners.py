"""Classifying one owner reference of a dependent: solid, dangling or waiting.

An owner found in a cache (in the dependent's namespace, or cluster-scoped) is taken as present:
if it has been deleted since, its delete event will bring the dependent back. Otherwise it is
looked up through the API, by name in the dependent's namespace: only a 404, or an object with
that name but another uid, makes the reference dangling. A cached absence is never proof.

References the collector cannot resolve are treated as solid, so their dependents are left
alone: a kind (apiVersion + kind) stead does not serve, and a namespaced owner named by a
cluster-scoped dependent (invalid upstream too). Each such case is logged once.
"""

from __future__ import annotations

import logging

from stead.api import errors, kinds
from stead.client.objects import OwnerReference
from stead.client.rest import RestClient
from stead.controllers.garbagecollector.decision import OwnerState, owner_state
from stead.controllers.garbagecollector.graph import Graph, Node

log = logging.getLogger(__name__)


class OwnerResolver:
    def __init__(self, client: RestClient, graph: Graph) -> None:
        self.client = client
        self.graph = graph
        self._reported: set[tuple[str, str, str]] = set()

    async def states(self, dependent: Node) -> dict[str, OwnerState]:
        """The state of each owner of `dependent`, by owner uid."""
        return {ref.uid: await self.state(ref, dependent) for ref in dependent.owners}

    async def state(self, ref: OwnerReference, dependent: Node) -> OwnerState:
        resource = kinds.by_api_version(ref.api_version, ref.kind)
        if resource is None or not resource.stored:
            self._report_once(ref, dependent, "names a kind stead does not serve")
            return OwnerState.SOLID
        if resource.namespaced and not dependent.namespace:
            self._report_once(ref, dependent, "is namespaced but the dependent is not")
            return OwnerState.SOLID
        namespace = dependent.namespace if resource.namespaced else ""
        cached = self.graph.find(ref.uid)
        # An owner in another namespace does not count: references never cross namespaces.
        if cached is not None and cached.namespace == namespace:
            return owner_state(cached)
        try:
            live = await self.client.get(resource, ref.name, namespace=namespace)
        except errors.NotFound:
            return OwnerState.DANGLING
        found = Node(resource, live)
        return OwnerState.DANGLING if found.uid != ref.uid else owner_state(found)

    def _report_once(self, ref: OwnerReference, dependent: Node, problem: str) -> None:
        key = (ref.api_version, ref.kind, problem)
        if key in self._reported:
            return
        self._reported.add(key)
        log.warning(
            "%s: owner reference to %s %s %s; leaving such dependents alone",
            dependent,
            ref.api_version,
            ref.kind,
            problem,
        )
