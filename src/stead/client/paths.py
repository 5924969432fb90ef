"""The one place URL paths of the Kubernetes API are built from a `ResourceType`.

`/api/v1/namespaces/default/pods/web-0/status`: group root, optional namespace, plural, optional
name and subresource. Names are percent-encoded so a name can never reach another path.
"""

from __future__ import annotations

from urllib.parse import quote

from stead.api.kinds import ResourceType


def group_root(resource: ResourceType) -> str:
    """`/api/v1` for the core group, `/apis/apps/v1` for the others."""
    if resource.group:
        return f"/apis/{resource.group}/{resource.version}"
    return f"/api/{resource.version}"


def collection_path(resource: ResourceType, *, namespace: str = "") -> str:
    """A collection: one namespace's, or across all namespaces when `namespace` is empty."""
    if namespace and not resource.namespaced:
        raise ValueError(f"{resource.qualified_name} is not namespaced")
    scope = f"/namespaces/{_segment(namespace)}" if namespace else ""
    return f"{group_root(resource)}{scope}/{resource.plural}"


def object_path(
    resource: ResourceType, name: str, *, namespace: str = "", subresource: str = ""
) -> str:
    """One object (or one of its subresources); namespaced kinds need their namespace."""
    if not name:
        raise ValueError(f"a {resource.kind} path needs a name")
    if resource.namespaced and not namespace:
        raise ValueError(f"{resource.qualified_name} {name!r} needs a namespace")
    path = f"{collection_path(resource, namespace=namespace)}/{_segment(name)}"
    return f"{path}/{_segment(subresource)}" if subresource else path


def _segment(text: str) -> str:
    return quote(text, safe="")
