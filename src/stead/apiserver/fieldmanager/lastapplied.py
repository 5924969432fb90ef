"""Moving an object from client-side to server-side apply, as upstream does for `kubectl`.

When the manager `kubectl` (what `kubectl apply --server-side` uses) applies to an object that
carries the client-side `last-applied-configuration` annotation:

- conflicts on fields that annotation sets to their live value are not conflicts: those fields
  were client-side applied by the same user, so the apply takes them over;
- the annotation is rewritten to the new configuration, so a later client-side apply still
  computes the right patch.
"""

from __future__ import annotations

import json
from typing import Any

from stead.apiserver.fieldmanager import walks
from stead.apiserver.fieldmanager.fieldpath import FieldSet, canonical_json
from stead.apiserver.fieldmanager.schemas import Type

ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"
UPGRADING_MANAGER = "kubectl"
_ANNOTATIONS_LIMIT = 256 * 1024


def annotation(obj: Any) -> str:
    """The object's last-applied annotation, "" when it has none."""
    metadata = obj.get("metadata") if isinstance(obj, dict) else None
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    text = annotations.get(ANNOTATION) if isinstance(annotations, dict) else None
    return text if isinstance(text, str) else ""


def takeable(live: Any, schema: Type | None) -> FieldSet:
    """The fields the live object's annotation sets to exactly their live value."""
    try:
        last = json.loads(annotation(live))
    except (json.JSONDecodeError, RecursionError):
        return FieldSet()
    if not isinstance(last, dict) or last.get("apiVersion") != live.get("apiVersion"):
        return FieldSet()
    change = walks.compare(last, live, schema)
    return (
        walks.field_set(last, schema)
        .difference(change.modified)
        .difference(change.added)
        .difference(change.removed)
    )


def rewrite(merged: dict[str, Any], config: dict[str, Any]) -> None:
    """Point the annotation of `merged` at `config`, if `merged` carries one.

    Like upstream, the annotation is dropped when it would push the annotations over their size
    limit.
    """
    if not annotation(merged):
        return
    metadata = config.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else {}
    theirs = metadata.get("annotations")
    own = {k: v for k, v in theirs.items() if k != ANNOTATION} if isinstance(theirs, dict) else {}
    if own:
        metadata["annotations"] = own
    else:
        metadata.pop("annotations", None)
    annotations = merged["metadata"]["annotations"]
    annotations[ANNOTATION] = canonical_json({**config, "metadata": metadata}) + "\n"
    size = sum(len(key.encode()) + len(str(value).encode()) for key, value in annotations.items())
    if size > _ANNOTATIONS_LIMIT:
        del annotations[ANNOTATION]
