"""String formats the kinds' rules share beyond names and labels (in `stead.api.validation`):
environment variable names, IP addresses and CIDRs, HTTP header names, file paths, ids."""

from __future__ import annotations

import ipaddress
import posixpath
import re

from stead.api.errors import FieldError, invalid, required
from stead.api.validation import (
    dns1123_label_errors,
    dns1123_subdomain_errors,
    inclusive_range_error,
    port_name_errors,
    port_num_errors,
    regex_error,
)

MAX_INT32 = 2**31 - 1
_HTTP_HEADER_FMT = "[-A-Za-z0-9]+"
_HTTP_HEADER = re.compile(_HTTP_HEADER_FMT)
_HTTP_HEADER_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'"
_RELAXED_ENV_MSG = (
    "a valid environment variable name must consist only of printable ASCII characters "
    "other than '='"
)
_IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
_CIDR_MSG = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
_DOTTED_QUAD = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}")


def env_var_name_errors(name: str) -> list[str]:
    """`IsRelaxedEnvVarName` (relaxed validation is GA): printable ASCII other than '='."""
    errors = [] if name else ["environment variable name must be non-empty"]
    if any(not (" " <= ch <= "~") or ch == "=" for ch in name):
        errors.append(_RELAXED_ENV_MSG)
    return errors


def http_header_errors(name: str) -> list[str]:
    if _HTTP_HEADER.fullmatch(name):
        return []
    return [regex_error(_HTTP_HEADER_MSG, _HTTP_HEADER_FMT, "X-Header-Name")]


def parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Go's `ParseIPSloppy`: IPv4 parts may carry leading zeros; zones are not addresses."""
    if "%" in value:
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        pass
    if _DOTTED_QUAD.fullmatch(value):
        parts = [int(part) for part in value.split(".")]
        if all(part <= 255 for part in parts):
            return ipaddress.IPv4Address(".".join(map(str, parts)))
    return None


def ip_errors(path: str, value: str) -> list[FieldError]:
    """`IsValidIP`."""
    return [] if parse_ip(value) is not None else [invalid(path, value, _IP_MSG)]


def ipv4_errors(path: str, value: str) -> list[FieldError]:
    if isinstance(parse_ip(value), ipaddress.IPv4Address):
        return []
    return [invalid(path, value, "must be a valid IPv4 address")]


def ipv6_errors(path: str, value: str) -> list[FieldError]:
    if isinstance(parse_ip(value), ipaddress.IPv6Address):
        return []
    return [invalid(path, value, "must be a valid IPv6 address")]


def cidr_errors(path: str, value: str) -> list[FieldError]:
    """`IsValidCIDR` (host bits may be set, as with Go's `ParseCIDR`)."""
    address, slash, prefix = value.partition("/")
    ip = parse_ip(address) if slash else None
    # isdigit() alone passes "²", which int() refuses, and other scripts' digits, which Go refuses.
    if ip is None or not (prefix.isascii() and prefix.isdigit()) or int(prefix) > ip.max_prefixlen:
        return [invalid(path, value, _CIDR_MSG)]
    return []


def non_special_ip_errors(path: str, value: str) -> list[FieldError]:
    """`ValidateNonSpecialIP`: endpoints may not be unspecified, loopback or link-local."""
    ip = parse_ip(value)
    if ip is None:
        return [invalid(path, value, "must be a valid IP address")]
    errors = []
    if ip.is_unspecified:
        errors.append(invalid(path, value, f"may not be unspecified ({value})"))
    if ip.is_loopback:
        errors.append(
            invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)")
        )
    if ip.is_link_local and not ip.is_multicast:
        detail = "may not be in the link-local range (169.254.0.0/16, fe80::/10)"
        errors.append(invalid(path, value, detail))
    if _is_link_local_multicast(ip):
        detail = "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"
        errors.append(invalid(path, value, detail))
    return errors


def _is_link_local_multicast(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv4Address):
        return ip in ipaddress.IPv4Network("224.0.0.0/24")
    return ip.is_multicast and (ip.packed[1] & 0x0F) == 2


def fqdn_errors(path: str, name: str) -> list[FieldError]:
    """`IsFullyQualifiedDomainName`."""
    if not name:
        return [required(path)]
    name = name.removesuffix(".")
    if problems := dns1123_subdomain_errors(name):
        return [invalid(path, name, ",".join(problems))]
    if len(name.split(".")) < 2:
        detail = "should be a domain with at least two segments separated by dots"
        return [invalid(path, name, detail)]
    for label in name.split("."):
        if problems := dns1123_label_errors(label):
            return [invalid(path, label, ",".join(problems))]
    return []


def id_errors(path: str, value: int | None) -> list[FieldError]:
    """`IsValidUserID` / `IsValidGroupID`: 0 .. 2^31-1."""
    if value is None or 0 <= value <= MAX_INT32:
        return []
    return [invalid(path, value, inclusive_range_error(0, MAX_INT32))]


def port_num_or_name_errors(path: str, port: object) -> list[FieldError]:
    """`ValidatePortNumOrName` for an int-or-string port."""
    if isinstance(port, str):
        return [invalid(path, port, msg) for msg in port_name_errors(port)]
    number = port if isinstance(port, int) and not isinstance(port, bool) else 0
    return [invalid(path, number, msg) for msg in port_num_errors(number)]


def no_backsteps_errors(path: str, target: str) -> list[FieldError]:
    """`validatePathNoBacksteps`: no `..` element."""
    if ".." in target.replace("\\", "/").split("/"):
        return [invalid(path, target, "must not contain '..'")]
    return []


def local_descending_path_errors(path: str, target: str) -> list[FieldError]:
    """`validateLocalDescendingPath`: relative and without `..` elements."""
    errors = []
    if posixpath.isabs(target):
        errors.append(invalid(path, target, "must be a relative path"))
    return errors + no_backsteps_errors(path, target)


def local_non_reserved_path_errors(path: str, target: str) -> list[FieldError]:
    """`ValidateLocalNonReservedPath`: also may not start with `..`."""
    errors = local_descending_path_errors(path, target)
    if target.startswith("..") and not target.startswith("../"):
        errors.append(invalid(path, target, "must not start with '..'"))
    return errors
