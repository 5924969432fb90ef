"""Namespaces and Nodes.

A namespace always carries the label `kubernetes.io/metadata.name: <name>` and, from creation,
the `kubernetes` finalizer, which no update of the namespace may remove (upstream reserves that
to the `finalize` subresource). A node may be created with its status (the agent registers it
that way).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from stead.api.errors import FieldError, duplicate, forbidden, invalid
from stead.api.validation import qualified_name_errors
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.fields import (
    child,
    clone,
    ensure,
    is_unset,
    items,
    strings,
    text,
)
from stead.apiserver.registry.formats import cidr_errors, parse_ip
from stead.apiserver.registry.names import dns_label_name
from stead.apiserver.registry.objectmeta import (
    core_object_meta_update_errors,
    kube_finalizer_name_errors,
)
from stead.apiserver.registry.resources import canonicalize_list, quantities, quantity_value_errors
from stead.apiserver.registry.tolerations import taints_errors

Object = dict[str, Any]

NAME_LABEL = "kubernetes.io/metadata.name"
_POD_CIDR_CHANGE = 'node updates may not change podCIDR except from "" to valid'
_PROVIDER_CHANGE = 'node updates may not change providerID except from "" to valid'


class NamespaceStrategy(BaseStrategy):
    name_fn = dns_label_name

    def prepare_for_create(self, obj: Object) -> None:
        super().prepare_for_create(obj)
        obj["status"] = {"phase": "Active"}
        finalizers = ensure(obj, "spec").get("finalizers")
        listed = finalizers if isinstance(finalizers, list) else []
        if "kubernetes" not in listed:
            obj["spec"]["finalizers"] = [*listed, "kubernetes"]

    def prepare_for_update(self, new: Object, old: Object) -> None:
        super().prepare_for_update(new, old)
        spec, old_spec = ensure(new, "spec"), child(old, "spec")
        if "finalizers" in old_spec:
            spec["finalizers"] = clone(old_spec["finalizers"])
        else:
            spec.pop("finalizers", None)

    def default(self, obj: Object) -> None:
        meta = ensure(obj, "metadata")
        if isinstance(meta.get("name"), str) and meta["name"]:
            ensure(meta, "labels")[NAME_LABEL] = meta["name"]
        status = obj.get("status")
        if isinstance(status, dict) and is_unset(status, "phase"):
            status["phase"] = "Active"

    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = self.meta_errors(obj)
        for finalizer in strings(child(obj, "spec").get("finalizers")):
            errors.extend(_finalizer_errors(finalizer, "spec.finalizers"))
        return errors

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        return core_object_meta_update_errors(new, old)

    def prepare_for_status_update(self, new: Object, old: Object) -> None:
        super().prepare_for_status_update(new, old)
        self.default(new)

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        phase = text(child(new, "status"), "phase")
        if not child(new, "metadata").get("deletionTimestamp"):
            if phase != "Active":
                detail = "may only be 'Active' if `deletionTimestamp` is empty"
                errors.append(invalid("status.Phase", phase, detail))
        elif phase != "Terminating":
            detail = "may only be 'Terminating' if `deletionTimestamp` is not empty"
            errors.append(invalid("status.Phase", phase, detail))
        return errors


def _finalizer_errors(finalizer: str, path: str) -> list[FieldError]:
    errors = [invalid(path, finalizer, msg) for msg in qualified_name_errors(finalizer)]
    return errors + kube_finalizer_name_errors(finalizer, path)


class NodeStrategy(BaseStrategy):
    def prepare_for_create(self, obj: Object) -> None:
        status = obj.get("status")
        super().prepare_for_create(obj)
        if status is not None:
            obj["status"] = status

    def default(self, obj: Object) -> None:
        spec = ensure(obj, "spec")
        cidrs = strings(spec.get("podCIDRs"))
        if not cidrs and text(spec, "podCIDR"):
            spec["podCIDRs"] = [spec["podCIDR"]]
        elif cidrs:
            spec["podCIDR"] = cidrs[0]
        status = obj.get("status")
        if isinstance(status, dict):
            canonicalize_list(status.get("capacity"))
            canonicalize_list(status.get("allocatable"))
            if status.get("allocatable") is None and isinstance(status.get("capacity"), dict):
                status["allocatable"] = clone(status["capacity"])

    def validate_object(self, obj: Object) -> list[FieldError]:
        spec = child(obj, "spec")
        errors = self.meta_errors(obj)
        # Upstream reports spec.taints under `metadata`; kept for identical messages.
        errors.extend(taints_errors(spec.get("taints"), "metadata.taints"))
        errors.extend(_resource_errors(obj))
        return errors + _pod_cidr_errors(strings(spec.get("podCIDRs")))

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        spec, old_spec = child(new, "spec"), child(old, "spec")
        errors = core_object_meta_update_errors(new, old)
        errors.extend(_resource_errors(new))
        errors.extend(_address_errors(child(new, "status")))
        old_cidrs = strings(old_spec.get("podCIDRs"))
        if old_cidrs and old_cidrs != strings(spec.get("podCIDRs")):
            errors.append(forbidden("spec.podCIDRs", _POD_CIDR_CHANGE))
        old_provider = text(old_spec, "providerID")
        if old_provider and old_provider != text(spec, "providerID"):
            errors.append(forbidden("spec.providerID", _PROVIDER_CHANGE))
        errors.extend(taints_errors(spec.get("taints"), "metadata.taints"))
        if text(spec, "externalID") != text(old_spec, "externalID"):
            errors.append(forbidden("spec.externalID", "may not be updated"))
        return errors

    def validate_status(self, new: Object, old: Object) -> list[FieldError]:
        return self.validate_object_update(new, old)


def _resource_errors(node: Object) -> list[FieldError]:
    status = child(node, "status")
    errors: list[FieldError] = []
    for key in ("capacity", "allocatable"):
        for name, value in sorted(quantities(status.get(key)).items()):
            errors.extend(quantity_value_errors(name, value, path=f"status.{key}.{name}"))
    return errors


def _address_errors(status: Object) -> list[FieldError]:
    seen: list[Object] = []
    errors: list[FieldError] = []
    for index, address in enumerate(items(status, "addresses")):
        if address in seen:
            errors.append(duplicate(f"status.addresses[{index}]", address))
        seen.append(address)
    return errors


def _pod_cidr_errors(cidrs: list[str]) -> list[FieldError]:
    path = "spec.podCIDRs"
    errors = [
        e for index, value in enumerate(cidrs) for e in cidr_errors(f"{path}[{index}]", value)
    ]
    if len(cidrs) <= 1 or errors:
        return errors
    families = {isinstance(parse_ip(c.partition("/")[0]), ipaddress.IPv6Address) for c in cidrs}
    if len(families) != len(cidrs):
        detail = "may specify no more than one CIDR for each IP family"
        errors.append(invalid(path, cidrs, detail))
    seen: set[str] = set()
    for index, value in enumerate(cidrs):
        if value in seen:
            errors.append(duplicate(f"{path}[{index}]", value))
        seen.add(value)
    return errors
