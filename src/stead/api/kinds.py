"""The catalog of API resources stead serves: one `ResourceType` per group/version/resource.

Discovery, routing, OpenAPI, storage keys and printing all read this one table, so adding a kind
is adding a line here (plus its strategy and printer).
"""

from __future__ import annotations

from dataclasses import dataclass

STANDARD_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
CREATE_ONLY = ("create",)


@dataclass(frozen=True)
class Subresource:
    name: str
    kind: str
    verbs: tuple[str, ...]
    group: str = ""
    """Group and version of the subresource's kind when it differs from its parent's (Scale)."""
    version: str = ""


STATUS_VERBS = ("get", "patch", "update")


@dataclass(frozen=True)
class ResourceType:
    group: str
    """API group; "" for the core group served under /api."""
    version: str
    kind: str
    plural: str
    singular: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    subresources: tuple[Subresource, ...] = ()
    verbs: tuple[str, ...] = STANDARD_VERBS
    stored: bool = True
    """False for virtual kinds answered on create and never stored (access reviews)."""
    storage_resource: str = ""
    """Resource whose storage this one shares (events.k8s.io events live with core events)."""

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def api_version(self) -> str:
        return self.group_version

    @property
    def list_kind(self) -> str:
        return f"{self.kind}List"

    @property
    def qualified_name(self) -> str:
        """`statefulsets.apps`, or plain `pods` for the core group (as in error messages)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def key_prefix(self) -> str:
        """Store key prefix of every object of this resource, ending in '/'."""
        resource = self.storage_resource or self.qualified_name
        return f"/registry/{resource}/"

    def key(self, namespace: str, name: str) -> str:
        if self.namespaced:
            return f"{self.key_prefix}{namespace}/{name}"
        return f"{self.key_prefix}{name}"

    def collection_prefix(self, namespace: str) -> str:
        """Prefix of every key in one namespace ("" namespace: all of them)."""
        if self.namespaced and namespace:
            return f"{self.key_prefix}{namespace}/"
        return self.key_prefix

    def subresource(self, name: str) -> Subresource | None:
        return next((s for s in self.subresources if s.name == name), None)


def _status(kind: str) -> Subresource:
    return Subresource("status", kind, STATUS_VERBS)


_SCALE = Subresource("scale", "Scale", STATUS_VERBS, group="autoscaling", version="v1")

RESOURCES: tuple[ResourceType, ...] = (
    ResourceType("", "v1", "Namespace", "namespaces", "namespace", False, ("ns",),
                 subresources=(_status("Namespace"),
                               Subresource("finalize", "Namespace", ("update",))),
                 verbs=("create", "delete", "get", "list", "patch", "update", "watch")),
    ResourceType("", "v1", "Node", "nodes", "node", False, ("no",),
                 subresources=(_status("Node"),)),
    ResourceType("", "v1", "Pod", "pods", "pod", True, ("po",), ("all",),
                 subresources=(_status("Pod"), Subresource("binding", "Binding", CREATE_ONLY))),
    ResourceType("", "v1", "Service", "services", "service", True, ("svc",), ("all",),
                 subresources=(_status("Service"),),
                 verbs=("create", "delete", "deletecollection", "get", "list", "patch",
                        "update", "watch")),
    ResourceType("", "v1", "Endpoints", "endpoints", "endpoints", True, ("ep",)),
    ResourceType("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", False,
                 ("pv",), subresources=(_status("PersistentVolume"),)),
    ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
                 "persistentvolumeclaim", True, ("pvc",),
                 subresources=(_status("PersistentVolumeClaim"),)),
    ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", True, ("cm",)),
    ResourceType("", "v1", "Secret", "secrets", "secret", True),
    ResourceType("", "v1", "Event", "events", "event", True, ("ev",)),
    ResourceType("apps", "v1", "StatefulSet", "statefulsets", "statefulset", True, ("sts",),
                 ("all",), subresources=(_status("StatefulSet"), _SCALE)),
    ResourceType("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision",
                 True),
    ResourceType("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice",
                 True),
    ResourceType("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", False,
                 ("sc",)),
    ResourceType("events.k8s.io", "v1", "Event", "events", "event", True, ("ev",),
                 storage_resource="events"),
    ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", True),
    ResourceType("authorization.k8s.io", "v1", "SelfSubjectAccessReview",
                 "selfsubjectaccessreviews", "selfsubjectaccessreview", False,
                 verbs=CREATE_ONLY, stored=False),
    ResourceType("authorization.k8s.io", "v1", "SelfSubjectRulesReview",
                 "selfsubjectrulesreviews", "selfsubjectrulesreview", False,
                 verbs=CREATE_ONLY, stored=False),
    ResourceType("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews",
                 "selfsubjectreview", False, verbs=CREATE_ONLY, stored=False),
)  # fmt: skip

_BY_PATH = {(r.group, r.version, r.plural): r for r in RESOURCES}
_BY_KIND = {(r.group, r.version, r.kind): r for r in RESOURCES}


def lookup(group: str, version: str, plural: str) -> ResourceType | None:
    return _BY_PATH.get((group, version, plural))


def by_kind(group: str, version: str, kind: str) -> ResourceType | None:
    return _BY_KIND.get((group, version, kind))


def by_api_version(api_version: str, kind: str) -> ResourceType | None:
    group, _, version = api_version.rpartition("/")
    return by_kind(group, version, kind)


def groups() -> list[tuple[str, list[str]]]:
    """Served groups in catalog order with their versions (preferred first); core group first."""
    seen: dict[str, list[str]] = {}
    for resource in RESOURCES:
        versions = seen.setdefault(resource.group, [])
        if resource.version not in versions:
            versions.append(resource.version)
    return list(seen.items())
