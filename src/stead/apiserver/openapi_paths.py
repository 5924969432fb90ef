"""The REST operations stead serves, as a neutral model both OpenAPI documents are written from.

One `PathItem` per URL template, built from the catalog (`stead.api.kinds.RESOURCES`): the
collection (list / create / deletecollection), the all-namespaces list of a namespaced
resource, the object (read / replace / patch / delete) and each subresource. Every operation
names its kind (`x-kubernetes-group-version-kind`) and action (`x-kubernetes-action`); writes
list `fieldValidation`, which is what kubectl looks for before `apply`, `create -f`, `edit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from stead.api import kinds, schema
from stead.api.kinds import ResourceType

META = "io.k8s.apimachinery.pkg.apis.meta.v1."
STATUS = META + "Status"
DELETE_OPTIONS = META + "DeleteOptions"
PATCH = META + "Patch"

PATCH_TYPES = (
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
)
JSON = ("application/json",)
REASONS = {"200": "OK", "201": "Created", "202": "Accepted"}
"""Response descriptions by status code."""
LIST_MEDIA = ("application/json", "application/json;stream=watch")

GroupVersionKind = tuple[str, str, str]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    """"query" or "path"."""
    type: str
    description: str

    @property
    def required(self) -> bool:
        return self.location == "path"


@dataclass(frozen=True)
class Operation:
    method: str
    """Lower-case HTTP method, as OpenAPI keys operations."""
    action: str
    operation_id: str
    description: str
    gvk: GroupVersionKind
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]
    """(status code, definition name of the body) pairs."""
    body: str = ""
    """Definition name of the request body; "" when there is none."""
    consumes: tuple[str, ...] = ("*/*",)
    produces: tuple[str, ...] = JSON

    @property
    def gvk_extension(self) -> dict[str, str]:
        """The operation's `x-kubernetes-group-version-kind` value."""
        group, version, kind = self.gvk
        return {"group": group, "version": version, "kind": kind}


@dataclass(frozen=True)
class PathItem:
    path: str
    parameters: tuple[Parameter, ...]
    operations: tuple[Operation, ...]


def _query(name: str, type_: str, description: str) -> Parameter:
    return Parameter(name, "query", type_, description)


NAME = Parameter("name", "path", "string", "name of the object")
NAMESPACE = Parameter("namespace", "path", "string", "namespace the object lives in")
DRY_RUN = _query("dryRun", "string", "All: run every stage of the request but persist nothing")
FIELD_MANAGER = _query("fieldManager", "string", "name of the actor making the change")
FIELD_VALIDATION = _query(
    "fieldValidation",
    "string",
    "unknown fields in the body: Ignore drops them, Warn drops them with a warning for each, "
    "Strict refuses the request with all of them listed",
)
FORCE = _query("force", "boolean", "apply requests only: take over fields other managers own")
WRITE = (DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION)
LIST = (
    _query("allowWatchBookmarks", "boolean", "ask for BOOKMARK events on a watch"),
    _query("continue", "string", "token from the previous page of a chunked list"),
    _query("fieldSelector", "string", "keep only objects whose fields match"),
    _query("labelSelector", "string", "keep only objects whose labels match"),
    _query("limit", "integer", "largest number of objects to return in one page"),
    _query("resourceVersion", "string", "which resource version the answer may come from"),
    _query("resourceVersionMatch", "string", "how resourceVersion is applied to a list"),
    _query("sendInitialEvents", "boolean", "start a watch with the current objects"),
    _query("timeoutSeconds", "integer", "end a list or watch after this many seconds"),
    _query("watch", "boolean", "stream changes instead of answering once"),
)
DELETE = (
    DRY_RUN,
    _query("gracePeriodSeconds", "integer", "seconds before the object is deleted"),
    _query("orphanDependents", "boolean", "deprecated: use propagationPolicy"),
    _query("propagationPolicy", "string", "Orphan, Background or Foreground"),
)


@dataclass(frozen=True)
class _Shape:
    """What every operation of one action looks like, whatever its kind."""

    method: str
    id_verb: str
    phrase: str
    parameters: tuple[Parameter, ...]
    codes: tuple[str, ...]
    body: str
    """"object" for the kind itself, else a definition name or ""."""
    consumes: tuple[str, ...] = ("*/*",)
    produces: tuple[str, ...] = JSON


_SHAPES = {
    "list": _Shape("get", "list", "list or watch objects of kind", LIST, ("200",), "",
                   produces=LIST_MEDIA),
    "post": _Shape("post", "create", "create", WRITE, ("200", "201", "202"), "object"),
    "deletecollection": _Shape("delete", "deleteCollection", "delete collection of",
                               DELETE + LIST, ("200",), DELETE_OPTIONS),
    "get": _Shape("get", "read", "read", (), ("200",), ""),
    "put": _Shape("put", "replace", "replace", WRITE, ("200", "201"), "object"),
    "patch": _Shape("patch", "patch", "partially update", (*WRITE, FORCE), ("200", "201"),
                    PATCH, consumes=PATCH_TYPES),
    "delete": _Shape("delete", "delete", "delete", DELETE, ("200", "202"), DELETE_OPTIONS),
}  # fmt: skip
_VERB_ACTIONS = {"list": "list", "create": "post", "deletecollection": "deletecollection",
                 "get": "get", "update": "put", "patch": "patch", "delete": "delete"}  # fmt: skip
