"""Label selectors: requirements, metav1.LabelSelector objects, and matching.

The `?labelSelector=` query-string grammar is parsed in `selector_parser`.

Semantics follow apimachinery's `labels` package: requirements are ANDed and kept sorted by key
(a stable sort, so a selector's string form is deterministic); parse errors carry upstream's
messages, e.g. `unable to parse requirement: <nil>: Invalid value: "a b": ...` (the `<nil>` is
upstream's rendering of the absent field path). Parse once per request; `matches` is the hot
path (every list item and watch event), so each requirement is compiled to one closure.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stead.api.errors import BadRequest, FieldError, go_quote, invalid
from stead.api.validation import label_value_errors, qualified_name_errors

Labels = Mapping[str, str]


class Operator(enum.Enum):
    """Upstream `selection.Operator`; the value is its string (used in error messages)."""

    DOES_NOT_EXIST = "!"
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    IN = "in"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    EXISTS = "exists"
    GREATER_THAN = "gt"
    LESS_THAN = "lt"


BINARY_OPERATORS = (
    Operator.IN,
    Operator.NOT_IN,
    Operator.EQUALS,
    Operator.DOUBLE_EQUALS,
    Operator.NOT_EQUALS,
    Operator.GREATER_THAN,
    Operator.LESS_THAN,
)
_SINGLE_VALUE = (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS)
_INT64 = re.compile(r"[+-]?[0-9]+")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def parse_int64(text: str) -> int | None:
    """Go's `strconv.ParseInt(text, 10, 64)`: None when it would fail."""
    if not _INT64.fullmatch(text):
        return None
    number = int(text)
    return number if _INT64_MIN <= number <= _INT64_MAX else None


Test = Callable[[Labels], bool]


def _compile(key: str, operator: Operator, values: tuple[str, ...]) -> Test:
    if operator in (Operator.IN, Operator.EQUALS, Operator.DOUBLE_EQUALS):
        wanted = frozenset(values)
        return lambda labels: key in labels and labels[key] in wanted
    if operator in (Operator.NOT_IN, Operator.NOT_EQUALS):
        unwanted = frozenset(values)
        return lambda labels: key not in labels or labels[key] not in unwanted
    if operator is Operator.EXISTS:
        return lambda labels: key in labels
    if operator is Operator.DOES_NOT_EXIST:
        return lambda labels: key not in labels
    return _compile_comparison(key, operator, values)


def _compile_comparison(key: str, operator: Operator, values: tuple[str, ...]) -> Test:
    bound = parse_int64(values[0]) if len(values) == 1 else None
    if bound is None:
        return lambda labels: False
    limit: int = bound

    def test(labels: Labels) -> bool:
        value = labels.get(key)
        number = None if value is None else parse_int64(value)
        if number is None:
            return False
        return number > limit if operator is Operator.GREATER_THAN else number < limit

    return test


@dataclass(frozen=True)
class Requirement:
    """One `key <operator> values` term; build it with `new_requirement` to validate it."""

    key: str
    operator: Operator
    values: tuple[str, ...]
    test: Test = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", _compile(self.key, self.operator, self.values))

    def to_string(self) -> str:
        """Upstream `Requirement.String()`: several values are printed sorted."""
        op = self.operator
        if op is Operator.EXISTS:
            return self.key
        if op is Operator.DOES_NOT_EXIST:
            return "!" + self.key
        joined = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op in (Operator.IN, Operator.NOT_IN):
            return f"{self.key} {op.value} ({joined})"
        symbol = {Operator.GREATER_THAN: ">", Operator.LESS_THAN: "<"}.get(op, op.value)
        return f"{self.key}{symbol}{joined}"


class RequirementError(ValueError):
    """A requirement upstream's `NewRequirement` rejects; the message is upstream's."""


def aggregate_message(errors: Sequence[FieldError]) -> str:
    """Upstream's error aggregate: one error as is, several as `[e1, e2]` without repeats."""
    rendered = list(dict.fromkeys(error.render() for error in errors))
    return rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"


def new_requirement(key: str, operator: Operator, values: Sequence[str]) -> Requirement:
    """Upstream `NewRequirement`: validates the key, the value count and each value.

    Raises RequirementError whose message renders paths as upstream does without a base path
    (`key`, `values`, `values[0][<key>]`).
    """
    errors: list[FieldError] = []
    if key_errors := qualified_name_errors(key):
        errors.append(invalid("key", key, "; ".join(key_errors)))
    errors.extend(_value_count_errors(operator, values))
    for index, value in enumerate(values):
        if value_errors := label_value_errors(value):
            errors.append(invalid(f"values[{index}][{key}]", value, "; ".join(value_errors)))
    if errors:
        raise RequirementError(aggregate_message(errors))
    return Requirement(key, operator, tuple(values))


