"""Which handler answers which (method, route): the REST verbs of the Kubernetes API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from stead.api import errors
from stead.apiserver import deprecations
from stead.apiserver.auth import UserInfo
from stead.apiserver.handlers import deletes, reads, subresources, watch, writes
from stead.apiserver.http import Request, Response, error_response
from stead.apiserver.objects import ObjectStore
from stead.apiserver.routing import ResourcePath

Clock = Callable[[], datetime]


def _verb(request: Request, path: ResourcePath) -> str:
    """The Kubernetes verb of a request on a resource path (upstream's RequestInfo)."""
    method = request.method
    if method == "GET":
        if request.flag("watch"):
            return "watch"
        return "get" if path.name else "list"
    if method == "DELETE":
        return "delete" if path.name else "deletecollection"
    return {"POST": "create", "PUT": "update", "PATCH": "patch"}.get(method, "")


def _not_allowed(request: Request, path: ResourcePath) -> errors.MethodNotAllowed:
    return errors.MethodNotAllowed(
        f"the server does not allow this method on the requested resource "
        f"({request.method} {path.resource.qualified_name})"
    )


async def serve_resource(
    objects: ObjectStore,
    request: Request,
    path: ResourcePath,
    *,
    clock: Clock,
    user: UserInfo | None,
) -> Response:
    """Answer a request on a resource path; a deprecated resource's answer, error or not,
    carries its deprecation warning."""
    notice = deprecations.warning(path.resource)
    if notice is None:
        return await _serve_resource(objects, request, path, clock=clock, user=user)
    try:
        response = await _serve_resource(objects, request, path, clock=clock, user=user)
    except errors.ApiError as error:
        response = error_response(error)
    response.headers.append(("warning", f'299 - "{notice}"'))
    return response


async def _serve_resource(
    objects: ObjectStore,
    request: Request,
    path: ResourcePath,
    *,
    clock: Clock,
    user: UserInfo | None,
) -> Response:
    verb = _verb(request, path)
    allowed = path.resource.verbs
    if path.subresource:
        sub = path.resource.subresource(path.subresource)
        allowed = sub.verbs if sub else ()
    if verb not in allowed or (verb == "create" and path.name and not path.subresource):
        raise _not_allowed(request, path)
    now = clock()
    if user is None:
        raise errors.Unauthorized("Unauthorized")
    if not path.resource.stored:
        return subresources.review(path, request, user)
    context = writes.WriteContext(objects, now)
    if path.subresource == "scale":
        if verb == "get":
            return await subresources.get_scale(context, path)
        return await subresources.write_scale(context, request, path)
    if path.subresource == "binding":
        return await subresources.bind_pod(context, request, path)
    if path.subresource == "finalize":
        return await subresources.finalize_namespace(context, request, path)
    return await _serve_object_verb(objects, request, path, verb=verb, clock=clock)


async def _serve_object_verb(
    objects: ObjectStore, request: Request, path: ResourcePath, *, verb: str, clock: Clock
) -> Response:
    now = clock()
    context = writes.WriteContext(objects, now)
    match verb:
        case "get":
            return await reads.get_object(objects, request, path, now=now)
        case "list":
            return await reads.list_objects(objects, request, path, now=now)
        case "watch":
            return await watch.watch_objects(objects, request, path, clock=clock)
        case "create":
            return await writes.create_object(context, request, path)
        case "update":
            return await writes.update_object(context, request, path)
        case "patch":
            return await writes.patch_object(context, request, path)
        case "delete":
            return await deletes.delete_object(objects, request, path, now=now)
        case _:
            return await deletes.delete_collection(objects, request, path, now=now)
