"""CREATE, UPDATE (PUT) and PATCH of objects and their status, with dry-run support."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stead.api import errors, schema
from stead.api.kinds import ResourceType, lookup
from stead.apiserver import admission, bodies, fieldmanager, patch, views
from stead.apiserver.admission import WriteOptions
from stead.apiserver.handlers.deletes import has_finalizers
from stead.apiserver.handlers.reads import respond_object
from stead.apiserver.http import Request, Response, warning_header
from stead.apiserver.objects import ObjectStore
from stead.apiserver.routing import ResourcePath

Object = dict[str, Any]

JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH)


@dataclass(frozen=True)
class WriteContext:
    objects: ObjectStore
    now: datetime


def _respond(
    request: Request, resource: ResourceType, obj: Object, options: WriteOptions, *, status: int
) -> Response:
    response = respond_object(request, resource, obj, now=options.now, status=status)
    for warning in options.warnings:
        response.headers.append(("warning", warning_header(warning)))
    return response


async def ensure_namespace(objects: ObjectStore, resource: ResourceType, namespace: str) -> None:
    """Creating into a missing or terminating namespace fails (upstream NamespaceLifecycle)."""
    if not resource.namespaced:
        return
    namespaces = lookup("", "v1", "namespaces")
    assert namespaces is not None
    found = await objects.try_get(namespaces, "", namespace)
    if found is None:
        raise errors.object_not_found("", "namespaces", namespace)
    if found.get("metadata", {}).get("deletionTimestamp"):
        raise errors.Forbidden(
            f"unable to create new content in namespace {namespace} because it is being terminated",
            {"name": namespace, "kind": "namespaces"},
        )


async def create_object(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    resource = path.resource
    options = WriteOptions.from_request(request, now=ctx.now)
    body = bodies.parse_object(request)
    obj = admission.admit_create(resource, body, namespace=path.namespace, options=options)
    obj["metadata"]["managedFields"] = fieldmanager.record_update(
        None, obj, manager=options.field_manager, now=options.timestamp
    )
    return await _store_new(ctx, request, resource, obj, options)


async def _store_new(
    ctx: WriteContext, request: Request, resource: ResourceType, obj: Object, options: WriteOptions
) -> Response:
    await ensure_namespace(ctx.objects, resource, obj["metadata"].get("namespace", ""))
    stored = views.to_stored(resource, obj)
    if options.dry_run:
        existing = await ctx.objects.try_get(
            resource, obj["metadata"].get("namespace", ""), obj["metadata"]["name"]
        )
        if existing is not None:
            raise errors.object_already_exists(
                resource.group, resource.plural, obj["metadata"]["name"]
            )
        return _respond(request, resource, stored, options, status=201)
    created = await ctx.objects.create(resource, stored)
    return _respond(request, resource, created, options, status=201)


Transform = Callable[[Object], Object]
Ownership = Callable[[Object, Object], None]
"""Sets `new`'s managedFields given the stored `old` object."""


def record_ownership(options: WriteOptions, *, subresource: str) -> Ownership:
    """Non-apply writes own what they changed; a write that changes nothing changes no entry."""

    def record(new: Object, old: Object) -> None:
        if new == old:
            return
        new["metadata"]["managedFields"] = fieldmanager.record_update(
            old, new, manager=options.field_manager, subresource=subresource, now=options.timestamp
        )

    return record


def _keep_applied_ownership(new: Object, old: Object) -> None:
    """Server-side apply computed managedFields itself."""


async def _update_with(
    ctx: WriteContext,
    request: Request,
    path: ResourcePath,
    *,
    options: WriteOptions,
    transform: Transform,
    ownership: Ownership,
) -> Response:
    """Compute the new object from the current one with `transform`, admit it, store it."""
    resource = path.resource

    def mutate(current: Object) -> Object:
        served = views.to_served(resource, current)
        desired = transform(views.private_copy(served))
        new = admission.admit_update(
            resource, desired, served, options=options, subresource=path.subresource
        )
        ownership(new, served)
        return views.to_stored(resource, new)

    if options.dry_run:
        current = await ctx.objects.get(resource, path.namespace, path.name)
        return _respond(request, resource, mutate(current), options, status=200)
    _, new = await ctx.objects.update(resource, path.namespace, path.name, mutate)
    new = await remove_if_finalized(ctx.objects, resource, new)
    return _respond(request, resource, new, options, status=200)


