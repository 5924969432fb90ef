"""Server-side apply and managedFields bookkeeping for every other write."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from stead.api import errors
from stead.api.schema import Schema
from stead.apiserver.fieldmanager import entries, fieldpath, lastapplied, ownership, schemas, walks
from stead.apiserver.fieldmanager.conflicts import conflict_error
from stead.apiserver.fieldmanager.fieldpath import FieldSet
from stead.apiserver.fieldmanager.ownership import Conflicts, Manager, Managers
from stead.apiserver.fieldmanager.schemas import Type
from stead.apiserver.fieldmanager.walks import config_errors
from stead.apiserver.patch.jsonvalue import JsonObject, deep_copy, json_equal

FIELD_MANAGER_MAX_LENGTH = 128


def default_manager(user_agent: str) -> str:
    """The manager of a write that names none: the User-Agent up to its first `/`.

    Unprintable characters are dropped and the result is cut to 128 bytes, as upstream does;
    kubectl sends `kubectl/v1.37.1 (...)` and the Python client `OpenAPI-Generator/37.0.2/python`.
    """
    kept: list[str] = []
    size = 0
    for char in user_agent.split("/", maxsplit=1)[0]:
        if not char.isprintable():
            continue
        size += len(char.encode())
        if size > FIELD_MANAGER_MAX_LENGTH:
            break
        kept.append(char)
    return "".join(kept)


def field_set(value: Any, schema: Schema | None) -> FieldSet:
    """The fields `value` specifies (upstream's ToFieldSet), `schema` being its kind's root."""
    return walks.field_set(value, schemas.typed(schema))


def apply(
    live: JsonObject | None,
    config: JsonObject,
    *,
    manager: str,
    force: bool,
    schema: Schema | None,
    now: str,
    subresource: str = "",
    reset_fields: Collection[str] = (),
) -> JsonObject:
    """Server-side apply `config` by `manager` to `live` (None: the object does not exist).

    Answers the new object with its `metadata.managedFields`; the inputs are not changed.
    `schema` is the kind's root schema (None: looked up from the config's apiVersion and kind).
    `reset_fields` are dotted paths (e.g. "status") the write may not own because the handler
    resets them. Raises 409 on conflicts unless `force`, 400 for a config of the wrong kind or
    carrying managedFields, 500 (as upstream) for lists the schema cannot key.
    """
    root = schemas.typed(schema) if schema is not None else schemas.for_object(config)
    try:
        _check_config(live, config, root)
        return _apply(
            live,
            config,
            manager=manager,
            force=force,
            schema=root,
            now=now,
            subresource=subresource,
            ignored=_paths(reset_fields),
        )
    except RecursionError:
        raise errors.BadRequest("the applied configuration is nested too deeply") from None


def _apply(
    live: JsonObject | None,
    config: JsonObject,
    *,
    manager: str,
    force: bool,
    schema: Type | None,
    now: str,
    subresource: str,
    ignored: FieldSet,
) -> JsonObject:
    current = _without_managed(live)
    applied = deep_copy(config)
    applier = Manager(manager or "unknown", "Apply", "", subresource)
    before = entries.decode(_managed_of(live)) or {}

    def attempt(forced: bool) -> tuple[Any, Managers]:
        return ownership.apply_config(
            current,
            applied,
            before,
            applier=applier,
            api_version=config["apiVersion"],
            force=forced,
            schema=schema,
            ignored=ignored,
        )

    try:
        merged, after = attempt(force)
    except Conflicts as clash:
        remaining = _unexcused(clash, current, manager=manager, schema=schema)
        if remaining:
            raise conflict_error(remaining) from None
        merged, after = attempt(True)
    after = ownership.strip_server_owned(after, applier)
    mine = after.get(applier)
    previous = before.get(applier)
    changed = not json_equal(merged, current)
    if mine is not None and (changed or previous is None or previous.fields != mine.fields):
        after[applier] = replace(mine, time=now)
    if manager == lastapplied.UPGRADING_MANAGER:
        lastapplied.rewrite(merged, config)
    return _with_managed(merged, after)


def _unexcused(
    clash: Conflicts, live: JsonObject, *, manager: str, schema: Type | None
) -> list[tuple[Manager, fieldpath.Path]]:
    """The conflicts left once kubectl's takeover of client-side-applied fields is allowed."""
    if manager != lastapplied.UPGRADING_MANAGER or not lastapplied.annotation(live):
        return clash.conflicts
    takeable = lastapplied.takeable(live, schema)
    return [(owner, path) for owner, path in clash.conflicts if not takeable.has(path)]


