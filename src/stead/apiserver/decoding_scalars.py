"""Checks of the scalar types whose JSON form is a string with rules: timestamps, quantities,
and base64 bytes. Each answers None when the text is fine, else the message upstream's decoder
gives (Go's `time.Parse`, `resource.ParseQuantity`, `encoding/base64`).
"""

from __future__ import annotations

import base64
import binascii
import calendar
import re
from decimal import ROUND_UP, Context, Decimal

from stead.api.errors import go_quote

RFC3339 = "2006-01-02T15:04:05Z07:00"
RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00"
"""Layouts of `metav1.Time` and `metav1.MicroTime`: MicroTime wants exactly six digits."""

QUANTITY_FORMAT = (
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
)
QUANTITY_NUMERIC = "unable to parse numeric part of quantity"
QUANTITY_SUFFIX = "unable to parse quantity's suffix"

_QUANTITY = re.compile(r"([+-]?[0-9]*(?:\.[0-9]*)?)([eEinumkKMGTP]*[-+]?[0-9]*)")
_SUFFIXES = frozenset(
    ("", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
)
_EXPONENT = re.compile(r"[eE][-+]?[0-9]+")
_DECIMAL_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P",
                   18: "E"}  # fmt: skip
_NANO = Decimal("1e-9")
_WIDE = Context(prec=1000)
"""Room for every digit of a float (up to 1e308) down to nano-units."""
_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


class _Bad(Exception):
    """The value does not fit the layout element being parsed (Go's `errBad`)."""


class _Mismatch(Exception):
    """Parsing stopped: args are the layout element and the value text left at that point."""


class _OutOfRange(Exception):
    """A layout element parsed but out of range; its argument names the element."""


_DATE_TIME = (("", "2006"), ("-", "01"), ("-", "02"), ("T", "15"), (":", "04"), (":", "05"))
_LIMITS = {"01": (1, 12, "month"), "02": (0, 31, "day"), "15": (0, 23, "hour"),
           "04": (0, 59, "minute"), "05": (0, 59, "second")}  # fmt: skip


def _number(text: str, *, width: int) -> tuple[int, str]:
    """Leading digits of `text`: exactly `width` of them, or one or two when `width` is 0."""
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits == 0 or digits < width:
        raise _Bad
    used = width or min(digits, 2)
    return int(text[:used]), text[used:]


def _element(text: str, element: str) -> tuple[int, str]:
    """Parse one numeric element of the date and time off the front of `text`."""
    if element == "2006":
        if len(text) < 4 or not text[:4].isdigit() or not text[:4].isascii():
            raise _Bad
        return int(text[:4]), text[4:]
    value, rest = _number(text, width=0 if element == "15" else 2)
    low, high, name = _LIMITS[element]
    if not low <= value <= high:
        raise _OutOfRange(name)
    return value, rest


def _date_time(text: str) -> tuple[dict[str, int], str]:
    fields, rest = {}, text
    for literal, element in _DATE_TIME:
        if not rest.startswith(literal):
            raise _Mismatch(literal, rest)
        rest = rest[len(literal) :]
        try:
            fields[element], rest = _element(rest, element)
        except _Bad:
            raise _Mismatch(element, rest) from None
    return fields, rest


def _fraction(text: str, *, exact: int) -> str:
    """Fractional seconds: exactly `exact` digits after a point, or any number (or none) if 0."""
    if exact:
        if len(text) < exact + 1 or text[0] not in ".," or not text[1 : exact + 1].isdigit():
            raise _Mismatch("." + "0" * exact, text)
        return text[exact + 1 :]
    if len(text) >= 2 and text[0] in ".," and text[1].isdigit():
        return text[1:].lstrip("0123456789")
    return text


def _zone(text: str) -> str:
    if text.startswith("Z"):
        return text[1:]
    try:
        if len(text) < 6 or text[3] != ":" or text[0] not in "+-":
            raise _Bad
        hours, minutes = _number(text[1:3], width=2)[0], _number(text[4:6], width=2)[0]
    except _Bad:
        raise _Mismatch("Z07:00", text) from None
    if hours > 24:
        raise _OutOfRange("time zone offset hour")
    if minutes > 60:
        raise _OutOfRange("time zone offset minute")
    return text[6:]


