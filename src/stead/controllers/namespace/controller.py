"""The namespace controller: empties a terminating namespace, then lets it go.

A namespace being deleted keeps `kubernetes` in `spec.finalizers` until this controller has
deleted everything in it (see `content`) and seen it all gone; then it PUTs `.../finalize`
without that finalizer and the API server removes the namespace. While content remains, the
namespace's status conditions say what and why (see `conditions`), and the namespace is looked
at again after the expected wait (upstream: half the estimate plus a second).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from stead.api import errors
from stead.api.meta import rfc3339
from stead.client.informer import Handlers
from stead.client.objects import Object, deep_copy, is_being_deleted, name_of
from stead.client.resources import NAMESPACES
from stead.client.rest import PatchType, RestClient
from stead.client.shared import SharedInformers
from stead.controllers.namespace.conditions import conditions_for, merged
from stead.controllers.namespace.content import Remaining, delete_content
from stead.controllers.runtime import Controller, Requeue

NAME = "namespace"
WORKERS = 2
FINALIZER = "kubernetes"


def _now() -> datetime:
    return datetime.now(UTC)


class NamespaceController:
    def __init__(
        self,
        client: RestClient,
        informers: SharedInformers,
        *,
        workers: int = WORKERS,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.client = client
        self.clock = clock
        self.informer = informers.informer(NAMESPACES)
        self.controller = Controller(NAME, self, workers=workers)
        self.informer.add_handler(
            Handlers(added=self._changed, updated=lambda _, new: self._changed(new))
        )

    def _changed(self, namespace: Object) -> None:
        if is_being_deleted(namespace):
            self.controller.enqueue(name_of(namespace))

    async def reconcile(self, key: str) -> Requeue | None:
        cached = self.informer.cache.get(key)
        if cached is None or not is_being_deleted(cached):
            return None
        # The cache may lag: a namespace deleted and created again must not lose its content.
        try:
            namespace = await self.client.get(NAMESPACES, key)
        except errors.NotFound:
            return None
        if not is_being_deleted(namespace) or FINALIZER not in _spec_finalizers(namespace):
            return None
        remaining = await delete_content(self.client, key, now=self.clock())
        await self._report(namespace, remaining)
        if not remaining.empty:
            return Requeue(after=remaining.estimate / 2 + 1)
        await self._finalize(namespace)
        return None

    async def _report(self, namespace: Object, remaining: Remaining) -> None:
        status = namespace.get("status")
        existing = status.get("conditions") if isinstance(status, dict) else None
        conditions = merged(existing, conditions_for(remaining), now=rfc3339(self.clock()))
        if conditions is None:
            return
        patch = {"status": {"conditions": conditions}}
        await self.client.patch(
            NAMESPACES, name_of(namespace), patch, patch_type=PatchType.MERGE, subresource="status"
        )

    async def _finalize(self, namespace: Object) -> None:
        finalized = deep_copy(namespace)
        spec = finalized.setdefault("spec", {})
        spec["finalizers"] = [f for f in _spec_finalizers(namespace) if f != FINALIZER]
        try:
            await self.client.update(NAMESPACES, finalized, subresource="finalize")
        except errors.NotFound:
            return


def _spec_finalizers(namespace: Object) -> list[str]:
    spec = namespace.get("spec")
    listed = spec.get("finalizers") if isinstance(spec, dict) else None
    return [f for f in listed if isinstance(f, str)] if isinstance(listed, list) else []
