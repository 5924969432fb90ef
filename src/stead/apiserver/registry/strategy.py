"""The contract between the generic REST handlers and each kind's rules.

A `Strategy` is pure: it takes decoded objects (dicts in the wire's JSON shape) and mutates or
judges them; it never does I/O. The handlers call, in order:

create:        prepare_for_create -> default -> validate (+ warnings) -> store
update (PUT/PATCH on the main resource):
               prepare_for_update(new, old) -> default -> validate_update (+ warnings) -> store
status update: prepare_for_status_update(new, old) -> validate_status_update -> store

Metadata the server owns (uid, creationTimestamp, resourceVersion, managedFields,
deletionTimestamp) is handled by the handlers, not by strategies; `generation` is the
strategy's (it alone knows what "spec changed" means for its kind).
"""

from __future__ import annotations

from typing import Any, Protocol

from stead.api.errors import FieldError
from stead.api.kinds import ResourceType

Object = dict[str, Any]


class Strategy(Protocol):
    resource: ResourceType

    def prepare_for_create(self, obj: Object) -> None:
        """Reset what a create may not set: status (for kinds with a status subresource), and
        start `metadata.generation` at 1."""
        ...

    def default(self, obj: Object) -> None:
        """Fill upstream defaults in place (apps/v1 StatefulSet defaults, pod defaults, ...)."""
        ...

    def validate(self, obj: Object) -> list[FieldError]:
        """Create validation, including metadata (name, labels, annotations, owners)."""
        ...

    def prepare_for_update(self, new: Object, old: Object) -> None:
        """Carry over what an update of the main resource may not change (status, for kinds
        with a status subresource) and bump `metadata.generation` iff the spec changed."""
        ...

    def validate_update(self, new: Object, old: Object) -> list[FieldError]:
        """Update validation: the create rules (minus create-only ones) plus immutability."""
        ...

    def prepare_for_status_update(self, new: Object, old: Object) -> None:
        """Keep everything but `status` (and metadata labels/annotations) from `old`."""
        ...

    def validate_status_update(self, new: Object, old: Object) -> list[FieldError]: ...

    def warnings(self, new: Object, old: Object | None) -> list[str]:
        """Warnings sent back as `Warning: 299` headers (kubectl prints `Warning: <text>`)."""
        ...
