"""`metadata.managedFields` on the wire: decoding, encoding, ordering and capping entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from stead.apiserver.fieldmanager.fieldpath import from_fields_v1
from stead.apiserver.fieldmanager.ownership import Manager, Managers, Owned

MAX_UPDATE_MANAGERS = 10
ANCIENT = "ancient-changes"
_OPERATIONS = ("Apply", "Update")


def decode(entries: Any) -> Managers | None:
    """The ownership recorded in `entries`, or None when they are malformed.

    Like upstream, an entry needs operation Apply or Update, an apiVersion and fieldsType
    FieldsV1; a later entry with the same identity replaces an earlier one.
    """
    if not isinstance(entries, list):
        return None
    managers: Managers = {}
    for entry in entries:
        decoded = _decode_entry(entry)
        if decoded is None:
            return None
        managers[decoded[0]] = decoded[1]
    return managers


def _decode_entry(entry: Any) -> tuple[Manager, Owned] | None:
    if not isinstance(entry, dict):
        return None
    operation, api_version = entry.get("operation"), entry.get("apiVersion")
    name, subresource = entry.get("manager", ""), entry.get("subresource", "")
    time = entry.get("time")
    texts = (name, subresource, api_version)
    if operation not in _OPERATIONS or not all(isinstance(text, str) for text in texts):
        return None
    if not api_version or entry.get("fieldsType") != "FieldsV1":
        return None
    if time is not None and not isinstance(time, str):
        return None
    try:
        fields = from_fields_v1(entry.get("fieldsV1") or {})
    except ValueError:
        return None
    identity_version = api_version if operation == "Update" else ""
    manager = Manager(name, operation, identity_version, subresource)
    return manager, Owned(fields, api_version, time)


def encode(managers: Managers) -> list[dict[str, Any]]:
    """The entries for `managers`, in upstream's order (applies first, then oldest first)."""
    entries = []
    for manager, owned in sorted(managers.items(), key=_order):
        entry: dict[str, Any] = {}
        if manager.name:
            entry["manager"] = manager.name
        entry["operation"] = manager.operation
        entry["apiVersion"] = owned.api_version
        if owned.time:
            entry["time"] = owned.time
        entry["fieldsType"] = "FieldsV1"
        entry["fieldsV1"] = owned.fields.to_fields_v1()
        if manager.subresource:
            entry["subresource"] = manager.subresource
        entries.append(entry)
    return entries


def _order(item: tuple[Manager, Owned]) -> tuple[str, float, str, str, str]:
    manager, owned = item
    return (
        manager.operation,
        seconds(owned.time),
        manager.name,
        owned.api_version,
        manager.subresource,
    )


def seconds(time: str | None) -> float:
    """An entry's time as a Unix timestamp; 0 when absent or unreadable."""
    if not time:
        return 0.0
    try:
        return int(datetime.fromisoformat(time).timestamp())
    except ValueError:
        return 0.0


def cap_updaters(managers: Managers) -> Managers:
    """Keep at most 10 update entries by folding the oldest into `ancient-changes` buckets."""
    updaters = [manager for manager in managers if manager.operation == "Update"]
    if len(updaters) <= MAX_UPDATE_MANAGERS:
        return managers
    updaters.sort(key=lambda manager: (seconds(managers[manager].time), manager.identifier()))
    result = dict(managers)
    first_of_version: dict[str, Manager] = {}
    excess = len(updaters) - MAX_UPDATE_MANAGERS
    for manager in updaters:
        if excess <= 0:
            break
        owned = result[manager]
        bucket = Manager(ANCIENT, "Update", owned.api_version)
        first = first_of_version.setdefault(owned.api_version, manager)
        if first is manager or manager == bucket:
            continue
        if bucket not in result:
            result[bucket] = result.pop(first)
        merged = owned.fields.union(result[bucket].fields)
        result[bucket] = Owned(merged, owned.api_version, owned.time)
        del result[manager]
        excess -= 1
    return result
