"""StatefulSets: apps/v1 defaults (spec §1.2, MaxUnavailableStatefulSet on), the strategy
(§2.5), warnings, and the `/scale` subresource's view (§2.6). Validation is in
`statefulset_validation.py`."""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, invalid
from stead.api.selectors import selector_to_string
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.claims import default_claim_spec
from stead.apiserver.registry.fields import as_dict, child, ensure, integer, is_unset
from stead.apiserver.registry.names import dns_label_name, dns_subdomain_name
from stead.apiserver.registry.objectmeta import NEGATIVE, core_object_meta_errors
from stead.apiserver.registry.poddefaults import default_pod_spec
from stead.apiserver.registry.statefulset_validation import (
    spec_errors,
    status_errors,
    update_errors,
)

Object = dict[str, Any]

NEGATIVE_HISTORY_WARNING = (
    "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 "
    "is recommended"
)


def default_statefulset(obj: Object) -> None:
    """`SetDefaults_StatefulSet` plus the defaults of the embedded pod and claim templates."""
    spec = ensure(obj, "spec")
    if is_unset(spec, "podManagementPolicy"):
        spec["podManagementPolicy"] = "OrderedReady"
    _default_update_strategy(ensure(spec, "updateStrategy"))
    retention = ensure(spec, "persistentVolumeClaimRetentionPolicy")
    for key in ("whenDeleted", "whenScaled"):
        if is_unset(retention, key):
            retention[key] = "Retain"
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    if spec.get("serviceName") is None:
        spec["serviceName"] = ""
    default_pod_spec(ensure(ensure(spec, "template"), "spec"))
    for template in spec.get("volumeClaimTemplates") or []:
        if isinstance(template, dict):
            _default_claim_template(template)
    status = ensure(obj, "status")
    for key in ("replicas", "availableReplicas"):
        status.setdefault(key, 0)


def _default_update_strategy(strategy: Object) -> None:
    if is_unset(strategy, "type"):
        strategy["type"] = "RollingUpdate"
        if strategy.get("rollingUpdate") is None:
            strategy["rollingUpdate"] = {}
    rolling = strategy.get("rollingUpdate")
    if strategy["type"] == "RollingUpdate" and isinstance(rolling, dict):
        if rolling.get("partition") is None:
            rolling["partition"] = 0
        if rolling.get("maxUnavailable") is None:
            rolling["maxUnavailable"] = 1


def _default_claim_template(template: Object) -> None:
    # As served upstream: each template reads like a PersistentVolumeClaim of its own.
    template.setdefault("apiVersion", "v1")
    template.setdefault("kind", "PersistentVolumeClaim")
    default_claim_spec(ensure(template, "spec"))
    status = ensure(template, "status")
    if is_unset(status, "phase"):
        status["phase"] = "Pending"


class StatefulSetStrategy(BaseStrategy):
    name_fn = dns_label_name
    tracks_generation = True

    def default(self, obj: Object) -> None:
        default_statefulset(obj)

    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + spec_errors(child(obj, "spec"))

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        return update_errors(new, old)

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        return status_errors(new, old)

    def warnings(self, new: Object, old: Object | None) -> list[str]:
        limit = integer(child(new, "spec"), "revisionHistoryLimit")
        return [NEGATIVE_HISTORY_WARNING] if limit is not None and limit < 0 else []


def scale_from_statefulset(sts: Object) -> Object:
    """The autoscaling/v1 Scale of a StatefulSet (`GET .../scale`).

    Raises BadRequest if the stored selector cannot be converted (never for a validated set).
    """
    meta, spec, status = child(sts, "metadata"), child(sts, "spec"), child(sts, "status")
    scale_meta = {key: meta[key] for key in ("name", "namespace", "uid", "resourceVersion",
                                             "creationTimestamp") if key in meta}  # fmt: skip
    replicas = integer(spec, "replicas") or 0
    scale_status: Object = {"replicas": integer(status, "replicas") or 0}
    if selector := selector_to_string(as_dict(spec.get("selector"))):
        scale_status["selector"] = selector
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": scale_meta,
        "spec": {"replicas": replicas} if replicas else {},
        "status": scale_status,
    }


def validate_scale(scale: Object) -> list[FieldError]:
    """Upstream `ValidateScale`: metadata as any namespaced object, replicas not negative."""
    errors = core_object_meta_errors(scale, namespaced=True, name_fn=dns_subdomain_name)
    replicas = integer(child(scale, "spec"), "replicas")
    if replicas is not None and replicas < 0:
        errors.append(invalid("spec.replicas", replicas, NEGATIVE))
    return errors
