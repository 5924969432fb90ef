"""API discovery: legacy lists and aggregated `APIGroupDiscoveryList` (v2 and v2beta1).

The aggregated form is served only in a version the client listed in `Accept`: kubectl 1.27
shows no resources at all when it gets a version it did not ask for.
"""

from __future__ import annotations

import functools
from typing import Any

import orjson

from stead.api import kinds
from stead.api.kinds import ResourceType
from stead.apiserver.http import Request, Response, json_response
from stead.apiserver.routing import GroupPath

_AGGREGATED_VERSIONS = ("v2", "v2beta1")


def _resource_entry(resource: ResourceType) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": resource.plural,
        "singularName": resource.singular,
        "namespaced": resource.namespaced,
        "kind": resource.kind,
        "verbs": list(resource.verbs),
    }
    if resource.short_names:
        entry["shortNames"] = list(resource.short_names)
    if resource.categories:
        entry["categories"] = list(resource.categories)
    return entry


def _subresource_entries(resource: ResourceType) -> list[dict[str, Any]]:
    entries = []
    for sub in resource.subresources:
        entry: dict[str, Any] = {
            "name": f"{resource.plural}/{sub.name}",
            "singularName": "",
            "namespaced": resource.namespaced,
            "kind": sub.kind,
            "verbs": list(sub.verbs),
        }
        if sub.group:
            entry["group"], entry["version"] = sub.group, sub.version
        entries.append(entry)
    return entries


def resource_list(group: str, version: str) -> dict[str, Any]:
    """`APIResourceList` for one group-version (`/api/v1`, `/apis/apps/v1`)."""
    served = [r for r in kinds.RESOURCES if r.group == group and r.version == version]
    entries = []
    for resource in served:
        entries.append(_resource_entry(resource))
        entries.extend(_subresource_entries(resource))
    group_version = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": entries}  # fmt: skip


def _group(name: str, versions: list[str]) -> dict[str, Any]:
    entries = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
    return {"name": name, "versions": entries, "preferredVersion": entries[0]}


def api_group(name: str) -> dict[str, Any] | None:
    for group, versions in kinds.groups():
        if group == name and group:
            return {"kind": "APIGroup", "apiVersion": "v1", **_group(group, versions)}
    return None


def legacy_root(*, legacy: bool) -> dict[str, Any]:
    if legacy:
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
    groups = [_group(g, vs) for g, vs in kinds.groups() if g]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def _aggregated_resource(resource: ResourceType) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "resource": resource.plural,
        "singularResource": resource.singular,
        "responseKind": {"group": resource.group, "version": resource.version,
                         "kind": resource.kind},
        "scope": "Namespaced" if resource.namespaced else "Cluster",
        "verbs": list(resource.verbs),
    }  # fmt: skip
    if resource.short_names:
        entry["shortNames"] = list(resource.short_names)
    if resource.categories:
        entry["categories"] = list(resource.categories)
    subresources = []
    for sub in resource.subresources:
        kind = {"group": sub.group or resource.group, "version": sub.version or resource.version,
                "kind": sub.kind}  # fmt: skip
        subresources.append({"subresource": sub.name, "responseKind": kind,
                             "verbs": list(sub.verbs)})  # fmt: skip
    if subresources:
        entry["subresources"] = subresources
    return entry


@functools.cache
def aggregated(*, legacy: bool, version: str) -> bytes:
    """The aggregated document for `/api` (legacy) or `/apis`, encoded once per version."""
    items = []
    for group, versions in kinds.groups():
        if (group == "") != legacy:
            continue
        version_entries = []
        for gv in versions:
            resources = [
                _aggregated_resource(r)
                for r in kinds.RESOURCES
                if r.group == group and r.version == gv
            ]
            version_entries.append({"version": gv, "resources": resources, "freshness": "Current"})
        items.append({"metadata": {"name": group, "creationTimestamp": None},
                      "versions": version_entries})  # fmt: skip
    document = {"kind": "APIGroupDiscoveryList", "apiVersion": f"apidiscovery.k8s.io/{version}",
                "metadata": {}, "items": items}  # fmt: skip
    return orjson.dumps(document)


def _negotiated_aggregated_version(request: Request) -> str | None:
    for media in request.accept():
        if (
            media.params.get("as") == "APIGroupDiscoveryList"
            and media.params.get("g") == "apidiscovery.k8s.io"
            and media.params.get("v") in _AGGREGATED_VERSIONS
        ):
            return media.params["v"]
        if media.is_json():
            return None
    return None


def serve(request: Request, route: GroupPath) -> Response | None:
    """The discovery document `route` names, or None when it names nothing served."""
    if route.version:
        if not any(g == route.group and route.version in vs for g, vs in kinds.groups()):
            return None
        return json_response(resource_list(route.group, route.version))
    if route.group:
        group = api_group(route.group)
        return None if group is None else json_response(group)
    version = _negotiated_aggregated_version(request)
    if version is None:
        return json_response(legacy_root(legacy=route.legacy))
    content_type = f"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList"
    return Response(
        body=aggregated(legacy=route.legacy, version=version), content_type=content_type
    )
