"""Name, label and selector validators with upstream's exact messages.

Two families of string checks exist upstream and differ only in the length message: names
(`metadata.name`, DNS labels and subdomains, port names, config keys) say "must be no more than 63
characters", while label keys and values (apimachinery's newer `content` package, also used for
a label key's DNS prefix) say "must be no more than 63 bytes". Both count UTF-8 bytes.

Every `*_errors` function returns the list of problem descriptions (empty when valid); the
`validate_*` functions return `FieldError`s at the given path, ready for `object_invalid`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from stead.api.errors import FieldError, FieldErrorType, forbidden, invalid, required, too_long

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
DNS1035_LABEL_MAX = 63
LABEL_KEY_NAME_MAX = 63
LABEL_VALUE_MAX = 63
PORT_NAME_MAX = 15
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024

_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
_LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE_FMT = "(" + _LABEL_KEY_FMT + ")?"
_C_IDENTIFIER_FMT = "[A-Za-z_][A-Za-z0-9_]*"
_PERCENT_FMT = "[0-9]+%"
_CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"

# Go's regexp `^...$` anchors at the very end of the text, so every match here is a fullmatch
# (Python's `$` would also accept a trailing newline).
_DNS1123_LABEL = re.compile(_DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN = re.compile(_DNS1123_SUBDOMAIN_FMT)
_DNS1035_LABEL = re.compile(_DNS1035_LABEL_FMT)
_LABEL_KEY = re.compile(_LABEL_KEY_FMT)
_LABEL_VALUE = re.compile(_LABEL_VALUE_FMT)
_C_IDENTIFIER = re.compile(_C_IDENTIFIER_FMT)
_PERCENT = re.compile(_PERCENT_FMT)
_CONFIG_MAP_KEY = re.compile(_CONFIG_MAP_KEY_FMT)
_PORT_NAME_CHARSET = re.compile("[-a-z0-9]+")
_HAS_LETTER = re.compile("[a-z]")

_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character"
)
_LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_C_IDENTIFIER_MSG = (
    "a valid C identifier must start with alphabetic character or '_', followed by a string of "
    "alphanumeric characters or '_'"
)
_PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'"
_CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
_LABEL_KEY_EXAMPLES = ("MyName", "my.name", "123-abc")
EMPTY_ERROR = "must be non-empty"


def regex_error(message: str, fmt: str, *examples: str) -> str:
    """Upstream `RegexError`, including its quirk of a double space before each ` or '...'`."""
    if not examples:
        return f"{message} (regex used for validation is '{fmt}')"
    listed = " or ".join(f"'{example}', " for example in examples)
    return f"{message} (e.g. {listed}regex used for validation is '{fmt}')"


def max_len_error(length: int) -> str:
    """Length message of the name validators (`pkg/util/validation`)."""
    return f"must be no more than {length} characters"


def max_bytes_error(length: int) -> str:
    """Length message of the label validators (`pkg/api/validate/content`)."""
    return f"must be no more than {length} bytes"


def inclusive_range_error(low: int, high: int) -> str:
    return f"must be between {low} and {high}, inclusive"


def _byte_len(value: str) -> int:
    return len(value) if value.isascii() else len(value.encode())


def dns1123_label_errors(value: str) -> list[str]:
    """RFC 1123 label (`IsDNS1123Label`): most object names that end up in DNS or hostnames."""
    errors = []
    if _byte_len(value) > DNS1123_LABEL_MAX:
        errors.append(max_len_error(DNS1123_LABEL_MAX))
    if not _DNS1123_LABEL.fullmatch(value):
        if _DNS1123_SUBDOMAIN.fullmatch(value):
            errors.append("must not contain dots")
        else:
            errors.append(regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errors


def dns1123_subdomain_errors(value: str) -> list[str]:
    """RFC 1123 subdomain (`IsDNS1123Subdomain`): the default rule for object names."""
    errors = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _DNS1123_SUBDOMAIN.fullmatch(value):
        errors.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errors


def _content_subdomain_errors(value: str) -> list[str]:
    """The `content` package's subdomain check: same rule, length counted in bytes."""
    errors = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_bytes_error(DNS1123_SUBDOMAIN_MAX))
    if not _DNS1123_SUBDOMAIN.fullmatch(value):
        errors.append(regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errors


def dns1035_label_errors(value: str) -> list[str]:
    """RFC 1035 label (`IsDNS1035Label`): Service names, container port-less names."""
    errors = []
    if _byte_len(value) > DNS1035_LABEL_MAX:
        errors.append(max_len_error(DNS1035_LABEL_MAX))
    if not _DNS1035_LABEL.fullmatch(value):
        errors.append(regex_error(_DNS1035_LABEL_MSG, _DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errors


def qualified_name_errors(value: str) -> list[str]:
    """Label/annotation key `[prefix/]name` (`IsQualifiedName` = `content.IsLabelKey`)."""
    parts = value.split("/")
    if len(parts) > 2:
        shape = regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, *_LABEL_KEY_EXAMPLES)
        return [
            f"a valid label key {shape} with an optional DNS subdomain prefix and '/' "
            "(e.g. 'example.com/MyName')"
        ]
    errors = []
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errors.append("prefix part " + EMPTY_ERROR)
        else:
            errors.extend("prefix part " + e for e in _content_subdomain_errors(prefix))
    if not name:
        errors.append("name part " + EMPTY_ERROR)
    elif _byte_len(name) > LABEL_KEY_NAME_MAX:
        errors.append("name part " + max_bytes_error(LABEL_KEY_NAME_MAX))
    if not _LABEL_KEY.fullmatch(name):
        errors.append(
            "name part " + regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, *_LABEL_KEY_EXAMPLES)
        )
    return errors


def label_value_errors(value: str) -> list[str]:
    """Label value (`IsValidLabelValue`): empty, or at most 63 bytes of `[-A-Za-z0-9_.]`."""
    errors = []
    if _byte_len(value) > LABEL_VALUE_MAX:
        errors.append(max_bytes_error(LABEL_VALUE_MAX))
    if not _LABEL_VALUE.fullmatch(value):
        errors.append(
            regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errors


def c_identifier_errors(value: str) -> list[str]:
    """C identifier (`IsCIdentifier`); format only, no length limit."""
    if _C_IDENTIFIER.fullmatch(value):
        return []
    return [regex_error(_C_IDENTIFIER_MSG, _C_IDENTIFIER_FMT, "my_name", "MY_NAME", "MyName")]


def port_name_errors(value: str) -> list[str]:
    """IANA service name (`IsValidPortName`): ≤15 of `[-a-z0-9]`, a letter, no `--`, no edge `-`."""
    errors = []
    if _byte_len(value) > PORT_NAME_MAX:
        errors.append(max_len_error(PORT_NAME_MAX))
    if not _PORT_NAME_CHARSET.fullmatch(value):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _HAS_LETTER.search(value):
        errors.append("must contain at least one letter (a-z)")
    if "--" in value:
        errors.append("must not contain consecutive hyphens")
    if value.startswith("-") or value.endswith("-"):
        errors.append("must not begin or end with a hyphen")
    return errors


def port_num_errors(port: int) -> list[str]:
    """A non-zero TCP/UDP port (`IsValidPortNum`)."""
    return in_range_errors(port, low=1, high=65535)


def in_range_errors(value: int, *, low: int, high: int) -> list[str]:
    """`IsInRange`: value within [low, high]."""
    return [] if low <= value <= high else [inclusive_range_error(low, high)]


def percent_errors(value: str) -> list[str]:
    """`IsValidPercent`: digits followed by '%' (no range check)."""
    if _PERCENT.fullmatch(value):
        return []
    return [regex_error(_PERCENT_MSG, _PERCENT_FMT, "1%", "93%")]


def config_map_key_errors(value: str) -> list[str]:
    """Key of a ConfigMap's or Secret's data (`IsConfigMapKey`)."""
    errors = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errors.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _CONFIG_MAP_KEY.fullmatch(value):
        errors.append(
            regex_error(
                _CONFIG_MAP_KEY_MSG, _CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"
            )
        )
    if value == ".":
        errors.append("must not be '.'")
    elif value == "..":
        errors.append("must not be '..'")
    elif value.startswith(".."):
        errors.append("must not start with '..'")
    return errors


def _each(path: str, value: object, messages: Iterable[str]) -> list[FieldError]:
    return [invalid(path, value, message) for message in messages]


def type_error(path: str, value: object, expected: str) -> FieldError:
    """A JSON value of the wrong type where `expected` ("object", "string", ...) belongs."""
    return FieldError(FieldErrorType.TYPE_INVALID, path, value, f"must be of type {expected}")


def validate_label_name(key: str, path: str) -> list[FieldError]:
    """Upstream `ValidateLabelName`: one Invalid error per problem with the key."""
    return _each(path, key, qualified_name_errors(key))


def validate_labels(labels: object, path: str) -> list[FieldError]:
    """Upstream `ValidateLabels`: bad keys and bad values, all reported at `path` itself.

    `labels` is the user's JSON as decoded (a `Mapping[str, str]` when well formed); any other
    shape yields a type error rather than an exception.
    """
    if not isinstance(labels, Mapping):
        return [type_error(path, labels, "object")]
    errors: list[FieldError] = []
    for key, value in labels.items():
        errors.extend(validate_label_name(key, path))
        if not isinstance(value, str):
            errors.append(type_error(path, value, "string"))
            continue
        errors.extend(_each(path, value, label_value_errors(value)))
    return errors


def validate_annotations(annotations: object, path: str) -> list[FieldError]:
    """Upstream `ValidateAnnotations`: keys are qualified names in any case; 256 KiB in total.

    Accepts any decoded JSON, like `validate_labels`.
    """
    if not isinstance(annotations, Mapping):
        return [type_error(path, annotations, "object")]
    errors: list[FieldError] = []
    total = 0
    for key, value in annotations.items():
        errors.extend(_each(path, key, qualified_name_errors(key.lower())))
        if not isinstance(value, str):
            errors.append(type_error(path, value, "string"))
            continue
        total += _byte_len(key) + _byte_len(value)
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errors.append(too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT))
    return errors


_SET_OPERATORS = ("In", "NotIn")
_EXISTENCE_OPERATORS = ("Exists", "DoesNotExist")


def validate_label_selector(selector: object, path: str) -> list[FieldError]:
    """Upstream `ValidateLabelSelector` with strict values (invalid label values rejected).

    `selector` is a decoded metav1.LabelSelector object (any JSON accepted); paths are like
    `spec.selector.matchExpressions[0].values`. None (absent) is valid here: callers that
    require a selector report `required` themselves.
    """
    return _validate_selector(selector, path, value_errors=label_value_errors)


def validate_label_selector_allowing_invalid_values(
    selector: object, path: str
) -> list[FieldError]:
    """As `validate_label_selector`, but expression values that are not valid label values are
    accepted (upstream's ratchet for objects already stored with such values)."""
    return _validate_selector(selector, path, value_errors=_accept_any)


def label_selector_has_invalid_value(selector: object) -> bool:
    """True if some matchExpressions value is not a valid label value (decides the ratchet)."""
    if not isinstance(selector, Mapping):
        return False
    expressions = selector.get("matchExpressions")
    if not isinstance(expressions, list):
        return False
    return any(
        isinstance(value, str) and label_value_errors(value)
        for expression in expressions
        if isinstance(expression, Mapping)
        for value in _list_or_empty(expression.get("values"))
    )


def _accept_any(value: str) -> list[str]:
    return []


def _list_or_empty(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _validate_selector(
    selector: object, path: str, *, value_errors: Callable[[str], list[str]]
) -> list[FieldError]:
    if selector is None:
        return []
    if not isinstance(selector, Mapping):
        return [type_error(path, selector, "object")]
    errors: list[FieldError] = []
    match_labels = selector.get("matchLabels")
    if match_labels is not None:
        errors.extend(validate_labels(match_labels, f"{path}.matchLabels"))
    expressions = selector.get("matchExpressions")
    if expressions is None:
        return errors
    if not isinstance(expressions, list):
        return [*errors, type_error(f"{path}.matchExpressions", expressions, "array")]
    for index, expression in enumerate(expressions):
        where = f"{path}.matchExpressions[{index}]"
        errors.extend(_validate_requirement(expression, where, value_errors=value_errors))
    return errors


def _validate_requirement(
    expression: object, path: str, *, value_errors: Callable[[str], list[str]]
) -> list[FieldError]:
    if not isinstance(expression, Mapping):
        return [type_error(path, expression, "object")]
    operator = expression.get("operator", "")
    values = expression.get("values")
    if values is None:
        values = []
    if not isinstance(values, list):
        return [type_error(f"{path}.values", values, "array")]
    errors: list[FieldError] = []
    if operator in _SET_OPERATORS:
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            errors.append(required(f"{path}.values", detail))
    elif operator in _EXISTENCE_OPERATORS:
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            errors.append(forbidden(f"{path}.values", detail))
    else:
        errors.append(invalid(f"{path}.operator", operator, "not a valid selector operator"))
    key = expression.get("key", "")
    if isinstance(key, str):
        errors.extend(validate_label_name(key, f"{path}.key"))
    else:
        errors.append(type_error(f"{path}.key", key, "string"))
    for index, value in enumerate(values):
        where = f"{path}.values[{index}]"
        if not isinstance(value, str):
            errors.append(type_error(where, value, "string"))
        else:
            errors.extend(_each(where, value, value_errors(value)))
    return errors
