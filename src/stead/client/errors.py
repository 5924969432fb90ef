"""Failure answers from the API server as `stead.api.errors.ApiError` subclasses.

Callers catch one hierarchy: a `Status` body becomes the subclass with its code and reason
(`NotFound`, `Conflict`, `AlreadyExists`, `Expired`, ...); a server that cannot be reached at all
becomes `ApiUnreachable` (a `ServiceUnavailable`), so "retry later" code needs no httpx imports.
"""

from __future__ import annotations

from typing import Any

import orjson

from stead.api import errors

_KNOWN: tuple[type[errors.ApiError], ...] = (
    errors.BadRequest,
    errors.Unauthorized,
    errors.Forbidden,
    errors.NotFound,
    errors.MethodNotAllowed,
    errors.NotAcceptable,
    errors.AlreadyExists,
    errors.Conflict,
    errors.Expired,
    errors.RequestEntityTooLarge,
    errors.UnsupportedMediaType,
    errors.Invalid,
    errors.TooManyRequests,
    errors.InternalError,
    errors.ServiceUnavailable,
    errors.Timeout,
)
_BY_REASON = {(cls.code, cls.reason): cls for cls in _KNOWN} | {(410, "Gone"): errors.Expired}
# A code whose reason we do not know maps to the first class listed with that code.
_BY_CODE = {cls.code: cls for cls in reversed(_KNOWN)}


class ApiUnreachable(errors.ServiceUnavailable):
    """No answer: the connection failed, broke, or timed out before a response arrived."""


def from_status(code: int, status: Any) -> errors.ApiError:
    """The error a `Status` object (or any other body decoded from JSON) stands for."""
    body = status if isinstance(status, dict) else {}
    message = body.get("message")
    reason = body.get("reason")
    details = body.get("details")
    if isinstance(body.get("code"), int):
        code = body["code"]
    text = message if isinstance(message, str) and message else f"the server answered {code}"
    reason = reason if isinstance(reason, str) else ""
    cls = _BY_REASON.get((code, reason)) or _BY_CODE.get(code)
    error = (cls or errors.ApiError)(text, details if isinstance(details, dict) else {})
    if cls is None:
        # An answer no subclass models still keeps the server's code and reason.
        error.code = code
        error.reason = reason or "Unknown"
    return error


def from_response(code: int, body: bytes) -> errors.ApiError:
    """The error an HTTP answer with status `code` and raw `body` stands for."""
    try:
        decoded = orjson.loads(body) if body else None
    except orjson.JSONDecodeError:
        decoded = None
    if isinstance(decoded, dict) and decoded.get("kind") == "Status":
        return from_status(code, decoded)
    snippet = body[:200].decode("utf-8", "replace").strip()
    text = f"the server answered {code}" + (f": {snippet}" if snippet else "")
    return from_status(code, {"message": text})
