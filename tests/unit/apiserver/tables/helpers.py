"""Shared fixtures for printer tests: a fixed clock and timestamps relative to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from stead.api.kinds import ResourceType, by_kind
from stead.apiserver.tables import printer_for

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)


def ago(**delta: float) -> str:
    """An RFC 3339 timestamp `delta` before NOW."""
    moment = NOW - timedelta(**delta)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def resource(group: str, kind: str) -> ResourceType:
    found = by_kind(group, "v1", kind)
    assert found is not None
    return found


def cells(group: str, kind: str, obj: dict[str, Any]) -> list[Any]:
    """The full (wide) row the server sends for `obj`."""
    return list(printer_for(resource(group, kind)).cells(obj, NOW))


def named_cells(group: str, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The row as {column name: cell}, for tests that look at a few columns."""
    printer = printer_for(resource(group, kind))
    return {c.name: cell for c, cell in zip(printer.columns, printer.cells(obj, NOW), strict=True)}
