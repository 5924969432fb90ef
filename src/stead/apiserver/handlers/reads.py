"""GET of one object and LIST of a collection, as JSON or as a server-printed Table."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
from stead.apiserver.objects import ObjectStore
from stead.apiserver.routing import ResourcePath

Object = dict[str, Any]
Clock = Callable[[], datetime]


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
    obj = await objects.get(path.resource, path.namespace, path.name)
    return respond_object(request, path.resource, obj, now=now)


def _encode_continue(revision: int, last_key: str) -> str:
    token = orjson.dumps({"v": "meta.k8s.io/v1", "rv": revision, "start": last_key})
    return base64.urlsafe_b64encode(token).decode()


def _decode_continue(token: str) -> tuple[int, str]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        return int(raw["rv"]), str(raw["start"])
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise errors.BadRequest(f"continue key is not valid: {token}") from None


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
    limit = request.int_param("limit")
    if limit < 0:
        raise errors.BadRequest(f"limit must be non-negative, got {limit}")
    revision, start_after = _read_revision(request), ""
    token = request.param("continue")
    if token:
        revision, start_after = _decode_continue(token)
    matched: list[Object] = []
    while True:
        wanted = limit - len(matched) if limit else 0
        page = await objects.list(
            path.resource, path.namespace, revision=revision, limit=wanted, start_after=start_after
        )
        revision, start_after = page.revision, page.last_key
        matched.extend(obj for obj in page.items if selection.matches(obj))
        if not page.more or (limit and len(matched) >= limit):
            break
    list_meta: dict[str, Any] = {"resourceVersion": str(revision)}
    if page.more:
        list_meta["continue"] = _encode_continue(revision, start_after)
    return matched, list_meta


async def list_objects(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    resource = path.resource
    selection = Filter.from_request(request, resource)
    items, list_meta = await list_page(objects, request, path, selection)
    served = [views.to_served(resource, obj) for obj in items]
    if request.wants_table():
        include = _table_options(request)
        table = tables.table(resource, served, now=now, include_object=include, list_meta=list_meta)
        return json_response(table)
    body = {"kind": resource.list_kind, "apiVersion": resource.api_version,
            "metadata": list_meta, "items": served}  # fmt: skip
    return json_response(body)
