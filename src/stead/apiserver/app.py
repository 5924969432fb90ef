"""The API server as an ASGI application: authentication, routing, errors as `Status`.

Any server speaking ASGI can host it (granian embedded in `stead up`; tests use the same).
Every failure a client can cause becomes a Kubernetes `Status`; anything else is logged and
answered as a 500 `Status`, never a dropped connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from stead import __version__
from stead.api import errors
from stead.apiserver import discovery, openapi, routing
from stead.apiserver.auth import ADMIN_GROUPS, ADMIN_USERNAME, UserInfo
from stead.apiserver.bodies import MAX_BODY_BYTES
from stead.apiserver.handlers import serve_resource
from stead.apiserver.http import Request, Response, error_response, json_response
from stead.apiserver.objects import ObjectStore
from stead.store.interface import Store

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

KUBERNETES_VERSION = "v1.37.0"
_PUBLIC_PATHS = ("/version", "/healthz", "/livez", "/readyz")


class Authenticator(Protocol):
    def authenticate(self, headers: Sequence[tuple[bytes, bytes]]) -> UserInfo | None: ...


INSECURE_ADMIN = UserInfo(username=ADMIN_USERNAME, uid="insecure-http", groups=ADMIN_GROUPS)
"""Who every request is in `--insecure-http` mode (kubectl sends no credentials over HTTP)."""


def version_info() -> dict[str, str]:
    return {
        "major": "1",
        "minor": "37",
        "gitVersion": f"{KUBERNETES_VERSION}+stead.{__version__}",
        "gitCommit": "stead",
        "gitTreeState": "clean",
        "buildDate": "2026-11-23T00:00:00Z",
        "goVersion": "python",
        "compiler": "cpython",
        "platform": "linux/amd64",
    }


class ApiServer:
    """The ASGI app. `authenticator=None` serves everyone as admin (explicit insecure mode)."""

    def __init__(
        self,
        store: Store,
        *,
        authenticator: Authenticator | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.objects = ObjectStore(store)
        self.authenticator = authenticator
        self.clock = clock
        self._closing = asyncio.Event()

    def close_streams(self) -> None:
        """End every open watch and log stream cleanly (clients re-watch, or exit like kubectl
        get -w does); the listener can then stop without waiting for them."""
        self._closing.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            response = await self._respond(scope, receive)
        except errors.ApiError as error:
            response = error_response(error)
        except Exception:
            log.exception("internal error serving %s %s", scope.get("method"), scope.get("path"))
            response = error_response(errors.InternalError("an internal error occurred"))
        await _send_response(response, receive, send, closing=self._closing)

    async def _respond(self, scope: Scope, receive: Receive) -> Response:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Request.build(
            method=scope["method"],
            path=scope["path"],
            query_string=scope.get("query_string", b""),
            headers=headers,
        )
        try:
            request.body = await _read_body(receive)
        except errors.RequestEntityTooLarge as too_large:
            # The rest of the body stays unread, so the connection cannot carry another request:
            # say so, or the client sends its next request into a connection being closed.
            response = error_response(too_large)
            response.headers.append(("connection", "close"))
            return response
        request.user = self._authenticate(request, scope)
        return await self.route(request)

    def _authenticate(self, request: Request, scope: Scope) -> UserInfo | None:
        """The caller; anonymous callers reach only the public health and version paths."""
        if self.authenticator is None:
            return INSECURE_ADMIN
        user = self.authenticator.authenticate(scope["headers"])
        if user is not None:
            return user
        if request.path in _PUBLIC_PATHS and "authorization" not in request.headers:
            return None
        raise errors.Unauthorized("Unauthorized")

    async def route(self, request: Request) -> Response:
        path = request.path
        if path in ("/healthz", "/livez", "/readyz"):
            return Response(body=b"ok", content_type="text/plain")
        if path == "/version":
            return json_response(version_info())
        if path.startswith("/openapi/"):
            return _openapi(request)
        route = routing.parse(path)
        if isinstance(route, routing.GroupPath) and request.method == "GET":
            answer = discovery.serve(request, route)
            if answer is not None:
                return answer
        if isinstance(route, routing.ResourcePath):
            return await serve_resource(
                self.objects, request, route, clock=self.clock, user=request.user
            )
        raise errors.NotFound("the server could not find the requested resource")


def _openapi(request: Request) -> Response:
    if request.path == "/openapi/v2":
        return Response(
            body=openapi.openapi_v2_protobuf(), content_type=openapi.V2_PROTOBUF_CONTENT_TYPE
        )
    if request.path == "/openapi/v3":
        return Response(body=openapi.openapi_v3_index())
    document = openapi.openapi_v3_document(request.path.removeprefix("/openapi/v3/"))
    if document is None:
        raise errors.NotFound("the server could not find the requested resource")
    return Response(body=document, headers=[("cache-control", "public, immutable")])


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise errors.RequestEntityTooLarge("Request entity too large: limit is 3145728")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _start(response: Response) -> Message:
    headers = [(b"content-type", response.content_type.encode())]
    headers += [(k.encode(), v.encode("latin-1", "replace")) for k, v in response.headers]
    if response.stream is None:
        headers.append((b"content-length", str(len(response.body)).encode()))
    return {"type": "http.response.start", "status": response.status, "headers": headers}


async def _send_response(
    response: Response, receive: Receive, send: Send, *, closing: asyncio.Event
) -> None:
    await send(_start(response))
    if response.stream is None:
        await send({"type": "http.response.body", "body": response.body})
        return
    # granian holds the head back until the first body message; a watch with nothing to say
    # yet must still answer at once (clients wait for the head before reading events).
    await send({"type": "http.response.body", "body": b"", "more_body": True})
    streaming = asyncio.create_task(_send_stream(response, send))
    disconnected = asyncio.create_task(_wait_disconnect(receive))
    shutdown = asyncio.create_task(closing.wait())
    tasks = {streaming, disconnected, shutdown}
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError, RuntimeError):
                await task
    if shutdown.done() and not shutdown.cancelled() and not disconnected.done():
        with contextlib.suppress(OSError, RuntimeError):
            await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _send_stream(response: Response, send: Send) -> None:
    assert response.stream is not None
    try:
        async for chunk in response.stream:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        closer = getattr(response.stream, "aclose", None)
        if closer is not None:
            await closer()


async def _wait_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
