"""Deleting everything in a namespace, and counting what is left.

Every namespaced resource of the catalog that can be listed and collection-deleted is emptied
with one DELETECOLLECTION (propagation Background: the namespace goes as a whole, so there is
nothing to orphan), then listed to see what remains: objects held by finalizers, and pods on
nodes still inside their grace period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from stead.api import errors
from stead.api.kinds import ResourceType
from stead.api.meta import parse_time
from stead.client.objects import Object, finalizers_of, metadata_of
from stead.client.resources import stored_resources
from stead.client.rest import DeleteOptions, Propagation, RestClient

FINALIZER_ESTIMATE = 2.0
"""Seconds we expect a finalizer to take before looking again (upstream guesses 15)."""


def namespaced_resources() -> list[ResourceType]:
    """The resources whose objects live in namespaces and can be collection-deleted."""
    return [r for r in stored_resources(verbs=("list", "deletecollection")) if r.namespaced]


@dataclass
class Remaining:
    """What a pass over the namespace left behind."""

    instances: Counter[str] = field(default_factory=Counter)
    """Objects left per resource, labelled as upstream does: `pods.`, `statefulsets.apps`."""
    finalizers: Counter[str] = field(default_factory=Counter)
    """Objects left per finalizer they carry."""
    failures: list[str] = field(default_factory=list)
    """Resources whose objects could not be deleted or listed, with why."""
    estimate: float = 0.0
    """Seconds until the slowest remaining object is expected to go."""

    @property
    def empty(self) -> bool:
        return not self.instances and not self.failures


async def delete_content(client: RestClient, namespace: str, *, now: datetime) -> Remaining:
    """Delete every object in `namespace`; report what is still there afterwards."""
    remaining = Remaining()
    options = DeleteOptions(propagation=Propagation.BACKGROUND)
    for resource in namespaced_resources():
        try:
            await client.delete_collection(resource, namespace=namespace, options=options)
            left = await client.list(resource, namespace=namespace)
        except errors.ApiError as failure:
            remaining.failures.append(f"{resource.qualified_name}: {failure}")
            continue
        _tally(remaining, resource, left.items, now=now)
    return remaining


def _tally(
    remaining: Remaining, resource: ResourceType, items: list[Object], *, now: datetime
) -> None:
    if not items:
        return
    remaining.instances[f"{resource.plural}.{resource.group}"] += len(items)
    for obj in items:
        for finalizer in finalizers_of(obj):
            remaining.finalizers[finalizer] += 1
        remaining.estimate = max(remaining.estimate, _expected_wait(obj, now=now))


def _expected_wait(obj: Object, *, now: datetime) -> float:
    """Seconds until `obj` should be gone: its grace period's end, or a guess for finalizers."""
    deadline = metadata_of(obj).get("deletionTimestamp")
    moment = parse_time(deadline) if isinstance(deadline, str) else None
    grace = (moment - now).total_seconds() if moment is not None else 0.0
    if finalizers_of(obj):
        grace = max(grace, FINALIZER_ESTIMATE)
    return max(grace, 0.0)
