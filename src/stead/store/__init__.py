"""The versioned key-value store: the contract (`interface`) and its backends."""

from stead.store.interface import (
    Compacted,
    CorruptStore,
    EventType,
    FutureRevision,
    KeyValue,
    RangeResult,
    Store,
    StoreClosed,
    StoreError,
    Watch,
    WatchCutOff,
    WatchEvent,
    WriteResult,
    prefix_end,
)
from stead.store.memory import MemoryStore
from stead.store.sqlite import SqliteStore

__all__ = [
    "Compacted",
    "CorruptStore",
    "EventType",
    "FutureRevision",
    "KeyValue",
    "MemoryStore",
    "RangeResult",
    "SqliteStore",
    "Store",
    "StoreClosed",
    "StoreError",
    "Watch",
    "WatchCutOff",
    "WatchEvent",
    "WriteResult",
    "prefix_end",
]
