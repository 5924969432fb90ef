"""Server-side printing: objects as `meta.k8s.io/v1` Tables, with upstream's columns and cells.

kubectl `get` asks for `application/json;as=Table;v=v1;g=meta.k8s.io` and prints the cells it
receives, so the columns, placeholders and ages here are what users see. Every function is pure:
the clock is passed in as `now`.
"""

from stead.apiserver.tables.convert import (
    INCLUDE_METADATA,
    INCLUDE_NONE,
    INCLUDE_OBJECT,
    TABLE_API_VERSION,
    printer_for,
    table,
)
from stead.apiserver.tables.duration import human_duration

__all__ = [
    "INCLUDE_METADATA",
    "INCLUDE_NONE",
    "INCLUDE_OBJECT",
    "TABLE_API_VERSION",
    "human_duration",
    "printer_for",
    "table",
]
