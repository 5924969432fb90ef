"""Field selectors (`?fieldSelector=`): parsing, per-kind field sets, and matching.

As upstream, a request's selector goes through two steps with distinct errors: `parse` (syntax:
`f=v`, `f==v`, `f!=v`, comma = AND, `\\,` `\\=` `\\\\` escapes in values) and
`validate_field_selector` (the kind's supported fields, renaming legacy aliases such as a Pod's
`spec.host`). Matching compares against `object_fields`, where a supported field the object
lacks reads as "".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from stead.api.errors import BadRequest, go_quote
from stead.api.kinds import ResourceType

Fields = Mapping[str, str]


@dataclass(frozen=True)
class FieldTerm:
    """`field=value` (`field==value` parses to the same) or `field!=value`."""

    field: str
    operator: Literal["=", "!="]
    value: str

    def matches(self, fields: Fields) -> bool:
        return (fields.get(self.field, "") == self.value) is (self.operator == "=")


@dataclass(frozen=True)
class FieldSelector:
    """An AND of terms, sorted as upstream sorts them; no terms matches everything."""

    terms: tuple[FieldTerm, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms

    def matches(self, fields: Fields) -> bool:
        for term in self.terms:  # noqa: SIM110 - a plain loop is the cheaper hot path
            if not term.matches(fields):
                return False
        return True

    def requires_exact_match(self, field: str) -> str | None:
        """The value an `=` term demands for `field`, if any (e.g. to read one object by name)."""
        for term in self.terms:
            if term.field == field and term.operator == "=":
                return term.value
        return None


def parse_field_selector(text: str) -> FieldSelector:
    """Parse the syntax only; raise BadRequest with upstream's message for malformed terms."""
    terms = []
    for part in sorted(_split_terms(text)):
        if part:
            terms.append(_parse_term(part, text))
    return FieldSelector(tuple(terms))


def _split_terms(text: str) -> list[str]:
    """Split on commas that are not escaped; escapes stay in the terms."""
    if not text:
        return []
    terms, start, escaped = [], 0, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            terms.append(text[start:index])
            start = index + 1
    terms.append(text[start:])
    return terms


_OPERATORS = ("!=", "==", "=")


def _parse_term(part: str, text: str) -> FieldTerm:
    # The field name has no escapes: the first operator found splits the term.
    for index in range(len(part)):
        for operator in _OPERATORS:
            if part.startswith(operator, index):
                value = _unescape(part[index + len(operator) :])
                return FieldTerm(part[:index], "!=" if operator == "!=" else "=", value)
    raise BadRequest(f"invalid selector: '{text}'; can't understand '{part}'")


def _unescape(value: str) -> str:
    if not any(char in value for char in "\\,="):
        return value
    chars, escaped = [], False
    for char in value:
        if escaped:
            if char not in "\\,=":
                raise BadRequest(f"invalid field selector: invalid escape sequence: \\{char}")
            chars.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",=":
            # Upstream prints the offending rune as its code point.
            raise BadRequest(f"invalid field selector: unescaped character in value: {ord(char)}")
        else:
            chars.append(char)
    if escaped:
        raise BadRequest("invalid field selector: invalid escape sequence: \\")
    return "".join(chars)


