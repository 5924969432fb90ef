"""GET of one object and LIST of a collection, as JSON or as a server-printed Table."""

from __future__ import annotations

import base64
import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import orjson

from stead.api import errors
from stead.api.fieldselectors import FieldSelector, object_fields, parse_field_selector
from stead.api.fieldselectors import validate_field_selector as check_field_selector
from stead.api.kinds import ResourceType
from stead.api.meta import labels_of
from stead.api.selector_parser import parse_label_selector
from stead.api.selectors import LabelSelector
from stead.apiserver import tables, views
from stead.apiserver.http import Request, Response, json_response
from stead.apiserver.objects import ObjectStore, decode_value
from stead.apiserver.routing import ResourcePath
from stead.store.interface import KeyValue

Object = dict[str, Any]
Clock = Callable[[], datetime]
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Filter:
    """The label and field selectors of a list or watch request."""

    labels: LabelSelector
    fields: FieldSelector
    resource: ResourceType

    @classmethod
    def from_request(cls, request: Request, resource: ResourceType) -> Filter:
        fields = check_field_selector(
            resource, parse_field_selector(request.param("fieldSelector"))
        )
        return cls(parse_label_selector(request.param("labelSelector")), fields, resource)

    @property
    def empty(self) -> bool:
        """True when the filter lets every object through."""
        return self.labels.empty and self.fields.empty

    def matches(self, obj: Object) -> bool:
        if not self.labels.matches(labels_of(obj)):
            return False
        return self.fields.empty or self.fields.matches(object_fields(self.resource, obj))


def _table_options(request: Request) -> str:
    return request.param("includeObject", "Metadata")


def respond_object(
    request: Request, resource: ResourceType, obj: Object, *, now: datetime, status: int = 200
) -> Response:
    """One object as JSON, or as a one-row Table when kubectl asks for one."""
    served = views.to_served(resource, obj)
    if request.wants_table():
        table = tables.table(
            resource, [served], now=now, include_object=_table_options(request), list_meta=None
        )
        return json_response(table, status=status)
    return json_response(served, status=status)


async def get_object(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    resource = path.resource
    kv = await objects.get_value(resource, path.namespace, path.name)
    if request.wants_table():
        return respond_object(request, resource, decode_value(kv), now=now)
    return Response(body=_served_json(objects, resource, kv))


def _served_json(objects: ObjectStore, resource: ResourceType, kv: KeyValue) -> bytes:
    """What `json_response(views.to_served(...))` sends, kept across requests."""
    serve = functools.partial(views.to_served, resource)
    return objects.served_json(kv, view=resource.api_version, serve=serve)


def _encode_continue(revision: int, last_key: str) -> str:
    token = orjson.dumps({"v": "meta.k8s.io/v1", "rv": revision, "start": last_key})
    return base64.urlsafe_b64encode(token).decode()


def _decode_continue(token: str) -> tuple[int, str]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        revision, start = raw["rv"], raw["start"]
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise errors.BadRequest(f"continue key is not valid: {token}") from None
    # Clients can edit tokens: take only what `_encode_continue` writes.
    if type(revision) is not int or revision <= 0 or not isinstance(start, str):
        raise errors.BadRequest(f"continue key is not valid: {token}")
    return revision, start


def _read_revision(request: Request) -> int:
    """The revision a list reads at: latest unless the client pinned an exact one."""
    raw = request.param("resourceVersion")
    match = request.param("resourceVersionMatch")
    if match not in ("", "NotOlderThan", "Exact"):
        raise errors.BadRequest(f"resourceVersionMatch {match!r} is not supported")
    if match == "Exact":
        try:
            return int(raw)
        except ValueError:
            raise errors.BadRequest(f"invalid resource version: {raw!r}") from None
    return 0


async def list_page(
    objects: ObjectStore, request: Request, path: ResourcePath, selection: Filter
) -> tuple[list[Object], dict[str, Any]]:
    """The matching objects of one page and the list metadata (resourceVersion, continue)."""

    def select(kv: KeyValue) -> Object | None:
        obj = decode_value(kv)
        return obj if selection.matches(obj) else None

    return await _scan(objects, request, path, select)


async def _scan(
    objects: ObjectStore,
    request: Request,
    path: ResourcePath,
    select: Callable[[KeyValue], _Item | None],
) -> tuple[list[_Item], dict[str, Any]]:
    """One page of `select`ed items (None skips a value) and the list metadata."""
    limit = request.int_param("limit")
    if limit < 0:
        raise errors.BadRequest(f"limit must be non-negative, got {limit}")
    revision, start_after = _read_revision(request), ""
    token = request.param("continue")
    if token:
        revision, start_after = _decode_continue(token)
    matched: list[_Item] = []
    while True:
        wanted = limit - len(matched) if limit else 0
        page = await objects.list(
            path.resource, path.namespace, revision=revision, limit=wanted, start_after=start_after
        )
        revision, start_after = page.revision, page.last_key
        matched.extend(item for kv in page.values if (item := select(kv)) is not None)
        if not page.more or (limit and len(matched) >= limit):
            break
    list_meta: dict[str, Any] = {"resourceVersion": str(revision)}
    if page.more:
        list_meta["continue"] = _encode_continue(revision, start_after)
    return matched, list_meta


async def list_objects(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    # Decoding a LIST of 10k pods (for selectors, a Table, or JSON not yet kept) makes about
    # a million containers, all dropped once the body is encoded; with the cyclic GC on, its
    # collections would re-scan them many times over. The response is built in a coroutine of
    # its own so that every one of them is freed before the collector resumes.
    with _COLLECTOR.paused():
        return await _list_response(objects, request, path, now=now)


async def _list_response(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    resource = path.resource
    selection = Filter.from_request(request, resource)
    if selection.empty and not request.wants_table():
        return await _list_served_json(objects, request, path)
    items, list_meta = await list_page(objects, request, path, selection)
    served = [views.to_served(resource, obj) for obj in items]
    if request.wants_table():
        include = _table_options(request)
        table = tables.table(resource, served, now=now, include_object=include, list_meta=list_meta)
        return json_response(table)
    body = {"kind": resource.list_kind, "apiVersion": resource.api_version,
            "metadata": list_meta, "items": served}  # fmt: skip
    return json_response(body)


async def _list_served_json(objects: ObjectStore, request: Request, path: ResourcePath) -> Response:
    """A plain JSON list of everything in range, spliced from each object's kept JSON."""
    resource = path.resource

    def fragment(kv: KeyValue) -> orjson.Fragment:
        return orjson.Fragment(_served_json(objects, resource, kv))

    items, list_meta = await _scan(objects, request, path, fragment)
    body = {"kind": resource.list_kind, "apiVersion": resource.api_version,
            "metadata": list_meta, "items": items}  # fmt: skip
    return json_response(body)


class _CollectorPause:
    """Pauses Python's cyclic GC while any holder is inside `paused()`.

    Counted, so overlapping requests on the loop share one pause; the collector resumes when
    the last one leaves, and only if it was running before the first came in.
    """

    def __init__(self) -> None:
        self._holders = 0
        self._resume = False

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        if self._holders == 0:
            self._resume = gc.isenabled()
            gc.disable()
        self._holders += 1
        try:
            yield
        finally:
            self._holders -= 1
            if self._holders == 0 and self._resume:
                gc.enable()


_COLLECTOR = _CollectorPause()
