"""DELETE of one object and DELETECOLLECTION: preconditions, finalizers, graceful pod deletion.

An object is removed at once unless something must happen first: finalizers to run (the garbage
collector's `orphan` / `foregroundDeletion`, or any other), or a pod on a node that must be given
its grace period to stop. Then the object only gets `deletionTimestamp` and stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from stead.api import errors
from stead.api.kinds import ResourceType
from stead.api.meta import rfc3339
from stead.apiserver import bodies, views
from stead.apiserver.handlers.reads import Filter, list_page, respond_object
from stead.apiserver.http import JSON, Request, Response, json_response
from stead.apiserver.objects import ObjectStore
from stead.apiserver.routing import ResourcePath

Object = dict[str, Any]

ORPHAN_FINALIZER = "orphan"
FOREGROUND_FINALIZER = "foregroundDeletion"
_POLICIES = ("Orphan", "Background", "Foreground")
_DEFAULT_POD_GRACE = 30
_MAX_ATTEMPTS = 16
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_LONGEST_GRACE = 100 * 365 * 24 * 3600
"""Seconds past which a grace period is as good as forever: keeps the deadline a valid date."""


@dataclass(frozen=True)
class DeleteOptions:
    grace_period: int | None
    propagation: str
    uid: str
    resource_version: str
    dry_run: bool

    @classmethod
    def from_request(cls, request: Request) -> DeleteOptions:
        body: Any = bodies.parse(request) if request.body.strip() else {}
        if not isinstance(body, dict):
            raise errors.BadRequest("DeleteOptions must be a JSON object")
        grace = body.get("gracePeriodSeconds")
        if request.param("gracePeriodSeconds"):
            grace = request.int_param("gracePeriodSeconds")
        if grace is not None and (not isinstance(grace, int) or isinstance(grace, bool)):
            raise errors.BadRequest("gracePeriodSeconds must be an integer")
        if grace is not None and not _INT64_MIN <= grace <= _INT64_MAX:
            raise errors.BadRequest(f"gracePeriodSeconds: {grace} is out of the range of int64")
        policy = request.param("propagationPolicy") or body.get("propagationPolicy") or ""
        orphan = body.get("orphanDependents")
        if request.param("orphanDependents"):
            orphan = request.flag("orphanDependents")
        if not policy and orphan is not None:
            policy = "Orphan" if orphan else "Background"
        if policy and policy not in _POLICIES:
            raise errors.BadRequest(
                f"propagationPolicy: Unsupported value: {policy!r}: supported values: "
                '"Orphan", "Background", "Foreground"'
            )
        preconditions = body.get("preconditions") or {}
        if not isinstance(preconditions, dict):
            raise errors.BadRequest("preconditions must be a JSON object")
        dry_run = request.params("dryRun") or body.get("dryRun") or []
        return cls(
            grace_period=grace,
            propagation=policy or "Background",
            uid=str(preconditions.get("uid") or ""),
            resource_version=str(preconditions.get("resourceVersion") or ""),
            dry_run=bool(dry_run),
        )


def _check_preconditions(resource: ResourceType, obj: Object, options: DeleteOptions) -> None:
    meta = obj["metadata"]
    name = meta["name"]
    if options.uid and options.uid != meta.get("uid"):
        raise errors.object_conflict(
            resource.group, resource.plural, name,
            f"Precondition failed: UID in precondition: {options.uid}, UID in object meta: "
            f"{meta.get('uid')}",
        )  # fmt: skip
    if options.resource_version and options.resource_version != meta.get("resourceVersion"):
        raise errors.object_conflict(
            resource.group, resource.plural, name,
            "Precondition failed: ResourceVersion in precondition: "
            f"{options.resource_version}, ResourceVersion in object meta: "
            f"{meta.get('resourceVersion')}",
        )  # fmt: skip


def _grace_period(resource: ResourceType, obj: Object, options: DeleteOptions) -> int:
    """Seconds a pod on a node gets to stop; 0 for everything that can go at once."""
    if resource.kind != "Pod" or resource.group:
        return 0
    if not obj.get("spec", {}).get("nodeName"):
        return 0
    if obj.get("status", {}).get("phase") in ("Succeeded", "Failed"):
        return 0
    if options.grace_period is not None:
        return max(options.grace_period, 0)
    configured = obj.get("spec", {}).get("terminationGracePeriodSeconds")
    return configured if isinstance(configured, int) else _DEFAULT_POD_GRACE


def _deferred(resource: ResourceType, obj: Object, options: DeleteOptions, now: datetime) -> Object:
    """The object marked for deletion, with the finalizers the policy asks for."""
    meta = obj["metadata"]
    finalizers = list(meta.get("finalizers") or [])
    wanted = {"Orphan": ORPHAN_FINALIZER, "Foreground": FOREGROUND_FINALIZER}.get(
        options.propagation
    )
    if wanted and wanted not in finalizers:
        finalizers.append(wanted)
    if finalizers:
        meta["finalizers"] = finalizers
    grace = _grace_period(resource, obj, options)
    deadline = now + timedelta(seconds=min(grace, _LONGEST_GRACE))
    existing = meta.get("deletionTimestamp")
    if not existing or grace < int(meta.get("deletionGracePeriodSeconds") or 0):
        meta["deletionTimestamp"] = rfc3339(deadline)
        meta["deletionGracePeriodSeconds"] = grace
    if _is_namespace(resource):
        obj.setdefault("status", {})["phase"] = "Terminating"
    return obj


def _is_namespace(resource: ResourceType) -> bool:
    return resource.kind == "Namespace" and not resource.group


def has_finalizers(resource: ResourceType, obj: Object) -> bool:
    """Whether something must still finish before the object may go (namespaces have two lists)."""
    if obj["metadata"].get("finalizers"):
        return True
    return _is_namespace(resource) and bool(obj.get("spec", {}).get("finalizers"))


def _must_wait(resource: ResourceType, obj: Object, options: DeleteOptions) -> bool:
    if has_finalizers(resource, obj) or _grace_period(resource, obj, options) > 0:
        return True
    return options.propagation in ("Orphan", "Foreground")


async def delete_one(
    objects: ObjectStore, resource: ResourceType, path: ResourcePath, options: DeleteOptions,
    now: datetime,
) -> Object:  # fmt: skip
    """Delete (or mark for deletion) one object; returns its state after the request."""
    for _ in range(_MAX_ATTEMPTS):
        current = await objects.get(resource, path.namespace, path.name)
        _check_preconditions(resource, current, options)
        if _must_wait(resource, current, options):
            marked = _deferred(resource, views.private_copy(current), options, now)
            if options.dry_run:
                return marked
            _, stored = await objects.update(
                resource, path.namespace, path.name,
                lambda latest: _deferred(resource, latest, options, now),
            )  # fmt: skip
            return stored
        if options.dry_run:
            return current
        gone = await objects.delete(resource, path.namespace, path.name, expected=current)
        if gone is not None:
            return gone
    raise errors.object_conflict(resource.group, resource.plural, path.name, errors.STALE_OBJECT)


async def delete_object(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    options = DeleteOptions.from_request(request)
    obj = await delete_one(objects, path.resource, path, options, now)
    return respond_object(request, path.resource, obj, now=now)


async def delete_collection(
    objects: ObjectStore, request: Request, path: ResourcePath, *, now: datetime
) -> Response:
    """Delete every object the selectors match; answers the list of what was deleted."""
    resource = path.resource
    options = DeleteOptions.from_request(request)
    selection = Filter.from_request(request, resource)
    items, list_meta = await list_page(objects, request, path, selection)
    deleted = []
    for obj in items:
        meta = obj["metadata"]
        target = ResourcePath(resource, meta.get("namespace", ""), meta["name"])
        try:
            deleted.append(await delete_one(objects, resource, target, options, now))
        except errors.NotFound:
            continue
    served = [views.to_served(resource, obj) for obj in deleted]
    body = {"kind": resource.list_kind, "apiVersion": resource.api_version,
            "metadata": list_meta, "items": served}  # fmt: skip
    response = json_response(body)
    response.content_type = JSON
    return response
