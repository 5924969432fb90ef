"""Name rules per kind (upstream `ValidateNameFunc`s) and small format checks they share.

A name function takes the name and whether it is a `generateName` prefix (five random
characters will follow, so a trailing dash is allowed) and returns upstream's messages.
"""

from __future__ import annotations

from collections.abc import Callable

from stead.api.validation import dns1123_label_errors, dns1123_subdomain_errors

NameFn = Callable[[str, bool], list[str]]


def _mask_trailing_dash(name: str) -> str:
    # Upstream's quirk: two characters are replaced, not one.
    if len(name) > 1 and name.endswith("-"):
        return name[:-2] + "a"
    return name


def dns_subdomain_name(name: str, prefix: bool) -> list[str]:
    """Most kinds (`NameIsDNSSubdomain`)."""
    return dns1123_subdomain_errors(_mask_trailing_dash(name) if prefix else name)


def dns_label_name(name: str, prefix: bool) -> list[str]:
    """Namespaces, StatefulSets, Services (`NameIsDNSLabel`)."""
    return dns1123_label_errors(_mask_trailing_dash(name) if prefix else name)


def path_segment_name(name: str, prefix: bool) -> list[str]:
    """The generic registry's rule for every kind (`ValidatePathSegmentName`)."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]
