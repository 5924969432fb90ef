"""Printers: the columns of one kind's table and the function that fills a row's cells.

Column names, types, formats and priorities are upstream's (`pkg/printers/internalversion`);
priority 1 marks the `-o wide` extras. The server always fills every column, wide ones too:
kubectl drops priority-1 columns unless asked for `-o wide`. Descriptions that upstream takes
from the API documentation are read from the same upstream schema we serve.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from stead.api import schema
from stead.apiserver.tables.access import Object, dig, mappings, name_of, text
from stead.apiserver.tables.duration import rfc3339, since

Cell = str | int | bool
Condition = dict[str, str]

OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


@dataclass(frozen=True)
class Doc:
    """A description borrowed from the API documentation of `definition`'s `field`."""

    definition: str
    field: str


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Doc
    type: str = "string"
    format: str = ""
    priority: int = 0

    def definition(self) -> dict[str, Any]:
        """This column as a `meta.k8s.io/v1` TableColumnDefinition (every key always present)."""
        return {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "description": _describe(self.description),
            "priority": self.priority,
        }


def _no_conditions(obj: Object) -> list[Condition]:
    return []


@dataclass(frozen=True)
class Printer:
    """One kind's table: `cells(obj, now)` returns one cell per column, in column order."""

    columns: tuple[Column, ...]
    cells: Callable[[Object, datetime], list[Cell]]
    conditions: Callable[[Object], list[Condition]] = field(default=_no_conditions)
    """Row conditions (only `Completed` is defined upstream)."""


@functools.cache
def _column_definitions(printer: Printer) -> tuple[dict[str, Any], ...]:
    return tuple(column.definition() for column in printer.columns)


def column_definitions(printer: Printer) -> list[dict[str, Any]]:
    """Fresh copies of the printer's column definitions (safe for the caller to mutate)."""
    return [dict(definition) for definition in _column_definitions(printer)]


def _describe(description: str | Doc) -> str:
    if isinstance(description, str):
        return description
    definition = schema.load().definition(description.definition)
    documented = None if definition is None else definition.field(description.field)
    return "" if documented is None else documented.description


NAME = Column("Name", Doc(OBJECT_META, "name"), format="name")
AGE = Column("Age", Doc(OBJECT_META, "creationTimestamp"))
CONTAINERS = Column("Containers", "Names of each container in the template.", priority=1)
IMAGES = Column("Images", "Images referenced by each container in the template.", priority=1)


def age(obj: Object, now: datetime) -> str:
    """The object's AGE cell (`<unknown>` without a creation timestamp)."""
    return since(dig(obj, "metadata", "creationTimestamp"), now)


def container_cells(pod_spec: object) -> tuple[str, str]:
    """Upstream `layoutContainerCells`: container names and images, each joined by commas."""
    containers = mappings(dig(pod_spec, "containers"))
    names = ",".join(text(container.get("name")) for container in containers)
    images = ",".join(text(container.get("image")) for container in containers)
    return names, images


def _default_cells(obj: Object, now: datetime) -> list[Cell]:
    return [name_of(obj), rfc3339(dig(obj, "metadata", "creationTimestamp"))]


DEFAULT = Printer(
    columns=(
        NAME,
        Column("Created At", Doc(OBJECT_META, "creationTimestamp"), type="date"),
    ),
    cells=_default_cells,
)
"""Upstream's default table convertor, for kinds without a printer: name and creation time."""