_DATE_TIME_SHAPE = r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)"
_ZONE_SHAPE = r"(?:Z|[+-](\d\d):(\d\d))"
_COMMON_SHAPES = {
    RFC3339: re.compile(_DATE_TIME_SHAPE + r"(?:[.,]\d+)?" + _ZONE_SHAPE, re.ASCII),
    RFC3339_MICRO: re.compile(_DATE_TIME_SHAPE + r"[.,]\d{6}" + _ZONE_SHAPE, re.ASCII),
}
"""The usual spelling of each layout: text of this shape with fields in range is fine."""


def _plainly_valid(text: str, layout: str) -> bool:
    match = _COMMON_SHAPES[layout].fullmatch(text)
    if match is None:
        return False
    year, month, day, hour, minute, second = map(int, match.groups()[:6])
    zone_hours, zone_minutes = (int(part or 0) for part in match.groups()[6:])
    if not (1 <= month <= 12 and hour < 24 and minute < 60 and second < 60):
        return False
    in_month = 1 <= day <= calendar.monthrange(year, month)[1]
    return in_month and zone_hours <= 24 and zone_minutes <= 60


def time_error(text: str, layout: str) -> str | None:
    """Go's `time.Parse(layout, text)` error for the two RFC 3339 layouts above, or None."""
    if _plainly_valid(text, layout):
        return None
    head = f"parsing time {go_quote(text)}"
    try:
        fields, rest = _date_time(text)
        rest = _zone(_fraction(rest, exact=6 if layout == RFC3339_MICRO else 0))
    except _Mismatch as failure:
        element, rest = failure.args
        return f"{head} as {go_quote(layout)}: cannot parse {go_quote(rest)} as {go_quote(element)}"
    except _OutOfRange as failure:
        return f"{head}: {failure.args[0]} out of range"
    if rest:
        return f"{head}: extra text: {go_quote(rest)}"
    if fields["02"] < 1 or fields["02"] > calendar.monthrange(fields["2006"], fields["01"])[1]:
        return f"{head}: day out of range"
    return None


def quantity_error(text: str) -> str | None:
    """`resource.ParseQuantity`'s error for `text` (surrounding blanks ignored), or None."""
    match = _QUANTITY.fullmatch(text.strip())
    if not text.strip() or match is None:
        return QUANTITY_FORMAT
    number, suffix = match.groups()
    if not any(c.isdigit() for c in number):
        return QUANTITY_NUMERIC
    if suffix not in _SUFFIXES and not _EXPONENT.fullmatch(suffix):
        return QUANTITY_SUFFIX
    return None


def number_quantity(value: int | float) -> str:
    """The canonical string upstream writes back for a quantity sent as a JSON number.

    Precision beyond nano-units is rounded up; trailing zeros become an SI suffix whose
    exponent is a multiple of three (1000 is "1k", 1.5 is "1500m").
    """
    amount = Decimal(repr(value))
    if int(amount.as_tuple().exponent) < -9:
        amount = amount.quantize(_NANO, rounding=ROUND_UP, context=_WIDE)
    sign, digits, exponent = amount.as_tuple()
    mantissa, exponent = int("".join(map(str, digits))), int(exponent)
    if mantissa == 0:
        return "0"
    while mantissa % 10 == 0:
        mantissa, exponent = mantissa // 10, exponent + 1
    shift = exponent % 3
    mantissa, exponent = mantissa * 10**shift, exponent - shift
    suffix = _DECIMAL_SUFFIX.get(exponent, f"e{exponent}")
    return f"{'-' if sign else ''}{mantissa}{suffix}"


def base64_error(text: str) -> str | None:
    """Go's standard base64 decoding error for `text` (line breaks are skipped), or None."""
    compact = text.replace("\r", "").replace("\n", "")
    try:
        base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        bad = next((i for i, c in enumerate(compact) if c not in _BASE64 and c != "="), None)
        if bad is None:
            bad = compact.find("=") if "=" in compact else len(compact) - len(compact) % 4
        return f"illegal base64 data at input byte {bad}"
    return None
