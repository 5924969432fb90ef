"""The event table, shared by core/v1 and events.k8s.io/v1 Events (one storage, one printer).

events.k8s.io names some fields differently (`regarding`, `note`, `deprecated*`,
`reportingController`); upstream converts both versions to one internal Event before printing,
and so do we. Both resources share one storage, so each printer also accepts an object in the
other version's shape when the object's `apiVersion` says so.
"""

from __future__ import annotations

from datetime import datetime

from stead.apiserver.tables.access import Object, dig, integer, mapping, name_of, text
from stead.apiserver.tables.columns import OBJECT_META, Cell, Column, Doc, Printer
from stead.apiserver.tables.duration import since

_EVENT = "io.k8s.api.core.v1.Event"
_EVENTS_API_VERSION = "events.k8s.io/v1"
_EVENTS_API_RENAMES = {
    "regarding": "involvedObject",
    "note": "message",
    "deprecatedSource": "source",
    "deprecatedFirstTimestamp": "firstTimestamp",
    "deprecatedLastTimestamp": "lastTimestamp",
    "deprecatedCount": "count",
    "reportingController": "reportingComponent",
}
_CORE_ONLY = frozenset(_EVENTS_API_RENAMES.values())


def as_core_event(event: Object) -> Object:
    """An events.k8s.io/v1 Event with its fields under their core/v1 names."""
    renamed = {key: value for key, value in event.items() if key not in _CORE_ONLY}
    for events_name, core_name in _EVENTS_API_RENAMES.items():
        if events_name in renamed:
            renamed[core_name] = renamed.pop(events_name)
    return renamed


def _target(event: Object) -> str:
    involved = mapping(event.get("involvedObject"))
    kind = text(involved.get("kind")).lower()
    name = text(involved.get("name"))
    return f"{kind}/{name}" if name else kind


def _source(event: Object) -> str:
    """`component, host`, falling back to the reporting controller and instance."""
    component = text(dig(event, "source", "component")) or text(event.get("reportingComponent"))
    host = text(dig(event, "source", "host")) or text(event.get("reportingInstance"))
    return f"{component}, {host}" if host else component


def _core_event_cells(event: Object, now: datetime) -> list[Cell]:
    first_seen = since(event.get("firstTimestamp") or event.get("eventTime"), now)
    last_seen = since(event.get("lastTimestamp"), now) if event.get("lastTimestamp") else first_seen
    count = integer(event.get("count"))
    series = event.get("series")
    if series is not None:
        last_seen = since(dig(series, "lastObservedTime"), now)
        count = integer(dig(series, "count"))
    elif count == 0:
        # Singleton events of the newer API carry no count.
        count = 1
    return [
        last_seen,
        text(event.get("type")),
        text(event.get("reason")),
        _target(event),
        text(dig(event, "involvedObject", "fieldPath")),
        _source(event),
        text(event.get("message")).strip(),
        first_seen,
        count,
        name_of(event),
    ]


_COLUMNS = (
    Column("Last Seen", Doc(_EVENT, "lastTimestamp")),
    Column("Type", Doc(_EVENT, "type")),
    Column("Reason", Doc(_EVENT, "reason")),
    Column("Object", Doc(_EVENT, "involvedObject")),
    Column("Subobject", Doc("io.k8s.api.core.v1.ObjectReference", "fieldPath"), priority=1),
    Column("Source", Doc(_EVENT, "source"), priority=1),
    Column("Message", Doc(_EVENT, "message")),
    Column("First Seen", Doc(_EVENT, "firstTimestamp"), priority=1),
    Column("Count", Doc(_EVENT, "count"), priority=1),
    Column("Name", Doc(OBJECT_META, "name"), format="name", priority=1),
)


def _core_shaped_cells(event: Object, now: datetime) -> list[Cell]:
    if event.get("apiVersion") == _EVENTS_API_VERSION:
        event = as_core_event(event)
    return _core_event_cells(event, now)


def _events_api_shaped_cells(event: Object, now: datetime) -> list[Cell]:
    if event.get("apiVersion") != "v1":
        event = as_core_event(event)
    return _core_event_cells(event, now)


EVENT = Printer(columns=_COLUMNS, cells=_core_shaped_cells)
"""core/v1 Events (an object that says it is events.k8s.io/v1 is read as such)."""

EVENTS_API_EVENT = Printer(columns=_COLUMNS, cells=_events_api_shaped_cells)
"""events.k8s.io/v1 Events (an object that says it is core/v1 is read as such)."""
