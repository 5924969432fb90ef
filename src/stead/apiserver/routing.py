"""URL paths to what they address: a discovery document, or a resource, object or subresource."""

from __future__ import annotations

from dataclasses import dataclass

from stead.api import kinds
from stead.api.kinds import ResourceType


@dataclass(frozen=True)
class ResourcePath:
    """`/api/v1/namespaces/default/pods/web-0/status` → pods, "default", "web-0", "status"."""

    resource: ResourceType
    namespace: str
    name: str = ""
    subresource: str = ""


@dataclass(frozen=True)
class GroupPath:
    """A discovery path: `/api`, `/apis`, `/apis/apps`, `/api/v1`, `/apis/apps/v1`."""

    legacy: bool
    group: str = ""
    version: str = ""


Route = ResourcePath | GroupPath


def parse(path: str) -> Route | None:
    """What `path` addresses, or None when it addresses nothing we serve."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    if segments[0] == "api":
        return _parse_group(segments[1:], group="", legacy=True)
    if segments[0] == "apis":
        if len(segments) == 1:
            return GroupPath(legacy=False)
        return _parse_group(segments[2:], group=segments[1], legacy=False)
    return None


def _parse_group(rest: list[str], *, group: str, legacy: bool) -> Route | None:
    if not rest:
        return GroupPath(legacy=legacy, group=group)
    version, rest = rest[0], rest[1:]
    if not any(v == version for g, vs in kinds.groups() if g == group for v in vs):
        return None
    if not rest:
        return GroupPath(legacy=legacy, group=group, version=version)
    return _parse_resource(rest, group=group, version=version)


def _parse_resource(rest: list[str], *, group: str, version: str) -> ResourcePath | None:
    namespace = ""
    if rest[0] == "namespaces" and len(rest) >= 3:
        candidate = kinds.lookup(group, version, rest[2])
        if candidate is not None and candidate.namespaced:
            namespace, rest = rest[1], rest[2:]
    resource = kinds.lookup(group, version, rest[0])
    if resource is None or len(rest) > 3:
        return None
    if namespace and not resource.namespaced:
        return None
    name = rest[1] if len(rest) > 1 else ""
    subresource = rest[2] if len(rest) > 2 else ""
    if subresource and resource.subresource(subresource) is None:
        return None
    return ResourcePath(resource, namespace, name, subresource)
