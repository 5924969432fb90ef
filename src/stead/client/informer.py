"""An informer: list + watch one resource into a local cache and tell handlers what changed.

Lifecycle of `run()` (until cancelled):
1. List every object (in pages), replace the cache with the result, report the difference to
   the handlers (objects that vanished meanwhile arrive as `Tombstone`s), mark the cache synced.
2. Watch from the list's resourceVersion with bookmarks; apply each event to the cache, then
   tell the handlers. A watch the server ends (timeout) resumes from the last resourceVersion
   seen, bookmarks included, without listing again.
3. A 410 (`Expired`: the version was compacted, or the watch fell behind and was cut off)
   means events were lost: list again (step 1). Other failures back off and resume the watch.

Handler contract: handlers run synchronously in the informer's task, in event order, and must
be quick (typically: compute a key, add it to a work queue). They receive the cached objects
themselves and must not mutate them (see `cache`). An exception in a handler is logged and
does not stop the informer.

Practice 6 of docs/STYLE: a controller that just wrote an object can `await wait_for(rv)` (the
write's resourceVersion) so that it never decides from a cache older than its own write.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from stead.api import errors
from stead.api.kinds import ResourceType
from stead.client.cache import Cache
from stead.client.objects import Object, object_key, resource_version_of, revision
from stead.client.rest import RestClient, WatchEvent, WatchEventType

log = logging.getLogger(__name__)

PAGE_SIZE = 500
WATCH_TIMEOUT = 300
"""Seconds a watch asks to last at least (each picks between this and twice this, as client-go)."""
_RETRY_DELAYS = (0.0, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class Tombstone:
    """A delete learned by listing again: `obj` is the last state the cache had (maybe stale)."""

    key: str
    obj: Object


Deleted = Object | Tombstone


def last_state(deleted: Deleted) -> Object:
    """The deleted object, or the tombstone's last known state of it."""
    return deleted.obj if isinstance(deleted, Tombstone) else deleted


class EventHandler(Protocol):
    def on_add(self, obj: Object) -> None: ...

    def on_update(self, old: Object, new: Object) -> None: ...

    def on_delete(self, obj: Deleted) -> None: ...


def _ignore(*_: object) -> None:
    return None


@dataclass(frozen=True)
class Handlers:
    """An `EventHandler` made of plain functions; an omitted one ignores its events."""

    added: Callable[[Object], None] = _ignore
    updated: Callable[[Object, Object], None] = _ignore
    deleted: Callable[[Deleted], None] = _ignore

    def on_add(self, obj: Object) -> None:
        self.added(obj)

    def on_update(self, old: Object, new: Object) -> None:
        self.updated(old, new)

    def on_delete(self, obj: Deleted) -> None:
        self.deleted(obj)


