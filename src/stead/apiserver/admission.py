"""What every write passes through before the store: the schema check, server-owned metadata,
and the kind's strategy (defaults, validation).

Order follows upstream: decode (types, unknown fields) -> metadata the server owns -> strategy
prepare -> defaults -> validation. A failing step raises an ApiError and nothing is written.
Field ownership (managedFields) is recorded by the write handlers, which know the operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from stead.api import errors, schema
from stead.api.kinds import ResourceType
from stead.api.meta import generated_name, metadata, new_uid, rfc3339
from stead.apiserver import decoding, fieldmanager, jsontree
from stead.apiserver.http import Request
from stead.apiserver.registry import strategy_for

Object = dict[str, Any]

FIELD_VALIDATION = ("Strict", "Warn", "Ignore")
_SERVER_OWNED_ON_CREATE = (
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "generation",
    "selfLink",
    "managedFields",
)
_CARRIED_ON_UPDATE = ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")
_OMITTED_WHEN_EMPTY = ("labels", "annotations", "finalizers", "ownerReferences")
"""ObjectMeta maps and lists upstream encodes with `omitempty`: once empty (the last label
removed by a patch), they vanish from the stored object instead of reading back as `{}`."""


@dataclass
class WriteOptions:
    """The query parameters every write shares, and the warnings it collects on the way."""

    field_validation: str
    dry_run: bool
    field_manager: str
    now: datetime
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: Request, *, now: datetime) -> WriteOptions:
        validation = request.param("fieldValidation", "Warn")
        if validation not in FIELD_VALIDATION:
            raise errors.BadRequest(
                f"fieldValidation must be one of {', '.join(FIELD_VALIDATION)}, got {validation!r}"
            )
        dry_run = request.params("dryRun")
        if any(value != "All" for value in dry_run):
            raise errors.BadRequest(f"Invalid dry run value: {dry_run}; supported values: All")
        manager = request.param("fieldManager") or fieldmanager.default_manager(
            request.headers.get("user-agent", "")
        )
        return cls(validation, bool(dry_run), manager, now)

    @property
    def timestamp(self) -> str:
        return rfc3339(self.now)


def check_type(resource: ResourceType, obj: Object) -> None:
    """The body must be of this endpoint's kind (an omitted apiVersion/kind is filled in)."""
    kind = obj.get("kind")
    api_version = obj.get("apiVersion")
    if kind in (None, ""):
        obj["kind"] = resource.kind
    elif kind != resource.kind:
        raise errors.BadRequest(
            f'{resource.kind} in version "{resource.version}" cannot be handled as a '
            f"{resource.kind}: the kind in the data ({kind}) does not match {resource.kind}"
        )
    if api_version in (None, ""):
        obj["apiVersion"] = resource.api_version
    elif api_version != resource.api_version:
        raise errors.BadRequest(
            f"the API version in the data ({api_version}) does not match the expected API "
            f"version ({resource.api_version})"
        )


def check_schema(resource: ResourceType, obj: Object, options: WriteOptions) -> None:
    """Types must match the schema; unknown fields are dropped, and refused under Strict.

    Bodies were bounded in depth when parsed, but a patch can nest one bounded value inside
    another: the object itself must be bounded too before anything walks or encodes it."""
    if jsontree.too_deep(obj):
        raise errors.BadRequest(
            f'{resource.kind} in version "{resource.version}" cannot be handled as a '
            f"{resource.kind}: exceeded max depth of {jsontree.MAX_DEPTH}"
        )
    root = schema.load().for_kind(resource.group, resource.version, resource.kind)
    if root is None:
        return
    report = decoding.check_object(obj, root)
    if report.type_errors or (report.unknown_fields and options.field_validation == "Strict"):
        raise decoding.decode_error(resource.kind, resource.version, report)
    if options.field_validation == "Warn":
        options.warnings.extend(decoding.unknown_field_warnings(report))


def _invalid(resource: ResourceType, obj: Object, problems: list[errors.FieldError]) -> None:
    if problems:
        name = str(obj.get("metadata", {}).get("name", ""))
        raise errors.object_invalid(resource.group, resource.kind, name, problems)


def admit_create(
    resource: ResourceType, obj: Object, *, namespace: str, options: WriteOptions
) -> Object:
    """Turn a create request's body into the object to store (raising on any problem)."""
    check_type(resource, obj)
    check_schema(resource, obj, options)
    meta = metadata(obj)
    for key in _SERVER_OWNED_ON_CREATE:
        meta.pop(key, None)
    _place(resource, meta, namespace)
    if not meta.get("name") and isinstance(meta.get("generateName"), str) and meta["generateName"]:
        meta["name"] = generated_name(meta["generateName"])
    strategy = strategy_for(resource)
    strategy.prepare_for_create(obj)
    strategy.default(obj)
    _invalid(resource, obj, strategy.validate(obj))
    options.warnings.extend(strategy.warnings(obj, None))
    meta["uid"] = new_uid()
    meta["creationTimestamp"] = options.timestamp
    _omit_empty(meta)
    return obj


def _omit_empty(meta: dict[str, Any]) -> None:
    for key in _OMITTED_WHEN_EMPTY:
        if meta.get(key) in ({}, []):
            del meta[key]


def _place(resource: ResourceType, meta: dict[str, Any], namespace: str) -> None:
    """Put the object in the request's namespace; a different one in the body is an error."""
    if not resource.namespaced:
        meta.pop("namespace", None)
        return
    given = meta.get("namespace")
    if given not in (None, "", namespace):
        raise errors.BadRequest(
            "the namespace of the provided object does not match the namespace sent on the request"
        )
    meta["namespace"] = namespace


def admit_update(
    resource: ResourceType,
    new: Object,
    old: Object,
    *,
    options: WriteOptions,
    subresource: str = "",
) -> Object:
    """Turn the desired object of an update into the object to store, given the stored `old`."""
    check_type(resource, new)
    check_schema(resource, new, options)
    meta, old_meta = metadata(new), old["metadata"]
    wanted_version = meta.get("resourceVersion")
    if wanted_version not in (None, "") and wanted_version != old_meta.get("resourceVersion"):
        raise errors.object_conflict(
            resource.group, resource.plural, old_meta["name"], errors.STALE_OBJECT
        )
    _place(resource, meta, old_meta.get("namespace", ""))
    if meta.get("name") not in (None, old_meta["name"]):
        raise errors.BadRequest(
            f"the name of the object ({meta.get('name')}) does not match the name on the URL "
            f"({old_meta['name']})"
        )
    meta["name"] = old_meta["name"]
    for key in _CARRIED_ON_UPDATE:
        if key in old_meta:
            meta[key] = old_meta[key]
        else:
            meta.pop(key, None)
    meta["resourceVersion"] = old_meta["resourceVersion"]
    strategy = strategy_for(resource)
    if subresource == "status":
        strategy.prepare_for_status_update(new, old)
        problems = strategy.validate_status_update(new, old)
    else:
        strategy.prepare_for_update(new, old)
        strategy.default(new)
        problems = strategy.validate_update(new, old)
        options.warnings.extend(strategy.warnings(new, old))
    _invalid(resource, new, problems)
    _omit_empty(metadata(new))
    return new