_COLLECTION_WRITES = ("post", "deletecollection")
_OBJECT_ACTIONS = ("post", "get", "put", "patch", "delete")


@dataclass(frozen=True)
class _Subject:
    """What a group of operations is about, and how their ids and descriptions name it."""

    gvk: GroupVersionKind
    definition: str
    """The kind's definition; for list operations, the list kind's."""
    ids: str
    """`AppsV1NamespacedStatefulSet`-style stem of operation ids."""
    what: str


def _operation(action: str, subject: _Subject) -> Operation:
    shape = _SHAPES[action]
    response = STATUS if action == "deletecollection" else subject.definition
    body = subject.definition if shape.body == "object" else shape.body
    return Operation(
        method=shape.method,
        action=action,
        operation_id=f"{shape.id_verb}{subject.ids}",
        description=f"{shape.phrase} {subject.what}",
        gvk=subject.gvk,
        parameters=shape.parameters,
        responses=tuple((code, response) for code in shape.codes),
        body=body,
        consumes=shape.consumes,
        produces=shape.produces,
    )


def _operations(
    verbs: tuple[str, ...], actions: tuple[str, ...], subject: _Subject
) -> tuple[Operation, ...]:
    wanted = {_VERB_ACTIONS[verb] for verb in verbs if verb in _VERB_ACTIONS}
    return tuple(_operation(action, subject) for action in actions if action in wanted)


def _definition(gvk: GroupVersionKind) -> str:
    return schema.load().definition_name(*gvk) or ""


def _id_stem(resource: ResourceType) -> str:
    group = resource.group.split(".")[0].capitalize() if resource.group else "Core"
    scope = "Namespaced" if resource.namespaced else ""
    return f"{group}{resource.version.capitalize()}{scope}{resource.kind}"


def _prefix(resource: ResourceType) -> str:
    root = f"/apis/{resource.group}" if resource.group else "/api"
    return f"{root}/{resource.version}"


def _collection_path(resource: ResourceType) -> str:
    namespace = "/namespaces/{namespace}" if resource.namespaced else ""
    return f"{_prefix(resource)}{namespace}/{resource.plural}"


def _collections(resource: ResourceType) -> list[PathItem]:
    """The collection, and for a namespaced resource its list across all namespaces."""
    gvk = (resource.group, resource.version, resource.kind)
    stem, kind = _id_stem(resource), resource.kind
    list_kind = _definition((resource.group, resource.version, resource.list_kind))
    scope = (NAMESPACE,) if resource.namespaced else ()
    lists = _operations(resource.verbs, ("list",), _Subject(gvk, list_kind, stem, kind))
    creates = _Subject(gvk, _definition(gvk), stem, kind)
    writes = _operations(resource.verbs, _COLLECTION_WRITES, creates)
    items = [PathItem(_collection_path(resource), scope, lists + writes)]
    if resource.namespaced and lists:
        all_stem = stem.replace("Namespaced", "") + "ForAllNamespaces"
        everywhere = _Subject(gvk, list_kind, all_stem, f"{kind} in every namespace")
        all_lists = _operations(resource.verbs, ("list",), everywhere)
        items.append(PathItem(f"{_prefix(resource)}/{resource.plural}", (), all_lists))
    return items


def _objects(resource: ResourceType) -> list[PathItem]:
    """The object itself and each of its subresources."""
    gvk = (resource.group, resource.version, resource.kind)
    stem, path = _id_stem(resource), f"{_collection_path(resource)}/{{name}}"
    scope = (NAME, NAMESPACE) if resource.namespaced else (NAME,)
    subject = _Subject(gvk, _definition(gvk), stem, f"the specified {resource.kind}")
    verbs = tuple(v for v in resource.verbs if v != "create")
    items = [PathItem(path, scope, _operations(verbs, _OBJECT_ACTIONS, subject))]
    for sub in resource.subresources:
        sub_gvk = (sub.group or resource.group, sub.version or resource.version, sub.kind)
        what = f"{sub.name} of the specified {resource.kind}"
        sub_subject = _Subject(sub_gvk, _definition(sub_gvk), stem + sub.name.capitalize(), what)
        operations = _operations(sub.verbs, _OBJECT_ACTIONS, sub_subject)
        items.append(PathItem(f"{path}/{sub.name}", scope, operations))
    return items


def served_group_versions() -> list[tuple[str, str]]:
    """(group, version) of every served group-version, core first, in catalog order."""
    return [(group, version) for group, versions in kinds.groups() for version in versions]


def group_version_paths(group: str, version: str) -> list[PathItem]:
    """Every path of one group-version that has an operation, sorted by URL template."""
    items = [
        item
        for resource in kinds.RESOURCES
        if (resource.group, resource.version) == (group, version)
        for item in (*_collections(resource), *_objects(resource))
        if item.operations
    ]
    return sorted(items, key=lambda item: item.path)


def referenced_definitions(items: list[PathItem]) -> set[str]:
    """Definition names the operations of `items` use as kinds, bodies or responses."""
    operations = [op for item in items for op in item.operations]
    names = {op.body for op in operations} | {_definition(op.gvk) for op in operations}
    names |= {name for op in operations for _, name in op.responses}
    return {name for name in names if name}
