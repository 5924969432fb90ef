"""Tolerations (upstream `ValidateTolerations`), node taints, and the update rule that a pod's
tolerations may only grow."""

from __future__ import annotations

from typing import Any

from stead.api.errors import (
    FieldError,
    FieldErrorType,
    forbidden,
    invalid,
    not_supported,
    required,
)
from stead.api.validation import label_value_errors, validate_label_name
from stead.apiserver.registry.fields import objects, text

Object = dict[str, Any]

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_OPERATORS = ("Equal", "Exists")


def taint_effect_errors(effect: str, path: str) -> list[FieldError]:
    return [] if effect in TAINT_EFFECTS else [not_supported(path, effect, TAINT_EFFECTS)]


def tolerations_errors(tolerations: object, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, toleration in enumerate(objects(tolerations)):
        errors.extend(_toleration_errors(toleration, f"{path}[{index}]"))
    return errors


def _toleration_errors(toleration: Object, path: str) -> list[FieldError]:
    key, operator = text(toleration, "key"), text(toleration, "operator")
    value, effect = text(toleration, "value"), text(toleration, "effect")
    errors = validate_label_name(key, f"{path}.key") if key else []
    if not key and operator != "Exists":
        detail = (
            'operator must be Exists when `key` is empty, which means "match all values and all '
            'keys"'
        )
        errors.append(invalid(f"{path}.operator", operator, detail))
    if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
        detail = "effect must be 'NoExecute' when `tolerationSeconds` is set"
        errors.append(invalid(f"{path}.effect", effect, detail))
    if operator in ("Equal", ""):
        if problems := label_value_errors(value):
            errors.append(invalid(f"{path}.operator", value, ";".join(problems)))
    elif operator == "Exists":
        if value:
            detail = "value must be empty when `operator` is 'Exists'"
            errors.append(invalid(f"{path}.operator", value, detail))
    else:
        errors.append(not_supported(f"{path}.operator", operator, _OPERATORS))
    if effect:
        errors.extend(taint_effect_errors(effect, f"{path}.effect"))
    return errors


def only_added_errors(new: object, old: object, *, path: str) -> list[FieldError]:
    """`validateOnlyAddedTolerations`: existing ones stay (their tolerationSeconds may change)."""
    current = objects(new)
    for existing in objects(old):
        if not any(_same_but_seconds(existing, toleration) for toleration in current):
            detail = "existing toleration can not be modified except its tolerationSeconds"
            return [forbidden(path, detail)]
    return tolerations_errors(new, path)


def _same_but_seconds(old: Object, new: Object) -> bool:
    return _comparable(old) == _comparable(new)


def _comparable(toleration: Object) -> Object:
    # Every field but tolerationSeconds is a plain Go string: absent and "" are the same.
    return {
        key: value
        for key, value in toleration.items()
        if key != "tolerationSeconds" and value not in (None, "")
    }


def taints_errors(taints: object, path: str) -> list[FieldError]:
    """`validateNodeTaints`: valid key, value and effect; unique per (key, effect)."""
    errors: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for index, taint in enumerate(objects(taints)):
        where = f"{path}[{index}]"
        key, value, effect = text(taint, "key"), text(taint, "value"), text(taint, "effect")
        errors.extend(validate_label_name(key, f"{where}.key"))
        if problems := label_value_errors(value):
            errors.append(invalid(f"{where}.value", value, ";".join(problems)))
        if not effect:
            errors.append(required(f"{where}.effect"))
        else:
            errors.extend(taint_effect_errors(effect, f"{where}.effect"))
        if (key, effect) in seen:
            detail = "taints must be unique by key and effect pair"
            errors.append(FieldError(FieldErrorType.DUPLICATE, where, taint, detail))
            continue
        seen.add((key, effect))
    return errors
