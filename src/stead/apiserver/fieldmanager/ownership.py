"""Who owns which fields, and how a write moves ownership (upstream's merge.Updater).

- A write that changes, adds or removes fields takes the changed and added fields away from
  every other manager, and the removed ones from everybody.
- An update (create, PUT, non-apply PATCH) then owns what it changed and added.
- An apply owns exactly the fields of its configuration. Fields it applied last time but no
  longer applies are removed from the object unless someone else still owns them. Changing a
  field another manager owns is a conflict unless forced, in which case ownership moves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from stead.apiserver.fieldmanager import fieldpath, merging, schemas, walks
from stead.apiserver.fieldmanager.fieldpath import FieldSet, Path
from stead.apiserver.fieldmanager.schemas import Type
from stead.apiserver.fieldmanager.walks import MISSING, Comparison


@dataclass(frozen=True)
class Manager:
    """The identity of a managedFields entry. Appliers keep theirs across API versions."""

    name: str
    operation: str
    api_version: str = ""
    subresource: str = ""

    def identifier(self) -> str:
        """Upstream's identifier: the entry's identity fields as JSON (empty ones omitted)."""
        fields = {
            "manager": self.name,
            "operation": self.operation,
            "apiVersion": self.api_version,
            "subresource": self.subresource,
        }
        return json.dumps({k: v for k, v in fields.items() if v}, separators=(",", ":"))


@dataclass(frozen=True)
class Owned:
    """What one manager owns, at which API version, and when it last changed the object."""

    fields: FieldSet
    api_version: str
    time: str | None = None


Managers = dict[Manager, Owned]


class Conflicts(Exception):
    """An apply would change fields that other managers own."""

    def __init__(self, conflicts: list[tuple[Manager, Path]]) -> None:
        super().__init__(f"{len(conflicts)} conflict(s)")
        self.conflicts = conflicts


# Fields the server owns: never part of anybody's set.
SERVER_OWNED = FieldSet.of(
    tuple(fieldpath.field(name) for name in path)
    for path in [
        ("apiVersion",),
        ("kind",),
        ("metadata",),
        *(
            ("metadata", name)
            for name in (
                "name",
                "namespace",
                "creationTimestamp",
                "deletionTimestamp",
                "selfLink",
                "uid",
                "clusterName",
                "generation",
                "managedFields",
                "resourceVersion",
            )
        ),
    ]
)


def take_ownership(
    old: Any,
    new: Any,
    managers: Managers,
    *,
    acting: Manager | None,
    force: bool,
    schema: Type | None,
    ignored: FieldSet,
) -> tuple[Managers, Comparison]:
    """Move ownership for the change from `old` to `new` made by `acting` (None: an update).

    Raises `Conflicts` when, unforced, the change touches fields other managers own.
    """
    before, after = schemas.zero_filled(old, schema), schemas.zero_filled(new, schema)
    change = walks.compare(before, after, schema).excluding(ignored)
    touched = change.modified.union(change.added)
    clashes: list[tuple[Manager, Path]] = []
    result: Managers = {}
    for manager, owned in managers.items():
        fields = owned.fields
        if manager != acting:
            clash = fields.intersection(touched)
            clashes += [(manager, path) for path in clash.paths()]
            fields = fields.difference(clash).difference(change.removed)
        if not fields.empty():
            result[manager] = replace(owned, fields=fields)
    if clashes and not force:
        raise Conflicts(clashes)
    return result, change


def record_change(
    old: Any,
    new: Any,
    managers: Managers,
    *,
    updater: Manager,
    schema: Type | None,
    ignored: FieldSet,
    now: str,
) -> Managers:
    """Ownership after a non-apply write: `updater` gains what it changed or added."""
    managers, change = take_ownership(
        old, new, managers, acting=None, force=True, schema=schema, ignored=ignored
    )
    gained = change.modified.union(change.added).difference(SERVER_OWNED)
    if gained.empty():
        return managers
    previous = managers.get(updater)
    if previous is not None:
        gained = gained.union(previous.fields)
    return {**managers, updater: Owned(gained, updater.api_version, now)}


def apply_config(
    live: Any,
    config: Any,
    managers: Managers,
    *,
    applier: Manager,
    api_version: str,
    force: bool,
    schema: Type | None,
    ignored: FieldSet,
) -> tuple[Any, Managers]:
    """Merge `config` into `live` for `applier`: the new object and the new ownership."""
    merged = merging.merge(live, config, schema)
    merged = {} if merged is MISSING else merged
    last = managers.get(applier)
    applied = walks.field_set(config, schema).recursive_difference(ignored)
    time = last.time if last is not None else None
    managers = {**managers, applier: Owned(applied, api_version, time)}
    if last is not None and not last.fields.difference(applied).empty():
        merged = _prune(merged, managers, last.fields, schema)
    managers, _ = take_ownership(
        live, merged, managers, acting=applier, force=force, schema=schema, ignored=ignored
    )
    return merged, managers


def _prune(merged: Any, managers: Managers, last: FieldSet, schema: Type | None) -> Any:
    """Remove what the applier applied last time, unless it or anybody else owns it now.

    Upstream's three steps: drop everything `last` touches, add back what any manager (the
    applier's new set included) owns, then keep the removals only where `last` asked for them.
    A no-op unless `last` holds fields the applier no longer applies, hence skipped then.
    """

    def named(fields: FieldSet) -> FieldSet:
        return walks.with_named_fields(fields, schema)

    def kept(value: Any) -> FieldSet:
        return named(walks.field_set(value, schema))

    def without(doomed: FieldSet) -> Any:
        result = walks.remove(merged, doomed, schema)
        return {} if result is MISSING else result

    owned = FieldSet()
    for entry in managers.values():
        owned = owned.union(entry.fields)
    everything = kept(merged)
    pruned = without(named(last))
    pruned = without(everything.difference(kept(pruned).union(named(owned))))
    return without(everything.difference(kept(pruned)).intersection(named(last)))


def strip_server_owned(managers: Managers, manager: Manager) -> Managers:
    """Drop server-owned fields from `manager`'s set (and the entry if nothing is left)."""
    owned = managers.get(manager)
    if owned is None:
        return managers
    rest = {key: value for key, value in managers.items() if key != manager}
    fields = owned.fields.difference(SERVER_OWNED)
    return rest if fields.empty() else {**rest, manager: replace(owned, fields=fields)}