def _value_count_errors(operator: Operator, values: Sequence[str]) -> list[FieldError]:
    shown = list(values) if values else None  # upstream passes a nil slice, printed as null
    if operator in (Operator.IN, Operator.NOT_IN) and not values:
        return [invalid("values", shown, "for 'in', 'notin' operators, values set can't be empty")]
    if operator in _SINGLE_VALUE and len(values) != 1:
        return [invalid("values", shown, "exact-match compatibility requires one single value")]
    if operator in (Operator.EXISTS, Operator.DOES_NOT_EXIST) and values:
        detail = "values set must be empty for exists and does not exist"
        return [invalid("values", shown, detail)]
    if operator not in (Operator.GREATER_THAN, Operator.LESS_THAN):
        return []
    errors = []
    if len(values) != 1:
        detail = "for 'Gt', 'Lt' operators, exactly one value is required"
        errors.append(invalid("values", shown, detail))
    for index, value in enumerate(values):
        if parse_int64(value) is None:
            detail = "for 'Gt', 'Lt' operators, the value must be an integer"
            errors.append(invalid(f"values[{index}]", value, detail))
    return errors


class LabelSelector:
    """An AND of requirements; no requirements matches every label set."""

    __slots__ = ("_tests", "requirements")

    def __init__(self, requirements: Iterable[Requirement] = ()) -> None:
        self.requirements = tuple(sorted(requirements, key=lambda r: r.key))
        self._tests = tuple(requirement.test for requirement in self.requirements)

    @property
    def empty(self) -> bool:
        """True if the selector restricts nothing (upstream `Empty()`)."""
        return not self.requirements

    def matches(self, labels: Labels) -> bool:
        # A plain loop: `all()` over a generator costs about twice as much on this hot path.
        for test in self._tests:  # noqa: SIM110
            if not test(labels):
                return False
        return True

    def to_string(self) -> str:
        return ",".join(requirement.to_string() for requirement in self.requirements)

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return f"LabelSelector({self.to_string()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LabelSelector) or type(other) is not type(self):
            return False
        return other.requirements == self.requirements

    def __hash__(self) -> int:
        return hash(self.requirements)


class _NothingSelector(LabelSelector):
    """Upstream `labels.Nothing()`: matches no label set, prints as ""."""

    __slots__ = ()

    @property
    def empty(self) -> bool:
        return False

    def matches(self, labels: Labels) -> bool:
        return False


EVERYTHING = LabelSelector()
NOTHING = _NothingSelector()

_OBJECT_OPERATORS = {
    "In": Operator.IN,
    "NotIn": Operator.NOT_IN,
    "Exists": Operator.EXISTS,
    "DoesNotExist": Operator.DOES_NOT_EXIST,
}


def from_object(selector: Mapping[str, Any] | None) -> LabelSelector:
    """Upstream `LabelSelectorAsSelector` for a decoded metav1.LabelSelector.

    None matches nothing; an object with no matchLabels and no matchExpressions matches
    everything. An invalid selector raises BadRequest with upstream's conversion message (or,
    for JSON of the wrong shape, a message naming the shape).
    """
    if selector is None:
        return NOTHING
    match_labels = _field(selector, "matchLabels", Mapping) or {}
    expressions = _field(selector, "matchExpressions", list) or []
    try:
        requirements = [_label_requirement(k, v) for k, v in match_labels.items()]
        requirements.extend(_expression_requirement(e) for e in expressions)
    except RequirementError as error:
        raise BadRequest(str(error)) from None
    return LabelSelector(requirements)


def _field(selector: object, name: str, shape: type[Any]) -> Any:
    """`selector[name]` if it has the JSON shape `shape`, None if absent, else BadRequest."""
    if not isinstance(selector, Mapping):
        raise BadRequest(_SHAPE_ERROR)
    value = selector.get(name)
    if value is not None and not isinstance(value, shape):
        raise BadRequest(_SHAPE_ERROR)
    return value


_SHAPE_ERROR = "label selector is not a valid metav1.LabelSelector object"


def _label_requirement(key: str, value: object) -> Requirement:
    if not isinstance(value, str):
        raise RequirementError(_SHAPE_ERROR)
    return new_requirement(key, Operator.EQUALS, [value])


def _expression_requirement(expression: object) -> Requirement:
    if not isinstance(expression, Mapping):
        raise RequirementError(_SHAPE_ERROR)
    raw_operator = expression.get("operator", "")
    operator = _OBJECT_OPERATORS.get(raw_operator) if isinstance(raw_operator, str) else None
    if operator is None:
        shown = go_quote(raw_operator) if isinstance(raw_operator, str) else str(raw_operator)
        raise RequirementError(f"{shown} is not a valid label selector operator")
    key = expression.get("key", "")
    values = expression.get("values") or []
    if not isinstance(key, str) or not isinstance(values, list):
        raise RequirementError(_SHAPE_ERROR)
    if not all(isinstance(value, str) for value in values):
        raise RequirementError(_SHAPE_ERROR)
    return new_requirement(key, operator, values)


def selector_to_string(selector: Mapping[str, Any] | None) -> str:
    """The string upstream derives from a LabelSelector object (e.g. Scale.status.selector):
    requirements sorted by key, e.g. `app=nginx,tier in (cache,db)`; "" for None or {}."""
    return from_object(selector).to_string()
