"""A Service's cluster IPs and IP families (upstream `ValidateServiceClusterIPsRelatedFields`
and the update rules `validateUpgradeDowngradeClusterIPs` / `...IPFamilies`): once allocated,
the primary cluster IP never changes."""

from __future__ import annotations

import ipaddress
from typing import Any

from stead.api.errors import FieldError, duplicate, invalid, not_supported, required
from stead.apiserver.registry.fields import strings, text
from stead.apiserver.registry.formats import ip_errors, parse_ip

Object = dict[str, Any]

_FAMILIES = ("IPv4", "IPv6")
_FAMILY_POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")
_CHANGED = "may not change once set"


def _headless(spec: Object) -> bool:
    return strings(spec.get("clusterIPs")) == ["None"]


def _is_v6(address: str) -> bool:
    return isinstance(parse_ip(address), ipaddress.IPv6Address)


def cluster_ip_errors(spec: Object) -> list[FieldError]:
    """clusterIP and clusterIPs agree, are addresses (or a lone `None`), one per family."""
    if text(spec, "type") == "ExternalName":
        return []
    cluster_ip, cluster_ips = text(spec, "clusterIP"), strings(spec.get("clusterIPs"))
    path = "spec.clusterIPs"
    errors: list[FieldError] = []
    if cluster_ip:
        if not cluster_ips:
            errors.append(required(path))
        elif cluster_ips[0] != cluster_ip:
            errors.append(invalid(path, cluster_ips, "first value must match `clusterIP`"))
    elif cluster_ips:
        detail = "must be empty when `clusterIP` is not specified"
        errors.append(invalid(path, cluster_ips, detail))
    errors.extend(_family_errors(spec))
    bad_ips = False
    for index, address in enumerate(cluster_ips):
        if index == 0 and address == "None":
            if len(cluster_ips) > 1:
                bad_ips = True
                errors.append(invalid(path, cluster_ips, "'None' must be the first and only value"))
            continue
        problems = ip_errors(f"{path}[{index}]", address)
        bad_ips = bad_ips or bool(problems)
        errors.extend(problems)
    if len(cluster_ips) > 2:
        errors.append(invalid(path, cluster_ips, "may only hold up to 2 values"))
    if bad_ips:
        return errors
    if len(cluster_ips) > 1 and _is_v6(cluster_ips[0]) == _is_v6(cluster_ips[1]):
        detail = "may specify no more than one IP for each IP family"
        errors.append(invalid(path, cluster_ips, detail))
    return errors + _family_match_errors(spec, cluster_ips)


def _family_errors(spec: Object) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, family in enumerate(strings(spec.get("ipFamilies"))):
        where = f"spec.ipFamilies[{index}]"
        if family not in _FAMILIES:
            errors.append(not_supported(where, family, _FAMILIES))
        if family in seen:
            errors.append(duplicate(where, family))
        seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if isinstance(policy, str) and policy not in _FAMILY_POLICIES:
        errors.append(not_supported("spec.ipFamilyPolicy", policy, _FAMILY_POLICIES))
    return errors


def _family_match_errors(spec: Object, cluster_ips: list[str]) -> list[FieldError]:
    families = strings(spec.get("ipFamilies"))
    if _headless(spec) or not cluster_ips or not families:
        return []
    errors: list[FieldError] = []
    for index, (address, family) in enumerate(zip(cluster_ips, families, strict=False)):
        if family == "IPv4" and _is_v6(address):
            detail = f"expected an IPv4 value as indicated by `ipFamilies[{index}]`"
            errors.append(invalid(f"spec.clusterIPs[{index}]", address, detail))
        if family == "IPv6" and not _is_v6(address):
            detail = f"expected an IPv6 value as indicated by `ipFamilies[{index}]`"
            errors.append(invalid(f"spec.clusterIPs[{index}]", address, detail))
    return errors


def cluster_ip_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    """A set cluster IP is immutable; a secondary one may be added or released."""
    if "ExternalName" in (text(spec, "type"), text(old_spec, "type")):
        return []
    return _ips_update_errors(spec, old_spec) + _families_update_errors(spec, old_spec)


def _ips_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    if _headless(spec) and _headless(old_spec):
        return []
    ips, old_ips = strings(spec.get("clusterIPs")), strings(old_spec.get("clusterIPs"))
    path = "spec.clusterIPs"
    if len(ips) == len(old_ips):
        return [
            invalid(f"{path}[{index}]", ips, _CHANGED)
            for index, address in enumerate(old_ips)
            if address != ips[index]
        ]
    errors: list[FieldError] = []
    if len(old_ips) > len(ips):
        if not ips:
            errors.append(invalid(f"{path}[0]", ips, "primary clusterIP can not be unset"))
        elif ips[0] != old_ips[0]:
            errors.append(invalid(f"{path}[0]", ips, _CHANGED))
        if len(ips) == 1 and text(spec, "ipFamilyPolicy") != "SingleStack":
            detail = "must be set to 'SingleStack' when releasing the secondary clusterIP"
            errors.append(invalid("spec.ipFamilyPolicy", spec.get("ipFamilyPolicy"), detail))
    elif old_ips and ips[0] != old_ips[0]:
        errors.append(invalid(f"{path}[0]", ips, _CHANGED))
    return errors


def _families_update_errors(spec: Object, old_spec: Object) -> list[FieldError]:
    if _headless(spec) or _headless(old_spec):
        return []
    families, old_families = strings(spec.get("ipFamilies")), strings(old_spec.get("ipFamilies"))
    path = "spec.ipFamilies[0]"
    if len(families) == len(old_families):
        return [
            invalid(path, families, _CHANGED)
            for index, family in enumerate(old_families)
            if family != families[index]
        ]
    errors: list[FieldError] = []
    if len(old_families) > len(families):
        if not strings(spec.get("clusterIPs")):
            errors.append(invalid(path, families, "primary ipFamily can not be unset"))
        if families and families[0] != old_families[0]:
            errors.append(invalid(path, strings(spec.get("clusterIPs")), _CHANGED))
        if len(families) == 1 and text(spec, "ipFamilyPolicy") != "SingleStack":
            detail = "must be set to 'SingleStack' when releasing the secondary ipFamily"
            errors.append(invalid("spec.ipFamilyPolicy", spec.get("ipFamilyPolicy"), detail))
    elif old_families and families and families[0] != old_families[0]:
        errors.append(invalid(path, strings(spec.get("clusterIPs")), _CHANGED))
    return errors
