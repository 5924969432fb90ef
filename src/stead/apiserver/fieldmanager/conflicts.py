"""The 409 an apply gets when it would change fields other managers own."""

from __future__ import annotations

import itertools

from stead.api import errors
from stead.api.errors import go_quote
from stead.apiserver.fieldmanager.fieldpath import Path, path_order, path_string
from stead.apiserver.fieldmanager.ownership import Manager


def describe(manager: Manager) -> str:
    """`"kubectl-client-side-apply" using apps/v1`, as upstream names a manager in conflicts."""
    text = go_quote(manager.name)
    if manager.subresource:
        text += f" with subresource {go_quote(manager.subresource)}"
    if manager.operation == "Update":
        text += f" using {manager.api_version}"
    return text


def conflict_error(conflicts: list[tuple[Manager, Path]]) -> errors.Conflict:
    """Upstream's apply conflict: one line for one conflict, else paths grouped by manager."""
    ordered = sorted(conflicts, key=lambda item: (item[0].identifier(), path_order(item[1])))
    causes = [
        {
            "reason": "FieldManagerConflict",
            "message": f"conflict with {describe(manager)}",
            "field": path_string(path),
        }
        for manager, path in ordered
    ]
    if len(ordered) == 1:
        manager, path = ordered[0]
        message = f"Apply failed with 1 conflict: conflict with {describe(manager)}: "
        message += path_string(path)
        return errors.Conflict(message, {"causes": causes})
    lines: list[str] = []
    for manager, group in itertools.groupby(ordered, key=lambda item: item[0]):
        lines.append(f"conflicts with {describe(manager)}:")
        lines += [f"- {path_string(path)}" for _, path in group]
    message = f"Apply failed with {len(ordered)} conflicts: " + "\n".join(lines)
    return errors.Conflict(message, {"causes": causes})
