"""Objects to a `meta.k8s.io/v1` Table, as upstream's table convertor and `asTable` build it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from stead.api.errors import BadRequest, go_quote
from stead.api.kinds import ResourceType
from stead.apiserver.tables import cluster, events, network, pods, storage, workloads
from stead.apiserver.tables.access import Object, dig, mapping, text
from stead.apiserver.tables.columns import DEFAULT, Printer, column_definitions

TABLE_API_VERSION = "meta.k8s.io/v1"

INCLUDE_NONE = "None"
INCLUDE_METADATA = "Metadata"
INCLUDE_OBJECT = "Object"

_PRINTERS: Mapping[tuple[str, str], Printer] = {
    ("", "Namespace"): cluster.NAMESPACE,
    ("", "Node"): cluster.NODE,
    ("", "Pod"): pods.POD,
    ("", "Service"): network.SERVICE,
    ("", "Endpoints"): network.ENDPOINTS,
    ("", "PersistentVolume"): storage.PERSISTENT_VOLUME,
    ("", "PersistentVolumeClaim"): storage.PERSISTENT_VOLUME_CLAIM,
    ("", "ConfigMap"): cluster.CONFIG_MAP,
    ("", "Secret"): cluster.SECRET,
    ("", "Event"): events.EVENT,
    ("events.k8s.io", "Event"): events.EVENTS_API_EVENT,
    ("apps", "StatefulSet"): workloads.STATEFULSET,
    ("apps", "ControllerRevision"): workloads.CONTROLLER_REVISION,
    ("discovery.k8s.io", "EndpointSlice"): network.ENDPOINT_SLICE,
    ("storage.k8s.io", "StorageClass"): storage.STORAGE_CLASS,
    ("coordination.k8s.io", "Lease"): cluster.LEASE,
}


def printer_for(resource: ResourceType) -> Printer:
    """The resource's printer; kinds upstream has none for get the Name / Created At table."""
    return _PRINTERS.get((resource.group, resource.kind), DEFAULT)


def table(
    resource: ResourceType,
    objects: Sequence[Object],
    *,
    now: datetime,
    include_object: str,
    list_meta: Mapping[str, Any] | None,
    with_column_definitions: bool = True,
) -> dict[str, Any]:
    """A `meta.k8s.io/v1` Table with one row per object, in the order given.

    `objects` are in the wire shape of `resource`'s version. `include_object` is the request's
    `includeObject`: "Metadata" (or "") embeds a PartialObjectMetadata per row, "Object" the
    full object, "None" nothing; anything else is a BadRequest. `list_meta` is the list's
    metadata (resourceVersion, continue, remainingItemCount); None means a single object's
    table, which carries that object's resourceVersion as upstream's does. Watch events after
    the first pass `with_column_definitions=False` and get empty column definitions. Rows embed
    the given objects without copying them; `now` is the instant ages are measured from.
    """
    mode = _include_mode(include_object)
    printer = printer_for(resource)
    return {
        "kind": "Table",
        "apiVersion": TABLE_API_VERSION,
        "metadata": _table_metadata(list_meta, objects),
        "columnDefinitions": column_definitions(printer) if with_column_definitions else [],
        "rows": [_row(printer, obj, now=now, mode=mode, resource=resource) for obj in objects],
    }


def _include_mode(include_object: str) -> str:
    if include_object == "":
        return INCLUDE_METADATA
    if include_object not in (INCLUDE_NONE, INCLUDE_METADATA, INCLUDE_OBJECT):
        raise BadRequest(f"unrecognized includeObject value: {go_quote(include_object)}")
    return include_object


def _row(
    printer: Printer, obj: Object, *, now: datetime, mode: str, resource: ResourceType
) -> dict[str, Any]:
    row: dict[str, Any] = {"cells": printer.cells(obj, now)}
    conditions = printer.conditions(obj)
    if conditions:
        row["conditions"] = conditions
    row["object"] = _embedded(obj, mode=mode, resource=resource)
    return row


def _embedded(obj: Object, *, mode: str, resource: ResourceType) -> dict[str, Any] | None:
    """What a row carries in `object` for the request's `includeObject` mode."""
    if mode == INCLUDE_NONE:
        return None
    if mode == INCLUDE_OBJECT:
        return {"kind": resource.kind, "apiVersion": resource.api_version, **obj}
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": TABLE_API_VERSION,
        "metadata": mapping(obj.get("metadata")),
    }


def _table_metadata(
    list_meta: Mapping[str, Any] | None, objects: Sequence[Object]
) -> dict[str, Any]:
    """ListMeta with upstream's omitempty rules; a single object lends its resourceVersion."""
    if list_meta is None:
        version = text(dig(objects[0], "metadata", "resourceVersion")) if objects else ""
        return {"resourceVersion": version} if version else {}
    metadata: dict[str, Any] = {}
    for key in ("resourceVersion", "continue"):
        if text(list_meta.get(key)):
            metadata[key] = list_meta[key]
    if list_meta.get("remainingItemCount") is not None:
        metadata["remainingItemCount"] = list_meta["remainingItemCount"]
    return metadata
