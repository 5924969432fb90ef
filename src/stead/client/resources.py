"""Naming the served resources a component works with."""

from __future__ import annotations

from collections.abc import Iterable

from stead.api.kinds import RESOURCES, ResourceType, lookup


def resource(api_version: str, plural: str) -> ResourceType:
    """`resource("apps/v1", "statefulsets")`; raises LookupError for a resource not served."""
    group, _, version = api_version.rpartition("/")
    found = lookup(group, version, plural)
    if found is None:
        raise LookupError(f"{plural} in {api_version} is not a served resource")
    return found


def stored_resources(*, verbs: Iterable[str]) -> list[ResourceType]:
    """Resources with stored objects that support all of `verbs`, each storage listed once.

    (events.k8s.io Events are core Events under another name: only the core resource is listed.)
    """
    needed = set(verbs)
    return [r for r in RESOURCES if r.stored and not r.storage_resource and set(r.verbs) >= needed]


NAMESPACES = resource("v1", "namespaces")
