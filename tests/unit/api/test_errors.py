from __future__ import annotations

from stead.api import errors


def test_single_field_error_renders_as_upstream() -> None:
    error = errors.object_invalid(
        "apps", "StatefulSet", "web",
        [errors.invalid("spec.replicas", -1, "must be greater than or equal to 0")],
    )  # fmt: skip
    assert error.message == (
        'StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: '
        "must be greater than or equal to 0"
    )
    status = error.to_status()
    assert status["code"] == 422
    assert status["reason"] == "Invalid"
    assert status["details"]["causes"] == [
        {
            "reason": "FieldValueInvalid",
            "message": "Invalid value: -1: must be greater than or equal to 0",
            "field": "spec.replicas",
        }
    ]


def test_several_errors_are_bracketed_without_repeats() -> None:
    required = errors.required("spec.selector")
    mismatch = errors.invalid(
        "spec.template.metadata.labels",
        {"app": "nginx"},
        "`selector` does not match template `labels`",
    )
    error = errors.object_invalid("apps", "StatefulSet", "web", [required, mismatch, required])
    assert error.message == (
        'StatefulSet.apps "web" is invalid: [spec.selector: Required value, '
        'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: '
        "`selector` does not match template `labels`]"
    )
    assert len(error.details["causes"]) == 2


def test_value_rendering() -> None:
    assert errors.render_value("x") == '"x"'
    assert errors.render_value(True) == "true"
    assert errors.render_value(3) == "3"
    assert errors.render_value(None) == "null"
    unsupported = errors.not_supported("spec.x", "Foo", ["Retain", "Delete"])
    assert unsupported.render() == (
        'spec.x: Unsupported value: "Foo": supported values: "Retain", "Delete"'
    )


def test_not_found_message_core_and_named_group() -> None:
    assert errors.object_not_found("", "pods", "x").message == 'pods "x" not found'
    assert (
        errors.object_not_found("apps", "statefulsets", "web").message
        == 'statefulsets.apps "web" not found'
    )
