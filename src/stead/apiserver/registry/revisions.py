"""ControllerRevisions (apps/v1): a snapshot whose `data` never changes once written."""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, invalid, required
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.fields import integer
from stead.apiserver.registry.objectmeta import (
    IMMUTABLE,
    core_object_meta_update_errors,
    nonnegative,
)

Object = dict[str, Any]


class ControllerRevisionStrategy(BaseStrategy):
    def validate_object(self, obj: Object) -> list[FieldError]:
        """Upstream `ValidateControllerRevision`."""
        errors = self.meta_errors(obj)
        if obj.get("data") is None:
            errors.append(required("data", "data is mandatory"))
        return errors + nonnegative("revision", integer(obj, "revision"))

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old) + self.validate_object(new)
        # Raw bytes upstream: compared exactly, not semantically.
        if new.get("data") != old.get("data"):
            errors.append(invalid("data", new.get("data"), IMMUTABLE))
        return errors