async def remove_if_finalized(objects: ObjectStore, resource: ResourceType, obj: Object) -> Object:
    """An object being deleted goes once its finalizers are gone (and, for pods, its grace)."""
    meta = obj["metadata"]
    if not meta.get("deletionTimestamp") or has_finalizers(resource, obj):
        return obj
    if meta.get("deletionGracePeriodSeconds", 0):
        return obj
    await objects.delete(resource, meta.get("namespace", ""), meta["name"], expected=obj)
    return obj


async def update_object(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    options = WriteOptions.from_request(request, now=ctx.now)
    body = bodies.parse_object(request)
    ownership = record_ownership(options, subresource=path.subresource)
    return await _update_with(
        ctx, request, path, options=options, transform=lambda _: body, ownership=ownership
    )


def _patcher(request: Request, resource: ResourceType) -> Transform:
    content_type = request.content_type
    if content_type not in (JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH):
        raise errors.UnsupportedMediaType(
            f"the body of the request was in an unknown format - accepted media types include: "
            f"{', '.join(PATCH_TYPES)}"
        )
    body = bodies.parse(request)
    if content_type == JSON_PATCH:
        if not isinstance(body, list):
            raise errors.BadRequest("json patch must be a JSON array of operations")
        return lambda current: _as_object(patch.apply_json_patch(current, body))
    if not isinstance(body, dict):
        raise errors.BadRequest("the patch must be a JSON object")
    if content_type == MERGE_PATCH:
        return lambda current: _as_object(patch.apply_merge_patch(current, body))
    root = schema.load().for_kind(resource.group, resource.version, resource.kind)
    if root is None:
        raise errors.UnsupportedMediaType(
            f"strategic merge patch is not supported for {resource.qualified_name}"
        )
    return lambda current: _as_object(patch.apply_strategic_merge_patch(current, body, root))


def _as_object(value: Any) -> Object:
    if not isinstance(value, dict):
        raise errors.BadRequest("the patch did not produce a JSON object")
    return value


async def patch_object(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    options = WriteOptions.from_request(request, now=ctx.now)
    if request.content_type == APPLY_PATCH:
        return await apply_object(ctx, request, path, options)
    ownership = record_ownership(options, subresource=path.subresource)
    transform = _patcher(request, path.resource)
    return await _update_with(
        ctx, request, path, options=options, transform=transform, ownership=ownership
    )


async def apply_object(
    ctx: WriteContext, request: Request, path: ResourcePath, options: WriteOptions
) -> Response:
    """Server-side apply: create when absent, else merge the configuration by field ownership."""
    resource = path.resource
    if not request.param("fieldManager"):
        raise errors.BadRequest(
            "PATCH requests with apply patch type must specify fieldManager parameter"
        )
    config = bodies.parse_object(request)
    force = request.flag("force")
    root = schema.load().for_kind(resource.group, resource.version, resource.kind)
    reset = _reset_fields(resource, path.subresource)
    existing = await ctx.objects.try_get(resource, path.namespace, path.name)
    if existing is None and not path.subresource:
        obj = fieldmanager.apply(
            None, config, manager=options.field_manager, force=force, schema=root,
            now=options.timestamp, reset_fields=reset,
        )  # fmt: skip
        owned = obj.setdefault("metadata", {}).get("managedFields", [])
        obj["metadata"]["name"] = path.name
        obj = admission.admit_create(resource, obj, namespace=path.namespace, options=options)
        obj["metadata"]["managedFields"] = owned
        return await _store_new(ctx, request, resource, obj, options)

    def transform(current: Object) -> Object:
        return fieldmanager.apply(
            current, config, manager=options.field_manager, force=force, schema=root,
            now=options.timestamp, subresource=path.subresource, reset_fields=reset,
        )  # fmt: skip

    return await _update_with(
        ctx, request, path, options=options, transform=transform, ownership=_keep_applied_ownership
    )


def _reset_fields(resource: ResourceType, subresource: str) -> tuple[str, ...]:
    """Fields an apply through this endpoint cannot own (upstream's reset fields)."""
    if subresource == "status":
        return ("spec",)
    return ("status",) if resource.subresource("status") else ()
