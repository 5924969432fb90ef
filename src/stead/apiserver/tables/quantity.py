"""Resource quantities in upstream's canonical form (`resource.Quantity.String()`).

The PV and PVC printers show capacities as the API server re-serialises them: `1.5Gi` becomes
`1536Mi`, `1000M` becomes `1G`, `0.5Ki` becomes `512`. A quantity keeps the family of its
suffix (binary `Ki`..`Ei`, decimal `n`..`E`, or an `e<exp>` exponent); binary values below 1024
or not whole numbers fall back to decimal suffixes, exactly as upstream does.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Literal

Family = Literal["binary", "decimal", "exponent"]

_NUMBER = re.compile(r"([+-]?)(\d+\.?\d*|\.\d+)(.*)", re.DOTALL)
_EXPONENT = re.compile(r"[eE]([+-]?\d+)")
_DECIMAL_SUFFIXES = {
    "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
}  # fmt: skip
_BINARY_SUFFIXES = ("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
_SUFFIX_OF_EXPONENT = {exponent: suffix for suffix, exponent in _DECIMAL_SUFFIXES.items()}
_NANO = 10**9


def canonical(value: object) -> str:
    """The canonical text of a quantity; `0` when unset, the input itself when unreadable."""
    if value is None or isinstance(value, bool):
        return "0"
    raw = str(value) if isinstance(value, int | float) else value
    if not isinstance(raw, str):
        return "0"
    parsed = parse(raw.strip())
    if parsed is None:
        return raw
    amount, family = parsed
    if amount == 0:
        return "0"
    if family == "binary" and abs(amount) >= 1024 and amount.denominator == 1:
        return _binary(amount.numerator)
    return _decimal(amount, "exponent" if family == "exponent" else "decimal")


def parse(text: str) -> tuple[Fraction, Family] | None:
    """The exact value of a quantity (rounded up to nano units, as upstream) and its family."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, digits, suffix = match.groups()
    scale = _suffix_scale(suffix)
    if scale is None:
        return None
    base, exponent, family = scale
    amount = Fraction(digits) * Fraction(base) ** exponent
    return _round_up_to_nano(-amount if sign == "-" else amount), family


def _suffix_scale(suffix: str) -> tuple[int, int, Family] | None:
    if suffix in _DECIMAL_SUFFIXES:
        return 10, _DECIMAL_SUFFIXES[suffix], "decimal"
    if suffix in _BINARY_SUFFIXES[1:]:
        return 2, 10 * _BINARY_SUFFIXES.index(suffix), "binary"
    match = _EXPONENT.fullmatch(suffix)
    if match is None:
        return None
    return 10, int(match.group(1)), "exponent"


def _round_up_to_nano(amount: Fraction) -> Fraction:
    nanos = abs(amount) * _NANO
    if nanos.denominator == 1:
        return amount
    # Upstream rounds away from zero when a value is finer than 1n.
    rounded = Fraction(math.ceil(nanos), _NANO)
    return rounded if amount > 0 else -rounded


def _binary(whole: int) -> str:
    power = 0
    while whole % 1024 == 0 and power < len(_BINARY_SUFFIXES) - 1:
        whole //= 1024
        power += 1
    return f"{whole}{_BINARY_SUFFIXES[power]}"


def _decimal(amount: Fraction, family: Family) -> str:
    mantissa, exponent = (amount * _NANO).numerator, -9
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    # Suffixes step by powers of 1000, so the exponent drops to a multiple of 3.
    step = exponent % 3
    mantissa, exponent = mantissa * 10**step, exponent - step
    if family == "exponent":
        return f"{mantissa}e{exponent}" if exponent else str(mantissa)
    if exponent > 18:
        mantissa, exponent = mantissa * 10 ** (exponent - 18), 18
    return f"{mantissa}{_SUFFIX_OF_EXPONENT[exponent]}"
