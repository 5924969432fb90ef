"""The `?labelSelector=` query-string grammar, parsed into a `LabelSelector`.

A hand-written lexer and recursive-descent parser following apimachinery's grammar, so the
accepted language and the error messages (`found ',', expected: identifier after ','`) match.
"""

from __future__ import annotations

from stead.api.errors import BadRequest, invalid
from stead.api.selectors import (
    BINARY_OPERATORS,
    LabelSelector,
    Operator,
    Requirement,
    RequirementError,
    new_requirement,
)
from stead.api.validation import qualified_name_errors

# A token is (kind, literal): kind is the literal itself for keywords and punctuation, "id" for
# identifiers (keys and values) and "end" after the last token.
_KEYWORDS = frozenset({")", ",", "!", "==", "=", ">", "in", "<", "!=", "notin", "("})
_TOKEN_OPERATORS = {
    "in": Operator.IN,
    "=": Operator.EQUALS,
    "==": Operator.DOUBLE_EQUALS,
    ">": Operator.GREATER_THAN,
    "<": Operator.LESS_THAN,
    "notin": Operator.NOT_IN,
    "!=": Operator.NOT_EQUALS,
}
_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")
_STOP = _SPECIAL | _WHITESPACE | {"\0"}
_EXPECTED_OPERATOR = ", ".join(op.value for op in BINARY_OPERATORS)
_END = ("end", "")
Item = tuple[str, str]


def _lex(text: str) -> list[Item]:
    """Tokens of `text`, ending with `_END`.

    Mirrors upstream's byte lexer, which reads NUL as end of input: NUL where a token would
    start ends the input, and NUL right after a token is swallowed as a separator.
    """
    items: list[Item] = []
    pos, size = 0, len(text)
    while True:
        while pos < size and text[pos] in _WHITESPACE:
            pos += 1
        if pos >= size or text[pos] == "\0":
            items.append(_END)
            return items
        literal = _scan_symbol(text, pos) if text[pos] in _SPECIAL else _scan_word(text, pos)
        items.append((literal if literal in _KEYWORDS else "id", literal))
        pos += len(literal)
        if pos < size and text[pos] == "\0":
            pos += 1


def _scan_word(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and text[end] not in _STOP:
        end += 1
    return text[pos:end]


def _scan_symbol(text: str, pos: int) -> str:
    """The longest run of special characters that is an operator (`!=` rather than `!`)."""
    end = pos + 1
    while end < len(text) and text[pos : end + 1] in _KEYWORDS:
        end += 1
    return text[pos:end]


class _Parser:
    """Recursive descent over the token list, one method per rule of upstream's grammar."""

    def __init__(self, text: str) -> None:
        self._items = _lex(text)
        self._pos = 0

    def _peek(self) -> Item:
        """The next token, where `in` and `notin` are plain identifiers (`in in (in)` is valid:
        they are keywords only where an operator may stand, see `_operator`)."""
        kind, literal = self._items[min(self._pos, len(self._items) - 1)]
        return ("id", literal) if kind in ("in", "notin") else (kind, literal)

    def _take(self) -> Item:
        item = self._peek()
        self._pos += 1
        return item

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            token, literal = self._peek()
            if token == "end":
                return requirements
            if token not in ("id", "!"):
                raise RequirementError(
                    f"found '{literal}', expected: !, identifier, or 'end of string'"
                )
            try:
                requirements.append(self._requirement())
            except RequirementError as error:
                raise RequirementError(f"unable to parse requirement: {error}") from None
            token, literal = self._take()
            if token == "end":
                return requirements
            if token != ",":
                raise RequirementError(f"found '{literal}', expected: ',' or 'end of string'")
            following, literal = self._peek()
            if following not in ("id", "!"):
                raise RequirementError(f"found '{literal}', expected: identifier after ','")

    def _requirement(self) -> Requirement:
        negated = self._peek()[0] == "!"
        if negated:
            self._take()
        token, key = self._take()
        if token != "id":
            raise RequirementError(f"found '{key}', expected: identifier")
        if key_errors := qualified_name_errors(key):
            raise RequirementError(invalid("<nil>", key, "; ".join(key_errors)).render())
        if negated:
            # Upstream returns `!k` whatever follows; the caller then rejects the next token.
            return new_requirement(key, Operator.DOES_NOT_EXIST, [])
        if self._peek()[0] in ("end", ","):
            return new_requirement(key, Operator.EXISTS, [])
        operator = self._operator()
        if operator in (Operator.IN, Operator.NOT_IN):
            values = self._value_set()
        else:
            values = self._exact_value()
        return new_requirement(key, operator, sorted(values))

    def _operator(self) -> Operator:
        kind, literal = self._items[min(self._pos, len(self._items) - 1)]
        self._pos += 1
        operator = _TOKEN_OPERATORS.get(kind)
        if operator is None:
            raise RequirementError(f"found '{literal}', expected: {_EXPECTED_OPERATOR}")
        return operator

    def _value_set(self) -> set[str]:
        token, literal = self._take()
        if token != "(":
            raise RequirementError(f"found '{literal}' expected: '('")
        token, literal = self._peek()
        if token == ")":
            self._take()
            return {""}
        if token not in ("id", ","):
            raise RequirementError(f"found '{literal}', expected: ',', ')' or identifier")
        values = self._identifiers()
        self._take()
        return values

    def _identifiers(self) -> set[str]:
        """A comma-separated list up to (not including) `)`; empty items are "" values."""
        values: set[str] = set()
        while True:
            token, literal = self._take()
            if token == "id":
                values.add(literal)
                following, literal = self._peek()
                if following == ")":
                    return values
                if following != ",":
                    raise RequirementError(f"found '{literal}', expected: ',' or ')'")
            elif token == ",":
                following = self._peek()[0]
                if not values or following in (")", ","):
                    values.add("")
                if following == ")":
                    return values
            else:
                raise RequirementError(f"found '{literal}', expected: ',', or identifier")

    def _exact_value(self) -> set[str]:
        if self._peek()[0] in ("end", ","):
            return {""}
        token, literal = self._take()
        if token != "id":
            raise RequirementError(f"found '{literal}', expected: identifier")
        return {literal}


def parse_label_selector(text: str) -> LabelSelector:
    """Parse the `?labelSelector=` grammar; raise BadRequest with upstream's message.

    `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`; comma is AND
    and whitespace separates tokens; "" matches everything.
    """
    try:
        return LabelSelector(_Parser(text).parse())
    except RequirementError as error:
        raise BadRequest(str(error)) from None
