"""WATCH: a chunked stream of `{"type": ..., "object": ...}\\n` events.

Starting point (upstream semantics): resourceVersion unset or "0" sends the current state as
ADDED events first, then changes; resourceVersion=N sends changes after N only; too old -> one
ERROR event carrying a 410 Expired Status. Selectors see transitions: an object that starts
matching arrives as ADDED, one that stops matching as DELETED.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from stead.api import errors
from stead.apiserver import tables, views
from stead.apiserver.handlers.reads import Filter, list_page
from stead.apiserver.http import Request, Response
from stead.apiserver.objects import Change, ObjectStore
from stead.apiserver.routing import ResourcePath
from stead.store.interface import EventType, StoreError

Object = dict[str, Any]
Clock = Callable[[], datetime]

BOOKMARK_INTERVAL = 5.0
"""Seconds between bookmarks on an idle watch that asked for them (informers resume from them)."""
_DEFAULT_TIMEOUT_RANGE = (1800.0, 3600.0)
_QUEUE_SIZE = 1024
_BATCH = 64
"""Most queued events sent in one chunk."""


@dataclass(frozen=True)
class WatchRequest:
    path: ResourcePath
    selection: Filter
    start: str
    send_initial: bool
    bookmarks: bool
    timeout: float
    as_table: bool
    include_object: str

    @classmethod
    def from_request(cls, request: Request, path: ResourcePath) -> WatchRequest:
        timeout = float(request.int_param("timeoutSeconds"))
        if timeout <= 0:
            timeout = random.uniform(*_DEFAULT_TIMEOUT_RANGE)
        start = request.param("resourceVersion")
        # isdigit() alone passes "²", which int() refuses, and other scripts' digits, which Go
        # refuses.
        if start not in ("", "0") and not (start.isascii() and start.isdigit()):
            raise errors.BadRequest(f"invalid resource version: {start!r}")
        return cls(
            path=path,
            selection=Filter.from_request(request, path.resource),
            start=start,
            send_initial=request.param("sendInitialEvents") == "true",
            bookmarks=request.flag("allowWatchBookmarks"),
            timeout=timeout,
            as_table=request.wants_table(),
            include_object=request.param("includeObject", "Metadata"),
        )

    def matches(self, obj: Object) -> bool:
        if self.path.name and obj.get("metadata", {}).get("name") != self.path.name:
            return False
        return self.selection.matches(obj)


def classify(change: Change, watch: WatchRequest) -> str | None:
    """The watch event type a store change becomes for this watcher, or None to skip it."""
    now_matches = watch.matches(change.obj)
    if change.type is EventType.DELETE:
        return "DELETED" if now_matches else None
    was_matching = change.previous is not None and watch.matches(change.previous)
    if now_matches:
        return "MODIFIED" if was_matching else "ADDED"
    return "DELETED" if was_matching else None


class _Encoder:
    """Turns objects into event lines; Table column definitions go with the first row only."""

    def __init__(self, watch: WatchRequest, clock: Clock) -> None:
        self.watch = watch
        self.clock = clock
        self.columns_sent = False

    def event(self, kind: str, obj: Object) -> bytes:
        resource = self.watch.path.resource
        served: Object = views.to_served(resource, obj)
        if self.watch.as_table and kind != "BOOKMARK":
            served = tables.table(
                resource,
                [served],
                now=self.clock(),
                include_object=self.watch.include_object,
                list_meta={"resourceVersion": obj["metadata"]["resourceVersion"]},
                with_column_definitions=not self.columns_sent,
            )
            self.columns_sent = True
        return orjson.dumps({"type": kind, "object": served}) + b"\n"

    def change(self, kind: str, change: Change) -> bytes:
        """The event line of `change`; plain JSON lines are shared by all watchers of it."""
        if self.watch.as_table:
            return self.event(kind, change.obj)
        memo_key = (kind, self.watch.path.resource.api_version)
        line = change.lines.get(memo_key)
        if line is None:
            line = change.lines[memo_key] = self.event(kind, change.obj)
        return line

    def bookmark(self, revision: int, *, initial_end: bool = False) -> bytes:
        resource = self.watch.path.resource
        meta: dict[str, Any] = {"resourceVersion": str(revision)}
        if initial_end:
            meta["annotations"] = {"k8s.io/initial-events-end": "true"}
        obj = {"kind": resource.kind, "apiVersion": resource.api_version, "metadata": meta}
        return orjson.dumps({"type": "BOOKMARK", "object": obj}) + b"\n"


def error_event(error: errors.ApiError) -> bytes:
    return orjson.dumps({"type": "ERROR", "object": error.to_status()}) + b"\n"


async def _initial_state(
    objects: ObjectStore, request: Request, watch: WatchRequest
) -> tuple[list[Object], int]:
    if watch.start not in ("", "0") and not watch.send_initial:
        return [], int(watch.start)
    items, list_meta = await list_page(objects, _unpaged(request), watch.path, watch.selection)
    return [obj for obj in items if watch.matches(obj)], int(list_meta["resourceVersion"])


def _unpaged(request: Request) -> Request:
    query = {k: v for k, v in request.query.items() if k not in ("limit", "continue")}
    return Request(request.method, request.path, query, request.headers)


async def _pump(
    objects: ObjectStore, watch: WatchRequest, after: int, queue: asyncio.Queue[Change | Exception]
) -> None:
    path = watch.path
    try:
        async for change in objects.watch(path.resource, path.namespace, after_revision=after):
            await queue.put(change)
    except (errors.ApiError, StoreError) as failure:
        await queue.put(failure)
    else:
        await queue.put(errors.ServiceUnavailable("the store stopped serving the watch"))


async def _stream(
    objects: ObjectStore, request: Request, watch: WatchRequest, clock: Clock
) -> AsyncIterator[bytes]:
    encoder = _Encoder(watch, clock)
    try:
        initial, revision = await _initial_state(objects, request, watch)
    except errors.ApiError as failure:
        yield error_event(failure)
        return
    for obj in initial:
        yield encoder.event("ADDED", obj)
    if watch.send_initial and watch.bookmarks:
        yield encoder.bookmark(revision, initial_end=True)
    queue: asyncio.Queue[Change | Exception] = asyncio.Queue(_QUEUE_SIZE)
    pump = asyncio.create_task(_pump(objects, watch, revision, queue))
    try:
        async for line in _follow(queue, watch, encoder, revision):
            yield line
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump


async def _follow(
    queue: asyncio.Queue[Change | Exception],
    watch: WatchRequest,
    encoder: _Encoder,
    revision: int,
) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + watch.timeout
    while (remaining := deadline - loop.time()) > 0:
        wait = min(remaining, BOOKMARK_INTERVAL) if watch.bookmarks else remaining
        try:
            item = await asyncio.wait_for(queue.get(), timeout=wait)
        except TimeoutError:
            if watch.bookmarks and loop.time() < deadline:
                yield encoder.bookmark(revision)
            continue
        lines: list[bytes] = []
        for queued in _drain(queue, item):
            if isinstance(queued, Exception):
                lines.append(_end_event(queued))
                yield b"".join(lines)
                return
            revision = queued.revision
            kind = classify(queued, watch)
            if kind is not None:
                lines.append(encoder.change(kind, queued))
        if lines:
            yield b"".join(lines)


def _drain(
    queue: asyncio.Queue[Change | Exception], first: Change | Exception
) -> list[Change | Exception]:
    """`first` and whatever else is already queued (up to a bound): a burst of changes goes
    out as one chunk instead of one send per event."""
    items = [first]
    while len(items) < _BATCH and not queue.empty():
        items.append(queue.get_nowait())
    return items


def _end_event(failure: Exception) -> bytes:
    if isinstance(failure, errors.ApiError):
        return error_event(failure)
    return error_event(errors.Expired(f"watch ended: {failure}"))


async def watch_objects(
    objects: ObjectStore, request: Request, path: ResourcePath, *, clock: Clock
) -> Response:
    watch = WatchRequest.from_request(request, path)
    content_type = "application/json"
    if watch.as_table:
        content_type = "application/json;as=Table;v=v1;g=meta.k8s.io"
    return Response(content_type=content_type, stream=_stream(objects, request, watch, clock))