def escape_value(value: str) -> str:
    """Upstream `EscapeValue`: make any string safe as a field selector value."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


_META = ("metadata.name", "metadata.namespace")
_REFERENCE_FIELDS = (
    "kind",
    "namespace",
    "name",
    "uid",
    "apiVersion",
    "resourceVersion",
    "fieldPath",
)
_EVENT_FIELDS = (
    *(f"involvedObject.{name}" for name in _REFERENCE_FIELDS),
    "reason",
    "reportingComponent",
    "source",
    "type",
)


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


# Kinds with their own field label conversion upstream: the selectable names, each mapped to the
# field it reads. Every other kind accepts only metadata.name and metadata.namespace.
_CONVERSIONS: dict[tuple[str, str], dict[str, str]] = {
    ("", "Pod"): {
        **_same(
            *_META,
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ),
        "spec.host": "spec.nodeName",
    },
    ("", "Node"): _same("metadata.name", "spec.unschedulable"),
    ("", "Namespace"): _same("status.phase", "metadata.name"),
    ("", "Secret"): _same("type", *_META),
    ("", "Service"): _same(*_META, "spec.clusterIP", "spec.type"),
    ("", "Event"): _same(*_EVENT_FIELDS, *_META),
    ("events.k8s.io", "Event"): {
        "reason": "reason",
        **{f"regarding.{name}": f"involvedObject.{name}" for name in _REFERENCE_FIELDS},
        "reportingController": "reportingComponent",
        "source": "source",
        "type": "type",
        **_same(*_META),
    },
}


def validate_field_selector(resource: ResourceType, selector: FieldSelector) -> FieldSelector:
    """Check every term names a field `resource` supports, as upstream's per-kind conversion.

    Returns the selector with fields renamed to the names `object_fields` uses; raises
    BadRequest, e.g. `field label not supported: spec.foo` for a Pod or
    `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"`.
    """
    conversion = _CONVERSIONS.get((resource.group, resource.kind))
    return FieldSelector(tuple(_convert(term, conversion) for term in selector.terms))


def _convert(term: FieldTerm, conversion: Mapping[str, str] | None) -> FieldTerm:
    if conversion is None:
        if term.field in _META:
            return term
        only = ", ".join(go_quote(name) for name in _META)
        raise BadRequest(f"{go_quote(term.field)} is not a known field selector: only {only}")
    field = conversion.get(term.field)
    if field is None:
        raise BadRequest(f"field label not supported: {term.field}")
    return FieldTerm(field, term.operator, term.value)


def object_fields(resource: ResourceType, obj: Mapping[str, Any]) -> dict[str, str]:
    """The selectable fields of `obj` (in `resource`'s own JSON form), as upstream computes them.

    Cluster-scoped kinds have no metadata.namespace; a Pod's `status.podIPs` is accepted by
    `validate_field_selector` but, as upstream, never present here (so it only matches "").
    """
    metadata = _mapping(obj.get("metadata"))
    fields = {"metadata.name": _text(metadata.get("name"))}
    if resource.namespaced:
        fields["metadata.namespace"] = _text(metadata.get("namespace"))
    extract = _EXTRACTORS.get((resource.group, resource.kind))
    if extract is not None:
        fields.update(extract(obj))
    return fields


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _flag(value: object) -> str:
    return "true" if value is True else "false"


def _pod_fields(pod: Mapping[str, Any]) -> dict[str, str]:
    spec, status = _mapping(pod.get("spec")), _mapping(pod.get("status"))
    return {
        "spec.nodeName": _text(spec.get("nodeName")),
        "spec.restartPolicy": _text(spec.get("restartPolicy")),
        "spec.schedulerName": _text(spec.get("schedulerName")),
        # The deprecated `serviceAccount` stands in when the new name is empty.
        "spec.serviceAccountName": _text(spec.get("serviceAccountName"))
        or _text(spec.get("serviceAccount")),
        "spec.hostNetwork": _flag(spec.get("hostNetwork")),
        "status.phase": _text(status.get("phase")),
        "status.podIP": _primary_pod_ip(status),
        "status.nominatedNodeName": _text(status.get("nominatedNodeName")),
    }


def _primary_pod_ip(status: Mapping[str, Any]) -> str:
    """`podIPs[0].ip`, or the singular `podIP` when a writer set only that."""
    pod_ips = status.get("podIPs")
    if isinstance(pod_ips, list) and pod_ips:
        return _text(_mapping(pod_ips[0]).get("ip"))
    return _text(status.get("podIP"))


def _event_fields(
    event: Mapping[str, Any], *, reference: str, reporter: str, source: str
) -> dict[str, str]:
    involved = _mapping(event.get(reference))
    reporting = _text(event.get(reporter))
    fields = {f"involvedObject.{name}": _text(involved.get(name)) for name in _REFERENCE_FIELDS}
    fields["reason"] = _text(event.get("reason"))
    fields["reportingComponent"] = reporting
    fields["source"] = _text(_mapping(event.get(source)).get("component")) or reporting
    fields["type"] = _text(event.get("type"))
    return fields


_EXTRACTORS: dict[tuple[str, str], Callable[[Mapping[str, Any]], dict[str, str]]] = {
    ("", "Pod"): _pod_fields,
    ("", "Node"): lambda node: {
        "spec.unschedulable": _flag(_mapping(node.get("spec")).get("unschedulable"))
    },
    ("", "Namespace"): lambda ns: {"status.phase": _text(_mapping(ns.get("status")).get("phase"))},
    ("", "Secret"): lambda secret: {"type": _text(secret.get("type"))},
    ("", "Service"): lambda service: {
        "spec.clusterIP": _text(_mapping(service.get("spec")).get("clusterIP")),
        "spec.type": _text(_mapping(service.get("spec")).get("type")),
    },
    ("", "Event"): lambda event: _event_fields(
        event, reference="involvedObject", reporter="reportingComponent", source="source"
    ),
    ("events.k8s.io", "Event"): lambda event: _event_fields(
        event, reference="regarding", reporter="reportingController", source="deprecatedSource"
    ),
}
