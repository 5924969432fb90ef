"""The garbage collector: deletes dependents whose owners are gone, and carries out foreground
and orphan deletions (upstream pkg/controller/garbagecollector semantics)."""

from stead.controllers.garbagecollector.controller import GarbageCollector

__all__ = ["GarbageCollector"]
