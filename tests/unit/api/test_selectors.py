"""Label selectors: grammar, upstream error messages, object form, string form, matching."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api.errors import BadRequest
from stead.api.selector_parser import parse_label_selector
from stead.api.selectors import LabelSelector, from_object, selector_to_string

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
OPERATORS = "in, notin, =, ==, !=, gt, lt"

WEB = {"app": "web", "tier": "db", "rank": "3"}


@pytest.mark.parametrize(
    ("text", "canonical", "matches_web"),
    [
        ("", "", True),
        ("app=web", "app=web", True),
        ("app==web", "app==web", True),
        ("app!=web", "app!=web", False),
        ("app!=other", "app!=other", True),
        ("missing!=x", "missing!=x", True),
        ("tier in (db,cache)", "tier in (cache,db)", True),
        ("tier notin (db)", "tier notin (db)", False),
        ("missing notin (db)", "missing notin (db)", True),
        ("app", "app", True),
        ("!app", "!app", False),
        ("!missing", "!missing", True),
        ("rank>2", "rank>2", True),
        ("rank<3", "rank<3", False),
        ("app>2", "app>2", False),
        ("app=", "app=", False),
        ("missing in ()", "missing in ()", False),
        (" tier in ( db , cache ) ,\tapp = web ", "app=web,tier in (cache,db)", True),
        ("tier in(db)", "tier in (db)", True),
        ("x in (,a,)", "x in (,a)", False),
        ("in in (in,notin)", "in in (in,notin)", False),
        ("z=1,a=1,m", "a=1,m,z=1", False),
    ],
)
def test_grammar(text: str, canonical: str, matches_web: bool) -> None:
    selector = parse_label_selector(text)
    assert selector.to_string() == canonical
    assert selector.matches(WEB) is matches_web
    assert parse_label_selector(canonical) == selector


def test_empty_selector_matches_everything() -> None:
    selector = parse_label_selector("")
    assert selector.empty
    assert selector.matches({})
    assert not parse_label_selector("a").empty


def unparsable(detail: str) -> str:
    return f"unable to parse requirement: {detail}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a b", unparsable(f"found 'b', expected: {OPERATORS}")),
        ("a!b", unparsable(f"found '!', expected: {OPERATORS}")),
        ("a in (b", unparsable("found '', expected: ',' or ')'")),
        ("a in (b c)", unparsable("found 'c', expected: ',' or ')'")),
        ("a in (", unparsable("found '', expected: ',', ')' or identifier")),
        ("a in (=)", unparsable("found '=', expected: ',', ')' or identifier")),
        ("a in (b,=)", unparsable("found '=', expected: ',', or identifier")),
        ("a in b", unparsable("found 'b' expected: '('")),
        ("a in", unparsable("found '' expected: '('")),
        ("a=(", unparsable("found '(', expected: identifier")),
        ("k>=1", unparsable("found '=', expected: identifier")),
        ("!", unparsable("found '', expected: identifier")),
        ("!a=b", "found '=', expected: ',' or 'end of string'"),
        ("a=b)", "found ')', expected: ',' or 'end of string'"),
        ("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
        ("=a", "found '=', expected: !, identifier, or 'end of string'"),
        (",a", "found ',', expected: !, identifier, or 'end of string'"),
        ("a,", "found '', expected: identifier after ','"),
        ("a,,b", "found ',', expected: identifier after ','"),
        ("app:monolith", unparsable(f'<nil>: Invalid value: "app:monolith": {KEY_NAME_REGEX}')),
        ("-a=b", unparsable(f'<nil>: Invalid value: "-a": {KEY_NAME_REGEX}')),
        ("a=-b", unparsable(f'values[0][a]: Invalid value: "-b": {VALUE_REGEX}')),
        ("a in (x,-b)", unparsable(f'values[0][a]: Invalid value: "-b": {VALUE_REGEX}')),
        ("a>x", unparsable("values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value "
                           "must be an integer")),
        ("a=" + "v" * 64, unparsable(f'values[0][a]: Invalid value: "{"v" * 64}": must be no '
                                     "more than 63 bytes")),
    ],
)  # fmt: skip
def test_parse_errors_carry_upstream_messages(text: str, message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_label_selector(text)
    assert caught.value.message == message
    assert caught.value.to_status()["code"] == 400


def test_a_bad_key_with_two_slashes() -> None:
    with pytest.raises(
        BadRequest,
        match=r"^unable to parse requirement: <nil>: Invalid value: "
        r'"a/b/c": a valid label key must consist',
    ):
        parse_label_selector("a/b/c=d")  # fmt: skip


def test_gt_and_lt_compare_integers() -> None:
    selector = parse_label_selector("n>10,n<20")
    assert selector.matches({"n": "15"})
    assert not selector.matches({"n": "10"})
    assert not selector.matches({"n": "x"})
    assert not selector.matches({})
    assert parse_label_selector("n<5").matches({"n": "-7"})
    assert not parse_label_selector("n>1").matches({"n": str(2**63)})


def test_from_object_semantics() -> None:
    assert not from_object(None).matches({})
    assert not from_object(None).empty
    assert from_object({}).empty
    assert from_object({}).matches({"any": "thing"})
    selector = from_object(
        {
            "matchLabels": {"app": "web"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["db", "cache"]},
                {"key": "canary", "operator": "DoesNotExist"},
                {"key": "env", "operator": "NotIn", "values": ["prod"]},
                {"key": "rank", "operator": "Exists"},
            ],
        }
    )
    assert selector.matches(WEB)
    assert not selector.matches({**WEB, "canary": "1"})
    assert not selector.matches({**WEB, "env": "prod"})


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ({"matchExpressions": [{"key": "a", "operator": "Near"}]},
         '"Near" is not a valid label selector operator'),
        ({"matchExpressions": [{"key": "a", "operator": "In"}]},
         "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        ({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]},
         'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'),
        ({"matchLabels": {"-a": "b"}}, f'key: Invalid value: "-a": {KEY_NAME_REGEX}'),
        ({"matchLabels": {"-a": "-b"}},
         f'[key: Invalid value: "-a": {KEY_NAME_REGEX}, values[0][-a]: Invalid value: "-b": '
         f"{VALUE_REGEX}]"),
    ],
)  # fmt: skip
def test_from_object_errors(selector: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequest) as caught:
        from_object(selector)
    assert caught.value.message == message


@pytest.mark.parametrize(
    "selector",
    [
        "app",
        ["app"],
        {"matchLabels": ["app"]},
        {"matchLabels": {"app": 1}},
        {"matchExpressions": {"key": "a"}},
        {"matchExpressions": [None]},
        {"matchExpressions": [{"key": 1, "operator": "Exists"}]},
        {"matchExpressions": [{"key": "a", "operator": 1}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": [1]}]},
    ],
)
def test_from_object_rejects_odd_json_cleanly(selector: Any) -> None:
    with pytest.raises(BadRequest):
        from_object(selector)


def test_selector_to_string_sorts_by_key_and_values() -> None:
    selector = {
        "matchLabels": {"tier": "db", "app": "nginx"},
        "matchExpressions": [
            {"key": "env", "operator": "NotIn", "values": ["qa", "dev"]},
            {"key": "app", "operator": "Exists"},
            {"key": "zone", "operator": "In", "values": ["b"]},
            {"key": "canary", "operator": "DoesNotExist"},
        ],
    }
    assert selector_to_string(selector) == (
        "app=nginx,app,!canary,env notin (dev,qa),tier=db,zone in (b)"
    )
    assert selector_to_string({"matchLabels": {"app": "nginx"}}) == "app=nginx"
    assert selector_to_string({}) == ""
    assert selector_to_string(None) == ""


# Keys and values drawn from a small alphabet (including the keywords `in` and `notin`) so that
# random label sets often hit the selector's keys and values.
KEYS = st.sampled_from(["app", "tier", "in", "notin", "example.com/role", "a.b_c-d", "K8s"])
VALUES = st.sampled_from(["", "web", "db", "in", "1", "v-2.x_Y"])
EXPRESSIONS = st.one_of(
    st.fixed_dictionaries(
        {
            "key": KEYS,
            "operator": st.sampled_from(["In", "NotIn"]),
            "values": st.lists(VALUES, min_size=1, max_size=3),
        }
    ),
    st.fixed_dictionaries({"key": KEYS, "operator": st.sampled_from(["Exists", "DoesNotExist"])}),
)
SELECTORS = st.fixed_dictionaries(
    {},
    optional={
        "matchLabels": st.dictionaries(KEYS, VALUES, max_size=3),
        "matchExpressions": st.lists(EXPRESSIONS, max_size=4),
    },
)
LABEL_SETS = st.dictionaries(KEYS, VALUES, max_size=5)


@given(SELECTORS, st.lists(LABEL_SETS, min_size=1, max_size=20))
def test_string_form_round_trips(
    selector: dict[str, Any], label_sets: list[dict[str, str]]
) -> None:
    original = from_object(selector)
    reparsed = parse_label_selector(selector_to_string(selector))
    # Strings may differ only where an object repeats a value (`in (a,a)` reparses as `in (a)`).
    assert parse_label_selector(reparsed.to_string()) == reparsed
    for labels in label_sets:
        assert reparsed.matches(labels) == original.matches(labels)


@given(SELECTORS, LABEL_SETS)
def test_matching_agrees_with_the_definition(
    selector: dict[str, Any], labels: dict[str, str]
) -> None:
    expected = all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())
    for expression in selector.get("matchExpressions", []):
        key, operator = expression["key"], expression["operator"]
        present = key in labels
        if operator == "In":
            expected &= present and labels[key] in expression["values"]
        elif operator == "NotIn":
            expected &= not present or labels[key] not in expression["values"]
        elif operator == "Exists":
            expected &= present
        else:
            expected &= not present
    assert from_object(selector).matches(labels) == expected


@given(st.text(alphabet="ab=!(),<> \tin1-/.", max_size=30))
def test_arbitrary_text_parses_or_fails_with_bad_request(text: str) -> None:
    try:
        selector = parse_label_selector(text)
    except BadRequest:
        return
    assert isinstance(selector, LabelSelector)
    assert parse_label_selector(selector.to_string()) == selector


def test_matching_is_fast() -> None:
    """Not a benchmark: guards against an accidental order-of-magnitude regression."""
    selector = parse_label_selector("app=web,tier in (db,cache),!canary")
    labels = {"app": "web", "tier": "db", "controller-revision-hash": "web-6d4"}
    rounds = 20_000
    started = time.perf_counter()
    for _ in range(rounds):
        selector.matches(labels)
    assert (time.perf_counter() - started) / rounds < 20e-6
