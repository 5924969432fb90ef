"""Name, label and selector validators: upstream's exact messages for typical bad input."""

from __future__ import annotations

from typing import Any

import pytest

from stead.api.validation import (
    c_identifier_errors,
    config_map_key_errors,
    dns1035_label_errors,
    dns1123_label_errors,
    dns1123_subdomain_errors,
    label_selector_has_invalid_value,
    label_value_errors,
    percent_errors,
    port_name_errors,
    port_num_errors,
    qualified_name_errors,
    validate_annotations,
    validate_label_selector,
    validate_label_selector_allowing_invalid_values,
    validate_labels,
)

LABEL_REGEX = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN_REGEX = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
KEY_NAME_REGEX = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
VALUE_REGEX = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?"
    "[A-Za-z0-9])?')"
)


@pytest.mark.parametrize("name", ["web", "web-0", "0", "a" * 63, "123-abc"])
def test_dns1123_label_accepts(name: str) -> None:
    assert dns1123_label_errors(name) == []


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("Web", [LABEL_REGEX]),
        ("-web", [LABEL_REGEX]),
        ("web-", [LABEL_REGEX]),
        ("", [LABEL_REGEX]),
        ("web_1", [LABEL_REGEX]),
        ("a.b", ["must not contain dots"]),
        ("a" * 64, ["must be no more than 63 characters"]),
        ("A" * 64, ["must be no more than 63 characters", LABEL_REGEX]),
        ("web\n", [LABEL_REGEX]),
    ],
)
def test_dns1123_label_rejects(name: str, errors: list[str]) -> None:
    assert dns1123_label_errors(name) == errors


def test_dns1123_subdomain() -> None:
    assert dns1123_subdomain_errors("www.example.com") == []
    assert dns1123_subdomain_errors("Example.com") == [SUBDOMAIN_REGEX]
    assert dns1123_subdomain_errors("a." * 127) == [
        "must be no more than 253 characters",
        SUBDOMAIN_REGEX,
    ]


