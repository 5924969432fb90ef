"""An async REST client for the Kubernetes API, generic over `stead.api.kinds.ResourceType`.

Every verb goes through `_call` (or `watch`), so credentials, timeouts and the mapping of failures
to `stead.api.errors.ApiError` subclasses live in one place. Objects are plain JSON dicts.

Errors: a `Status` answer raises its `ApiError` subclass (404 `NotFound`, 409 `Conflict` or
`AlreadyExists`, 410 `Expired`, 422 `Invalid`, ...); no answer at all raises `ApiUnreachable`.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from stead import __version__
from stead.api import errors
from stead.api.kinds import ResourceType
from stead.client.config import ClientConfig
from stead.client.errors import ApiUnreachable, from_response, from_status
from stead.client.objects import Object, name_of, namespace_of
from stead.client.paths import collection_path, object_path

JSON = "application/json"
USER_AGENT = f"stead/{__version__}"


class PatchType(enum.StrEnum):
    """The patch formats the API accepts, as their request content types."""

    JSON = "application/json-patch+json"
    MERGE = "application/merge-patch+json"
    STRATEGIC = "application/strategic-merge-patch+json"
    APPLY = "application/apply-patch+yaml"


class Propagation(enum.StrEnum):
    ORPHAN = "Orphan"
    BACKGROUND = "Background"
    FOREGROUND = "Foreground"


@dataclass(frozen=True)
class DeleteOptions:
    """The body of a DELETE: propagation policy, grace period and preconditions."""

    propagation: Propagation | None = None
    grace_period_seconds: int | None = None
    uid: str = ""
    """Precondition: delete only the object with this uid (not a same-named successor)."""
    resource_version: str = ""
    """Precondition: delete only if the object is still at this resourceVersion."""

    def to_json(self) -> Object:
        body: Object = {"kind": "DeleteOptions", "apiVersion": "v1"}
        if self.propagation is not None:
            body["propagationPolicy"] = str(self.propagation)
        if self.grace_period_seconds is not None:
            body["gracePeriodSeconds"] = self.grace_period_seconds
        preconditions = {"uid": self.uid, "resourceVersion": self.resource_version}
        preconditions = {k: v for k, v in preconditions.items() if v}
        if preconditions:
            body["preconditions"] = preconditions
        return body


class WatchEventType(enum.StrEnum):
    ADDED = "ADDED"
    MODIFIED = "MODIFIED"
    DELETED = "DELETED"
    BOOKMARK = "BOOKMARK"


@dataclass(frozen=True)
class WatchEvent:
    type: WatchEventType
    object: Object
    """The object after the change (DELETED: its last state; BOOKMARK: only a resourceVersion)."""


@dataclass(frozen=True)
class ObjectList:
    items: list[Object]
    resource_version: str
    continue_token: str
    """Non-empty when the list was cut at `limit`: pass it back to get the next page."""


class RestClient:
    """One connection pool to one API server. Close it with `aclose()` (or `async with`)."""

    def __init__(
        self, config: ClientConfig, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        headers = {"Accept": JSON, "User-Agent": config.user_agent or USER_AGENT}
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        verify = config.ssl_context() if config.server.startswith("https:") else True
        self._timeout = config.timeout
        self._http = httpx.AsyncClient(
            base_url=config.server,
            headers=headers,
            verify=verify,
            timeout=config.timeout,
            # Each watch holds a connection for minutes; the pool must not starve requests.
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=32),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> RestClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def get(self, resource: ResourceType, name: str, *, namespace: str = "") -> Object:
        path = object_path(resource, name, namespace=namespace)
        return _object(await self._call("GET", path))

    async def list(
        self,
        resource: ResourceType,
        *,
        namespace: str = "",
        label_selector: str = "",
        field_selector: str = "",
        limit: int = 0,
        continue_token: str = "",
    ) -> ObjectList:
        """One page of the collection (all of it when `limit` is 0), at the latest revision."""
        params = {"labelSelector": label_selector, "fieldSelector": field_selector,
                  "limit": str(limit) if limit else "", "continue": continue_token}  # fmt: skip
        path = collection_path(resource, namespace=namespace)
        body = _object(await self._call("GET", path, params=params))
        items = body.get("items")
        meta = body.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        return ObjectList(
            items=[i for i in items if isinstance(i, dict)] if isinstance(items, list) else [],
            resource_version=str(meta.get("resourceVersion") or ""),
            continue_token=str(meta.get("continue") or ""),
        )

    @contextlib.asynccontextmanager
    async def watch(
        self,
        resource: ResourceType,
        *,
        namespace: str = "",
        resource_version: str = "",
        label_selector: str = "",
        field_selector: str = "",
        timeout_seconds: int = 0,
        allow_bookmarks: bool = True,
    ) -> AsyncIterator[AsyncIterator[WatchEvent]]:
        """A stream of changes after `resource_version` ("" = current state first, as ADDED).

        Iterating raises the `ApiError` of an ERROR event (410 `Expired`: the version is too old,
        list again) and `ApiUnreachable` when the connection breaks. The stream ends normally
        when the server closes it (after `timeout_seconds`); the connection is closed on exit.
        """
        params = {"watch": "true", "resourceVersion": resource_version,
                  "labelSelector": label_selector, "fieldSelector": field_selector,
                  "timeoutSeconds": str(timeout_seconds) if timeout_seconds > 0 else "",
                  "allowWatchBookmarks": "true" if allow_bookmarks else ""}  # fmt: skip
        # An idle watch is silent until timeoutSeconds (or the next bookmark): no read timeout,
        # but a bound when the server promised to close the stream by then.
        read = timeout_seconds + self._timeout if timeout_seconds > 0 else None
        request = self._http.build_request(
            "GET",
            collection_path(resource, namespace=namespace),
            params=_query(params),
            timeout=httpx.Timeout(self._timeout, read=read),
        )
        response = await self._send(request, stream=True)
        try:
            if response.status_code >= 400:
                raise from_response(response.status_code, await response.aread())
            events = _events(response)
            try:
                yield events
            finally:
                await events.aclose()
        finally:
            await response.aclose()

    async def create(self, resource: ResourceType, obj: Object, *, namespace: str = "") -> Object:
        """POST `obj`; its namespace defaults to `metadata.namespace`."""
        path = collection_path(resource, namespace=namespace or namespace_of(obj))
        return _object(await self._call("POST", path, body=obj))

    async def update(self, resource: ResourceType, obj: Object, *, subresource: str = "") -> Object:
        """PUT `obj` (by its metadata name and namespace); a stale resourceVersion -> Conflict."""
        path = object_path(
            resource, name_of(obj), namespace=namespace_of(obj), subresource=subresource
        )
        return _object(await self._call("PUT", path, body=obj))

    async def update_status(self, resource: ResourceType, obj: Object) -> Object:
        return await self.update(resource, obj, subresource="status")

    async def patch(
        self,
        resource: ResourceType,
        name: str,
        body: Any,
        *,
        patch_type: PatchType,
        namespace: str = "",
        subresource: str = "",
        field_manager: str = "",
        force: bool = False,
    ) -> Object:
        """PATCH with `body` in `patch_type`'s format (APPLY needs a `field_manager`)."""
        path = object_path(resource, name, namespace=namespace, subresource=subresource)
        params = {"fieldManager": field_manager, "force": "true" if force else ""}
        answer = await self._call(
            "PATCH", path, params=params, body=body, content_type=str(patch_type)
        )
        return _object(answer)

    async def delete(
        self,
        resource: ResourceType,
        name: str,
        *,
        namespace: str = "",
        options: DeleteOptions | None = None,
    ) -> Object:
        """DELETE one object; answers the object (marked for deletion, or as it was) or a Status."""
        path = object_path(resource, name, namespace=namespace)
        body = (options or DeleteOptions()).to_json()
        return _object(await self._call("DELETE", path, body=body))

    async def delete_collection(
        self,
        resource: ResourceType,
        *,
        namespace: str = "",
        label_selector: str = "",
        field_selector: str = "",
        options: DeleteOptions | None = None,
    ) -> Object:
        """DELETE every object of the collection the selectors match."""
        path = collection_path(resource, namespace=namespace)
        params = {"labelSelector": label_selector, "fieldSelector": field_selector}
        body = (options or DeleteOptions()).to_json()
        return _object(await self._call("DELETE", path, params=params, body=body))

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        content_type: str = JSON,
    ) -> Any:
        content = None if body is None else orjson.dumps(body)
        headers = {"Content-Type": content_type} if content is not None else {}
        request = self._http.build_request(
            method, path, params=_query(params or {}), content=content, headers=headers
        )
        response = await self._send(request, stream=False)
        if response.status_code >= 400:
            raise from_response(response.status_code, response.content)
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise errors.InternalError(f"{method} {path}: the answer is not JSON") from None

    async def _send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        try:
            return await self._http.send(request, stream=stream)
        except httpx.HTTPError as failure:
            raise _unreachable(request, failure) from failure


