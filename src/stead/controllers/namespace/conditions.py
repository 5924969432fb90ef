"""The status conditions of a terminating namespace, with upstream's types, reasons and texts.

`kubectl describe namespace` shows them while content remains, e.g.
`NamespaceContentRemaining True SomeResourcesRemain Some resources are remaining: pods. has 2
resource instances`. Every condition type is always present: False with its "all is well"
reason when nothing is wrong (upstream does the same).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from stead.controllers.namespace.content import Remaining

DISCOVERY = "NamespaceDeletionDiscoveryFailure"
GROUP_VERSIONS = "NamespaceDeletionGroupVersionParsingFailure"
CONTENT_FAILURE = "NamespaceDeletionContentFailure"
CONTENT_REMAINING = "NamespaceContentRemaining"
FINALIZERS_REMAINING = "NamespaceFinalizersRemaining"


@dataclass(frozen=True)
class Condition:
    type: str
    status: str
    reason: str
    message: str


_ALL_WELL = (
    Condition(DISCOVERY, "False", "ResourcesDiscovered", "All resources successfully discovered"),
    Condition(GROUP_VERSIONS, "False", "ParsedGroupVersions",
              "All legacy kube types successfully parsed"),
    Condition(CONTENT_FAILURE, "False", "ContentDeleted",
              "All content successfully deleted, may be waiting on finalization"),
    Condition(CONTENT_REMAINING, "False", "ContentRemoved", "All content successfully removed"),
    Condition(FINALIZERS_REMAINING, "False", "ContentHasNoFinalizers",
              "All content-preserving finalizers finished"),
)  # fmt: skip


def conditions_for(remaining: Remaining) -> list[Condition]:
    """Every condition type, True where this pass found a problem."""
    problems = {c.type: c for c in _problems(remaining)}
    return [problems.get(c.type, c) for c in _ALL_WELL]


def _problems(remaining: Remaining) -> list[Condition]:
    found = []
    if remaining.failures:
        failures = sorted(remaining.failures)
        message = f"Failed to delete all resource types, {len(failures)} remaining: "
        found.append(Condition(CONTENT_FAILURE, "True", "ContentDeletionFailed",
                               message + ", ".join(failures)))  # fmt: skip
    if remaining.instances:
        counts = _listing(remaining.instances, "{} has {} resource instances")
        found.append(Condition(CONTENT_REMAINING, "True", "SomeResourcesRemain",
                               f"Some resources are remaining: {counts}"))  # fmt: skip
    if remaining.finalizers:
        counts = _listing(remaining.finalizers, "{} in {} resource instances")
        message = f"Some content in the namespace has finalizers remaining: {counts}"
        found.append(Condition(FINALIZERS_REMAINING, "True", "SomeFinalizersRemain", message))
    return found


def _listing(counts: Counter[str], template: str) -> str:
    return ", ".join(sorted(template.format(name, n) for name, n in counts.items() if n))


def merged(existing: Any, wanted: list[Condition], *, now: str) -> list[dict[str, Any]] | None:
    """`existing` status conditions updated to `wanted`, or None when nothing changes.

    A condition keeps its lastTransitionTime unless its status flips; conditions of other types
    are kept as they are.
    """
    current = [c for c in existing if isinstance(c, dict)] if isinstance(existing, list) else []
    result = [dict(c) for c in current]
    changed = False
    for condition in wanted:
        new = {"type": condition.type, "status": condition.status,
               "reason": condition.reason, "message": condition.message}  # fmt: skip
        old = next((c for c in result if c.get("type") == condition.type), None)
        if old is None:
            result.append({**new, "lastTransitionTime": now})
            changed = True
        elif any(old.get(k) != v for k, v in new.items()):
            if old.get("status") != condition.status:
                old["lastTransitionTime"] = now
            old.update(new)
            changed = True
    return result if changed else None
