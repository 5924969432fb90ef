"""Leases (coordination.k8s.io/v1): durations positive, transitions counted from 0, a
preferred holder only with a strategy."""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, forbidden, invalid, not_supported
from stead.api.validation import qualified_name_errors
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.fields import child, integer
from stead.apiserver.registry.objectmeta import NEGATIVE, core_object_meta_update_errors

Object = dict[str, Any]

STRATEGIES = ("OldestEmulationVersion",)


def lease_spec_errors(spec: Object) -> list[FieldError]:
    """Upstream `ValidateLeaseSpec`."""
    errors: list[FieldError] = []
    duration = integer(spec, "leaseDurationSeconds")
    if duration is not None and duration <= 0:
        errors.append(invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
    transitions = integer(spec, "leaseTransitions")
    if transitions is not None and transitions < 0:
        errors.append(invalid("spec.leaseTransitions", transitions, NEGATIVE))
    strategy = spec.get("strategy")
    if isinstance(strategy, str):
        errors.extend(_strategy_errors(strategy))
    if spec.get("preferredHolder") and not strategy:
        detail = "may only be specified if `strategy` is defined"
        errors.append(forbidden("spec.preferredHolder", detail))
    return errors


def _strategy_errors(strategy: str) -> list[FieldError]:
    # Unprefixed names are Kubernetes' own; others must be qualified names.
    if "/" in strategy:
        return [invalid("spec.strategy", strategy, m) for m in qualified_name_errors(strategy)]
    if strategy not in STRATEGIES:
        return [not_supported("spec.strategy", strategy, STRATEGIES)]
    return []


class LeaseStrategy(BaseStrategy):
    def validate_object(self, obj: Object) -> list[FieldError]:
        return self.meta_errors(obj) + lease_spec_errors(child(obj, "spec"))

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        return core_object_meta_update_errors(new, old) + lease_spec_errors(child(new, "spec"))
