"""Resource quantities (`resource.Quantity`): parse, compare, and print in canonical form.

A quantity is a decimal number with an optional suffix: binary SI (`Ki` .. `Ei`), decimal SI
(`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`). As upstream:
values are kept exact, magnitudes are rounded *up* to the nanounit (asking for a little gets a
little, never nothing), SI values are capped at 2^63-1, and the canonical form keeps the
family of the suffix the user wrote — `1.5Gi` prints `1536Mi`, `1000m` prints `1`,
`0.05Gi` (not a whole number of bytes) falls back to decimal `53687091200m`.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass
from fractions import Fraction

_DIGITS = frozenset("0123456789")
_SUFFIX_CHARS = frozenset("eEinumkKMGTP")
_DECIMAL_SUFFIXES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12,
                     "P": 15, "E": 18}  # fmt: skip
_DECIMAL_BY_EXPONENT = {exponent: suffix for suffix, exponent in _DECIMAL_SUFFIXES.items()}
_BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_BINARY_BY_POWER = {power // 10: suffix for suffix, power in _BINARY_SUFFIXES.items()}
_NANO = 10**9
_MAX_SI = 2**63 - 1
# Bounds that keep exact arithmetic (and Python's int <-> str conversion) cheap; far beyond any
# amount a resource could mean.
_MAX_EXPONENT = 4096
_MAX_DIGITS = 1024

FORMAT_WRONG = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
NUMERIC = "unable to parse numeric part of quantity"
SUFFIX = "unable to parse quantity's suffix"


class QuantityError(ValueError):
    """The text is not a quantity; the message is upstream's (`ErrFormatWrong` and friends)."""


class Format(enum.Enum):
    DECIMAL_SI = "DecimalSI"
    BINARY_SI = "BinarySI"
    DECIMAL_EXPONENT = "DecimalExponent"


@functools.total_ordering
@dataclass(frozen=True)
class Quantity:
    """An exact amount and the suffix family it is printed with."""

    amount: Fraction
    format: Format = Format.DECIMAL_SI

    def __str__(self) -> str:
        return self.canonical()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Quantity) and self.amount == other.amount

    def __hash__(self) -> int:
        return hash(self.amount)

    def __lt__(self, other: Quantity) -> bool:
        return self.amount < other.amount

    def cmp(self, other: Quantity) -> int:
        """-1, 0 or 1 as upstream `Cmp`."""
        return (self.amount > other.amount) - (self.amount < other.amount)

    def sign(self) -> int:
        return (self.amount > 0) - (self.amount < 0)

    def value(self) -> int:
        """Whole units, rounded up (upstream `Value()`)."""
        return math.ceil(self.amount)

    def milli_value(self) -> int:
        """Thousandths of a unit, rounded up (upstream `MilliValue()`)."""
        return math.ceil(self.amount * 1000)

    def is_integer(self) -> bool:
        return self.amount.denominator == 1

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(self.amount + other.amount, self.format)

    def canonical(self) -> str:
        """Upstream `String()`: the canonical text stored and shown for this quantity."""
        if self.amount == 0:
            return "0"
        if self.format is Format.BINARY_SI and self._prints_as_binary():
            return _binary_text(int(self.amount))
        return _decimal_text(self.amount, self.format)

    def _prints_as_binary(self) -> bool:
        return abs(self.amount) >= 1024 and self.is_integer()


def _binary_text(number: int) -> str:
    power = 0
    while number % 1024 == 0 and power < max(_BINARY_BY_POWER):
        number //= 1024
        power += 1
    return f"{number}{_BINARY_BY_POWER.get(power, '')}"


def _decimal_text(amount: Fraction, fmt: Format) -> str:
    # Rounded to the nanounit at parse time, so amount * 10^9 is whole.
    mantissa, exponent = int(amount * _NANO), -9
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    shift = exponent % 3
    mantissa, exponent = mantissa * 10**shift, exponent - shift
    if fmt is Format.DECIMAL_EXPONENT:
        return f"{mantissa}" if exponent == 0 else f"{mantissa}e{exponent}"
    if exponent > max(_DECIMAL_BY_EXPONENT):
        mantissa *= 10 ** (exponent - max(_DECIMAL_BY_EXPONENT))
        exponent = max(_DECIMAL_BY_EXPONENT)
    return f"{mantissa}{_DECIMAL_BY_EXPONENT[exponent]}"


def parse(text: str | int | float) -> Quantity:
    """Upstream `ParseQuantity`; JSON numbers are read as the text they were written as.

    Raises QuantityError with upstream's message when `text` is not a quantity.
    """
    if isinstance(text, bool):
        raise QuantityError(FORMAT_WRONG)
    if isinstance(text, int | float):
        text = repr(text) if isinstance(text, float) else str(text)
    if not text:
        raise QuantityError(FORMAT_WRONG)
    negative, digits, fraction, suffix = _split(text)
    base, exponent, fmt = _interpret(suffix)
    amount = _number(digits, fraction) * Fraction(base) ** exponent
    magnitude = _round_up_to_nano(abs(amount))
    if fmt is not Format.DECIMAL_EXPONENT:
        magnitude = min(magnitude, Fraction(_MAX_SI))
    return Quantity(-magnitude if negative else magnitude, fmt)


def parse_or_none(value: object) -> Quantity | None:
    """The quantity `value` denotes, or None when it is not one (or not a string/number)."""
    if not isinstance(value, str | int | float):
        return None
    try:
        return parse(value)
    except QuantityError:
        return None


def canonicalize(value: object) -> object:
    """The canonical text of a quantity value; anything that is not a quantity, unchanged."""
    quantity = parse_or_none(value)
    return value if quantity is None else quantity.canonical()


def _split(text: str) -> tuple[bool, str, str, str]:
    """Sign, integer digits, fraction digits and suffix, scanned as upstream does."""
    end = len(text)
    negative = text[0] == "-"
    pos = 1 if text[0] in "+-" else 0
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos >= end:
        if pos == start:
            raise QuantityError(NUMERIC)
        return negative, text[start:], "", ""
    digits = text[start:pos] or "0"
    fraction = ""
    if text[pos] == ".":
        pos += 1
        begin = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        fraction = text[begin:pos]
    suffix_start = pos
    while pos < end and text[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:
        raise QuantityError(FORMAT_WRONG)
    return negative, digits, fraction, text[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, Format]:
    if suffix in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[suffix], Format.DECIMAL_SI
    if suffix in _BINARY_SUFFIXES:
        return 2, _BINARY_SUFFIXES[suffix], Format.BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        exponent = _go_int(suffix[1:])
        if exponent is not None and abs(exponent) <= _MAX_EXPONENT:
            return 10, exponent, Format.DECIMAL_EXPONENT
    raise QuantityError(SUFFIX)


def _go_int(text: str) -> int | None:
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or any(ch not in _DIGITS for ch in body) or len(body) > 19:
        return None
    return int(text)


def _number(digits: str, fraction: str) -> Fraction:
    if len(digits) + len(fraction) > _MAX_DIGITS:
        raise QuantityError(NUMERIC)
    return Fraction(int(digits + fraction), 10 ** len(fraction))


def _round_up_to_nano(magnitude: Fraction) -> Fraction:
    return Fraction(math.ceil(magnitude * _NANO), _NANO)
