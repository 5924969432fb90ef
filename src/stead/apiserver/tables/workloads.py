"""Tables of workload controllers: StatefulSets and their ControllerRevisions."""

from __future__ import annotations

from datetime import datetime

from stead.apiserver.tables.access import Object, dig, integer, is_true, mappings, name_of, text
from stead.apiserver.tables.columns import (
    AGE,
    CONTAINERS,
    IMAGES,
    NAME,
    Cell,
    Column,
    Doc,
    Printer,
    age,
    container_cells,
)


def _statefulset_cells(sts: Object, now: datetime) -> list[Cell]:
    ready = integer(dig(sts, "status", "readyReplicas"))
    desired = integer(dig(sts, "spec", "replicas"))
    names, images = container_cells(dig(sts, "spec", "template", "spec"))
    return [name_of(sts), f"{ready}/{desired}", age(sts, now), names, images]


STATEFULSET = Printer(
    columns=(NAME, Column("Ready", "Number of the pod with ready state"), AGE, CONTAINERS, IMAGES),
    cells=_statefulset_cells,
)


def _controller_ref(obj: Object) -> Object | None:
    """Upstream `GetControllerOf`: the first owner reference marked as the controller."""
    for ref in mappings(dig(obj, "metadata", "ownerReferences")):
        if is_true(ref.get("controller")):
            return ref
    return None


def _controller_name(obj: Object) -> str:
    """Upstream's CONTROLLER cell: `<kind>.<group>/<name>` lower-cased, `<none>` without one."""
    owner = _controller_ref(obj)
    if owner is None:
        return "<none>"
    name = text(owner.get("name"))
    group, _, _ = text(owner.get("apiVersion")).rpartition("/")
    kind = text(owner.get("kind"))
    if not kind and not group:
        return name
    group_kind = f"{kind}.{group}" if group else kind
    return f"{group_kind.lower()}/{name}"


def _revision_cells(revision: Object, now: datetime) -> list[Cell]:
    return [
        name_of(revision),
        _controller_name(revision),
        integer(revision.get("revision")),
        age(revision, now),
    ]


CONTROLLER_REVISION = Printer(
    columns=(
        NAME,
        Column("Controller", "Controller of the object"),
        Column("Revision", Doc("io.k8s.api.apps.v1.ControllerRevision", "revision")),
        AGE,
    ),
    cells=_revision_cells,
)