class Informer:
    def __init__(
        self,
        client: RestClient,
        resource: ResourceType,
        *,
        namespace: str = "",
        label_selector: str = "",
        field_selector: str = "",
        page_size: int = PAGE_SIZE,
        watch_timeout: int = WATCH_TIMEOUT,
    ) -> None:
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.label_selector = label_selector
        self.field_selector = field_selector
        self.page_size = page_size
        self.watch_timeout = watch_timeout
        self.cache = Cache()
        self._handlers: list[EventHandler] = []
        self._synced = asyncio.Event()
        self._seen = 0
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []

    @property
    def name(self) -> str:
        scope = f" in {self.namespace}" if self.namespace else ""
        return f"{self.resource.qualified_name}{scope}"

    def add_handler(self, handler: EventHandler) -> None:
        """Tell `handler` about every change; if already synced, first about every object."""
        self._handlers.append(handler)
        if self.has_synced:
            for obj in self.cache.objects():
                _call(handler.on_add, obj)

    @property
    def has_synced(self) -> bool:
        """True once the first full list is in the cache (it stays true across relists)."""
        return self._synced.is_set()

    async def wait_synced(self) -> None:
        await self._synced.wait()

    @property
    def last_seen(self) -> int:
        """The newest revision the cache reflects (events and bookmarks applied up to it)."""
        return self._seen

    def has_seen(self, resource_version: str) -> bool:
        return self.has_synced and self._seen >= revision(resource_version)

    async def wait_for(self, resource_version: str) -> None:
        """Return once the cache reflects every change up to `resource_version`.

        Meant for the resourceVersion of a write to this informer's resource: its own event
        brings the cache there. (A version from another resource is reached only when this one
        changes again, or when a bookmark carries a newer revision: stead's bookmarks currently
        repeat the resource's own last revision, so do not wait on those.)
        """
        if self.has_seen(resource_version):
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append((revision(resource_version), waiter))
        try:
            await waiter
        finally:
            self._waiters = [(rv, w) for rv, w in self._waiters if w is not waiter]

    async def run(self) -> None:
        """List and watch until cancelled; failures are logged and retried, never raised."""
        resume = ""
        failures = 0
        while True:
            try:
                if not resume:
                    resume = await self._relist()
                resume = await self._watch(resume)
                failures = 0
            except errors.Expired as failure:
                log.info("%s: %s; listing again", self.name, failure)
                resume = ""
                failures += 1
            except errors.ApiError as failure:
                log.warning("%s: list/watch failed: %s", self.name, failure)
                failures += 1
            await asyncio.sleep(_RETRY_DELAYS[min(failures, len(_RETRY_DELAYS) - 1)])

    async def _relist(self) -> str:
        items, resource_version = await self._list_all()
        changes = self.cache.replace(items)
        for old in changes.deleted:
            self._dispatch_delete(Tombstone(object_key(old), old))
        for obj in changes.added:
            self._dispatch_add(obj)
        for old, new in changes.updated:
            self._dispatch_update(old, new)
        self._synced.set()
        self._advance(resource_version)
        return resource_version

    async def _list_all(self) -> tuple[list[Object], str]:
        items: list[Object] = []
        token = ""
        while True:
            page = await self.client.list(
                self.resource,
                namespace=self.namespace,
                label_selector=self.label_selector,
                field_selector=self.field_selector,
                limit=self.page_size,
                continue_token=token,
            )
            items.extend(page.items)
            token = page.continue_token
            if not token:
                return items, page.resource_version

    async def _watch(self, resume: str) -> str:
        timeout = random.randint(self.watch_timeout, 2 * self.watch_timeout)
        async with self.client.watch(
            self.resource,
            namespace=self.namespace,
            resource_version=resume,
            label_selector=self.label_selector,
            field_selector=self.field_selector,
            timeout_seconds=timeout,
        ) as events:
            async for event in events:
                resume = self._apply(event) or resume
        return resume

    def _apply(self, event: WatchEvent) -> str:
        obj = event.object
        if event.type is WatchEventType.DELETED:
            self.cache.remove(object_key(obj))
            self._dispatch_delete(obj)
        elif event.type is not WatchEventType.BOOKMARK:
            old = self.cache.put(obj)
            if old is None:
                self._dispatch_add(obj)
            else:
                self._dispatch_update(old, obj)
        resource_version = resource_version_of(obj)
        self._advance(resource_version)
        return resource_version

    def _advance(self, resource_version: str) -> None:
        self._seen = max(self._seen, revision(resource_version))
        ready = [w for rv, w in self._waiters if rv <= self._seen]
        for waiter in ready:
            if not waiter.done():
                waiter.set_result(None)

    def _dispatch_add(self, obj: Object) -> None:
        for handler in list(self._handlers):
            _call(handler.on_add, obj)

    def _dispatch_update(self, old: Object, new: Object) -> None:
        for handler in list(self._handlers):
            _call(handler.on_update, old, new)

    def _dispatch_delete(self, obj: Deleted) -> None:
        for handler in list(self._handlers):
            _call(handler.on_delete, obj)


def _call(function: Callable[..., None], *args: object) -> None:
    try:
        function(*args)
    except Exception:
        log.exception("an informer event handler failed")
