"""Deprecated APIs and the warning upstream attaches to every request made to one.

Upstream marks a served version deprecated (KEP-1693) and its API server then answers every
request for that resource, successful or not, with a `Warning: 299` header naming the release
that deprecated it and the replacement; kubectl prints it as `Warning: <text>`. core/v1
Endpoints carries that mark since 1.33 (KEP-4974).
"""

from __future__ import annotations

from dataclasses import dataclass

from stead.api.kinds import ResourceType


@dataclass(frozen=True)
class Deprecation:
    since: str
    """The minor release that deprecated the API, `1.33`."""
    replacement: str
    """The kind to use instead, as `<group/version> <Kind>`."""


_DEPRECATED = {
    ("", "v1", "endpoints"): Deprecation("1.33", "discovery.k8s.io/v1 EndpointSlice"),
}


def warning(resource: ResourceType) -> str | None:
    """The warning every request for `resource` gets, or None if it is not deprecated."""
    deprecation = _DEPRECATED.get((resource.group, resource.version, resource.plural))
    if deprecation is None:
        return None
    return (
        f"{resource.group_version} {resource.kind} is deprecated in v{deprecation.since}+; "
        f"use {deprecation.replacement}"
    )
