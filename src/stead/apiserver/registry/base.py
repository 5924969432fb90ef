"""The rules every kind shares; each kind's strategy subclasses `BaseStrategy`.

Mirrors upstream's generic registry (`rest.BeforeCreate` / `BeforeUpdate`): the kind's own
validation runs first on create, and the common ObjectMeta checks (path-segment names) only
when it passed; on update the common checks come first. A kind with a status subresource never
takes `status` from a write of the main resource, nor anything but status (and labels and
annotations) from a write of `/status`. `metadata.generation` exists only for kinds that track
it (StatefulSet, Pod, EndpointSlice) and then moves by one exactly when the spec changes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from stead.api.errors import FieldError
from stead.api.kinds import ResourceType
from stead.api.meta import metadata
from stead.apiserver.registry.fields import as_dict, clone, semantic_equal
from stead.apiserver.registry.names import NameFn, dns_subdomain_name, path_segment_name
from stead.apiserver.registry.objectmeta import (
    core_object_meta_errors,
    core_object_meta_update_errors,
    object_meta_errors,
    object_meta_update_errors,
)

Object = dict[str, Any]
_STATUS_WRITABLE_METADATA = ("labels", "annotations")


class BaseStrategy:
    """Generic behaviour; override `default`, the `validate_*` hooks and the knobs."""

    name_fn: ClassVar[NameFn] = dns_subdomain_name
    tracks_generation: ClassVar[bool] = False

    def __init__(self, resource: ResourceType) -> None:
        self.resource = resource

    @property
    def has_status(self) -> bool:
        return self.resource.subresource("status") is not None

    # --- create -------------------------------------------------------------------------

    def prepare_for_create(self, obj: Object) -> None:
        if self.has_status:
            obj.pop("status", None)
        meta = metadata(obj)
        if self.tracks_generation:
            meta["generation"] = 1
        else:
            meta.pop("generation", None)

    def default(self, obj: Object) -> None:
        """Upstream defaults (none for the generic kind). Every kind's defaults are idempotent:
        the update path applies them before comparing specs, and the handler again after."""

    def validate(self, obj: Object) -> list[FieldError]:
        errors = self.validate_object(obj)
        if errors:
            return errors
        return object_meta_errors(
            obj, namespaced=self.resource.namespaced, name_fn=path_segment_name
        )

    def validate_object(self, obj: Object) -> list[FieldError]:
        """The kind's create validation (upstream `ValidateX`); ObjectMeta by default."""
        return self.meta_errors(obj)

    def meta_errors(self, obj: Object) -> list[FieldError]:
        return core_object_meta_errors(
            obj, namespaced=self.resource.namespaced, name_fn=type(self).name_fn
        )

    # --- update -------------------------------------------------------------------------

    def prepare_for_update(self, new: Object, old: Object) -> None:
        self.default(new)
        if self.has_status:
            self._carry_status(new, old)
        self.set_generation(new, old)

    @staticmethod
    def _carry_status(new: Object, old: Object) -> None:
        if "status" in old:
            new["status"] = clone(old["status"])
        else:
            new.pop("status", None)

    def set_generation(self, new: Object, old: Object) -> None:
        meta = metadata(new)
        old_generation = as_dict(old.get("metadata")).get("generation")
        if not isinstance(old_generation, int) or isinstance(old_generation, bool):
            meta.pop("generation", None)
            return
        changed = self.tracks_generation and not semantic_equal(
            self.spec_of(new), self.spec_of(old)
        )
        meta["generation"] = old_generation + 1 if changed else old_generation

    def spec_of(self, obj: Object) -> object:
        """What counts as the spec for generation purposes."""
        return obj.get("spec")

    def validate_update(self, new: Object, old: Object) -> list[FieldError]:
        return _unique(self.common_update_errors(new, old) + self.validate_object_update(new, old))

    def common_update_errors(self, new: Object, old: Object) -> list[FieldError]:
        """The generic registry's checks on every update (`validateCommonFields`)."""
        errors = object_meta_errors(
            new, namespaced=self.resource.namespaced, name_fn=path_segment_name
        )
        return errors + object_meta_update_errors(new, old)

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        """The kind's update validation; by default metadata update plus create validation."""
        return core_object_meta_update_errors(new, old) + self.validate_object(new)

    # --- status -------------------------------------------------------------------------

    def prepare_for_status_update(self, new: Object, old: Object) -> None:
        meta, old_meta = metadata(new), as_dict(old.get("metadata"))
        kept = {key: meta[key] for key in _STATUS_WRITABLE_METADATA if key in meta}
        status = new.get("status")
        new.clear()
        new.update(clone(old))
        fresh_meta = metadata(new)
        for key in _STATUS_WRITABLE_METADATA:
            fresh_meta.pop(key, None)
        fresh_meta.update(kept)
        if status is None:
            new.pop("status", None)
        else:
            new["status"] = status
        if "generation" in old_meta:
            fresh_meta["generation"] = old_meta["generation"]

    def validate_status_update(self, new: Object, old: Object) -> list[FieldError]:
        return _unique(self.common_update_errors(new, old) + self.validate_status(new, old))

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        """The kind's status validation (upstream `ValidateXStatusUpdate`)."""
        return core_object_meta_update_errors(new, old)

    def warnings(self, new: Object, old: Object | None) -> list[str]:
        return []


def _unique(errors: list[FieldError]) -> list[FieldError]:
    """Both the generic and the kind's metadata checks run on update; report each once."""
    seen: set[str] = set()
    kept: list[FieldError] = []
    for error in errors:
        text = error.render()
        if text not in seen:
            seen.add(text)
            kept.append(error)
    return kept