def record_update(
    old: JsonObject | None,
    new: JsonObject,
    *,
    manager: str,
    subresource: str = "",
    now: str,
    reset_fields: Collection[str] = (),
) -> list[JsonObject]:
    """The managedFields of `new` after a create (`old` None), update or non-apply patch.

    `manager` (upstream: "unknown" when empty) comes to own, as an Update entry per manager,
    API version and subresource, every field the write changed or added; other managers lose
    those fields and every removed one. managedFields the client sent in `new` replace the live
    ones unless the write is to a subresource; `[]` or `[{}]` clears them. Never raises: on
    input it cannot read, the live managedFields are kept.
    """
    try:
        return _record_update(
            old,
            new,
            manager=manager,
            subresource=subresource,
            now=now,
            ignored=_paths(reset_fields),
        )
    except RecursionError:
        kept = _managed_of(old)
        return deep_copy(kept) if entries.decode(kept) is not None else []


def _record_update(
    old: JsonObject | None,
    new: JsonObject,
    *,
    manager: str,
    subresource: str,
    now: str,
    ignored: FieldSet,
) -> list[JsonObject]:
    api_version = new.get("apiVersion") if isinstance(new, dict) else None
    updater = Manager(manager or "unknown", "Update", str(api_version or ""), subresource)
    managers = ownership.record_change(
        _without_managed(old),
        _without_managed(new),
        _baseline(old, new, subresource),
        updater=updater,
        schema=schemas.for_object(new),
        ignored=ignored,
        now=now,
    )
    return entries.encode(entries.cap_updaters(managers))


def _baseline(old: JsonObject | None, new: JsonObject, subresource: str) -> Managers:
    """Whose ownership the write starts from: the client's managedFields, else the live ones."""
    sent = _managed_of(new)
    if not subresource and sent is not None:
        if sent in ([], [{}]):
            return {}
        decoded = entries.decode(sent)
        if decoded:
            return decoded
    return entries.decode(_managed_of(old)) or {}


def _check_config(live: JsonObject | None, config: Any, schema: Type | None) -> None:
    if not isinstance(config, dict):
        raise errors.BadRequest("the applied configuration must be a JSON object")
    gvk = _gvk(config)
    api_version, kind = config.get("apiVersion"), config.get("kind")
    if not isinstance(api_version, str) or not api_version or not isinstance(kind, str) or not kind:
        raise errors.BadRequest(f"invalid object type: {gvk}")
    known = live is not None and all(isinstance(live.get(k), str) for k in ("apiVersion", "kind"))
    expected = [_gvk(live)] if known else [_gvk_text(*g) for g in _kinds_of(schema)]
    if expected and gvk not in expected:
        raise errors.BadRequest(f"invalid object type: {gvk}")
    metadata = config.get("metadata")
    if isinstance(metadata, dict) and metadata.get("managedFields") is not None:
        raise errors.BadRequest("metadata.managedFields must be nil")
    problems = config_errors(config, schema)
    if problems:
        detail = problems[0] if len(problems) == 1 else "errors:\n  " + "\n  ".join(problems)
        # Upstream answers this with a bare 500; the configuration is the client's mistake.
        raise errors.BadRequest(f"failed to create typed patch object ({_who(config)}): {detail}")


def _kinds_of(schema: Type | None) -> tuple[tuple[str, str, str], ...]:
    return schema.group_version_kinds if schema is not None else ()


def _gvk(obj: Any) -> str:
    api_version = obj.get("apiVersion") if isinstance(obj, dict) else None
    kind = obj.get("kind") if isinstance(obj, dict) else None
    group, _, version = str(api_version or "").rpartition("/")
    return _gvk_text(group, version, str(kind or ""))


def _gvk_text(group: str, version: str, kind: str) -> str:
    """Go's GroupVersionKind.String(): `apps/v1, Kind=StatefulSet`, `/v1, Kind=Pod`."""
    return f"{group}/{version}, Kind={kind}"


def _who(config: JsonObject) -> str:
    metadata = config.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    return f"{metadata.get('namespace', '')}/{metadata.get('name', '')}; {_gvk(config)}"


def _paths(dotted: Collection[str]) -> FieldSet:
    return FieldSet.of(tuple(fieldpath.field(part) for part in path.split(".")) for path in dotted)


def _managed_of(obj: JsonObject | None) -> Any:
    metadata = obj.get("metadata") if isinstance(obj, dict) else None
    return metadata.get("managedFields") if isinstance(metadata, dict) else None


def _without_managed(obj: JsonObject | None) -> JsonObject:
    """A private copy of `obj` (an empty object for None) without its managedFields."""
    copy: JsonObject = deep_copy(obj) if isinstance(obj, dict) else {}
    if isinstance(copy.get("metadata"), dict):
        copy["metadata"].pop("managedFields", None)
    return copy


def _with_managed(obj: JsonObject, managers: Managers) -> JsonObject:
    metadata = obj.setdefault("metadata", {})
    if not isinstance(metadata, dict):
        return obj
    encoded = entries.encode(managers)
    if encoded:
        metadata["managedFields"] = encoded
    else:
        metadata.pop("managedFields", None)
    return obj