def _query(params: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in params.items() if value}


def _object(value: Any) -> Object:
    if not isinstance(value, dict):
        raise errors.InternalError("the server answered with JSON that is not an object")
    return value


def _unreachable(request: httpx.Request, failure: Exception) -> ApiUnreachable:
    detail = str(failure) or type(failure).__name__
    return ApiUnreachable(f"{request.method} {request.url.path}: {detail}")


async def _events(response: httpx.Response) -> AsyncGenerator[WatchEvent, None]:
    try:
        async for line in response.aiter_lines():
            if line.strip():
                yield _event(line)
    except httpx.HTTPError as failure:
        raise _unreachable(response.request, failure) from failure


def _event(line: str) -> WatchEvent:
    try:
        decoded = orjson.loads(line)
    except orjson.JSONDecodeError:
        raise errors.InternalError(f"watch event is not JSON: {line[:200]!r}") from None
    if not isinstance(decoded, dict) or not isinstance(decoded.get("object"), dict):
        raise errors.InternalError(f"watch event has no object: {line[:200]!r}")
    kind = decoded.get("type")
    if kind == "ERROR":
        raise from_status(500, decoded["object"])
    if not isinstance(kind, str) or kind not in WatchEventType.__members__:
        raise errors.InternalError(f"unknown watch event type {kind!r}")
    return WatchEvent(WatchEventType(kind), decoded["object"])