def test_dns1035_label() -> None:
    assert dns1035_label_errors("nginx") == []
    assert dns1035_label_errors("1nginx") == [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
        "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
        "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    ]


@pytest.mark.parametrize(
    "key", ["app", "App_Name.x", "example.com/app", "a/b", "kubernetes.io/hostname", "x" * 63]
)
def test_qualified_name_accepts(key: str) -> None:
    assert qualified_name_errors(key) == []


@pytest.mark.parametrize(
    ("key", "errors"),
    [
        ("", ["name part must be non-empty", KEY_NAME_REGEX]),
        ("-app", [KEY_NAME_REGEX]),
        ("x" * 64, ["name part must be no more than 63 bytes"]),
        ("/app", ["prefix part must be non-empty"]),
        ("example.com/", ["name part must be non-empty", KEY_NAME_REGEX]),
        ("Example.com/app", ["prefix part " + SUBDOMAIN_REGEX]),
        ("a" * 254 + "/app", ["prefix part must be no more than 253 bytes"]),
        ("app:monolith", [KEY_NAME_REGEX]),
    ],
)
def test_qualified_name_rejects(key: str, errors: list[str]) -> None:
    assert qualified_name_errors(key) == errors


def test_qualified_name_with_two_slashes_is_one_error() -> None:
    assert qualified_name_errors("a/b/c") == [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ]


def test_label_value() -> None:
    assert label_value_errors("") == []
    assert label_value_errors("v1.2_x-Y") == []
    assert label_value_errors("-x") == [VALUE_REGEX]
    assert label_value_errors("é") == [VALUE_REGEX]
    assert label_value_errors("x" * 64) == ["must be no more than 63 bytes"]


def test_small_validators() -> None:
    assert c_identifier_errors("_ok1") == []
    assert c_identifier_errors("1bad") == [
        "a valid C identifier must start with alphabetic character or '_', followed by a string "
        "of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex "
        "used for validation is '[A-Za-z_][A-Za-z0-9_]*')"
    ]
    assert port_name_errors("http") == []
    assert port_name_errors("-Web--port-1234567") == [
        "must be no more than 15 characters",
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must not contain consecutive hyphens",
        "must not begin or end with a hyphen",
    ]
    assert port_name_errors("80") == ["must contain at least one letter (a-z)"]
    assert port_num_errors(80) == []
    assert port_num_errors(0) == ["must be between 1 and 65535, inclusive"]
    assert percent_errors("50%") == []
    assert percent_errors("50") == [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  "
        "or '93%', regex used for validation is '[0-9]+%')"
    ]
    assert config_map_key_errors("key.name") == []
    assert config_map_key_errors("..") == ["must not be '..'"]
    assert config_map_key_errors("..x") == ["must not start with '..'"]
    assert len(config_map_key_errors("a/b")) == 1


def rendered(errors: list[Any]) -> list[str]:
    return [error.render() for error in errors]


def test_validate_labels_reports_at_the_map_path() -> None:
    errors = validate_labels({"app": "web", "-bad": "x", "ok": "-v"}, "metadata.labels")
    assert rendered(errors) == [
        f'metadata.labels: Invalid value: "-bad": {KEY_NAME_REGEX}',
        f'metadata.labels: Invalid value: "-v": {VALUE_REGEX}',
    ]


def test_validate_labels_tolerates_odd_json() -> None:
    assert [e.type.reason for e in validate_labels(["a"], "metadata.labels")] == [
        "FieldValueTypeInvalid"
    ]
    assert len(validate_labels({"a": 1}, "metadata.labels")) == 1


def test_annotations_keys_ignore_case_and_total_size_is_limited() -> None:
    assert validate_annotations({"Example.com/Key": "v"}, "metadata.annotations") == []
    big = {"a": "x" * (256 * 1024)}
    assert rendered(validate_annotations(big, "metadata.annotations")) == [
        "metadata.annotations: Too long: may not be more than 262144 bytes"
    ]
    assert validate_annotations({"a": "x" * (256 * 1024 - 1)}, "metadata.annotations") == []


def test_label_selector_paths_and_messages() -> None:
    selector = {
        "matchLabels": {"app": "web!"},
        "matchExpressions": [
            {"key": "tier", "operator": "In"},
            {"key": "tier", "operator": "Exists", "values": ["db"]},
            {"key": "tier", "operator": "Near", "values": ["db"]},
            {"key": "-tier", "operator": "NotIn", "values": ["ok", "-bad"]},
        ],
    }
    assert rendered(validate_label_selector(selector, "spec.selector")) == [
        f'spec.selector.matchLabels: Invalid value: "web!": {VALUE_REGEX}',
        "spec.selector.matchExpressions[0].values: Required value: must be specified when "
        "`operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when "
        "`operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid '
        "selector operator",
        f'spec.selector.matchExpressions[3].key: Invalid value: "-tier": {KEY_NAME_REGEX}',
        f'spec.selector.matchExpressions[3].values[1]: Invalid value: "-bad": {VALUE_REGEX}',
    ]


def test_label_selector_ratchet_for_stored_invalid_values() -> None:
    selector = {"matchExpressions": [{"key": "k", "operator": "In", "values": ["-bad"]}]}
    assert label_selector_has_invalid_value(selector)
    assert validate_label_selector_allowing_invalid_values(selector, "spec.selector") == []
    assert len(validate_label_selector(selector, "spec.selector")) == 1
    assert not label_selector_has_invalid_value({"matchLabels": {"a": "-bad"}})


@pytest.mark.parametrize(
    "selector",
    [
        None,
        {},
        {"matchLabels": {"a": "b"}},
        {"matchExpressions": [{"key": "a", "operator": "Exists"}]},
    ],
)
def test_valid_label_selectors(selector: Any) -> None:
    assert validate_label_selector(selector, "spec.selector") == []


@pytest.mark.parametrize(
    "selector",
    [
        "app=web",
        {"matchLabels": "app"},
        {"matchExpressions": {"key": "a"}},
        {"matchExpressions": ["a"]},
        {"matchExpressions": [{"key": 3, "operator": "Exists"}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": "b"}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": [1]}]},
        {"matchExpressions": [{"key": "a", "operator": ["In"], "values": ["b"]}]},
    ],
)
def test_odd_json_selectors_give_field_errors(selector: Any) -> None:
    assert validate_label_selector(selector, "spec.selector")
