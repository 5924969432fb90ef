"""Every error a user can cause, as a Kubernetes `Status`.

Each `ApiError` subclass carries its HTTP code and Kubernetes `reason`. Field-level problems are
`FieldError`s; an `Invalid` error renders them exactly as upstream does, so kubectl prints
`The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or
equal to 0` for our server as for a real one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson


class FieldErrorType(enum.Enum):
    """Upstream `field.ErrorType`: the cause reason and the text printed in messages."""

    NOT_FOUND = ("FieldValueNotFound", "Not found")
    REQUIRED = ("FieldValueRequired", "Required value")
    DUPLICATE = ("FieldValueDuplicate", "Duplicate value")
    INVALID = ("FieldValueInvalid", "Invalid value")
    NOT_SUPPORTED = ("FieldValueNotSupported", "Unsupported value")
    FORBIDDEN = ("FieldValueForbidden", "Forbidden")
    TOO_LONG = ("FieldValueTooLong", "Too long")
    TOO_MANY = ("FieldValueTooMany", "Too many")
    INTERNAL = ("InternalError", "Internal error")
    TYPE_INVALID = ("FieldValueTypeInvalid", "Invalid value")

    @property
    def reason(self) -> str:
        return self.value[0]

    @property
    def text(self) -> str:
        return self.value[1]


class _Omitted:
    def __repr__(self) -> str:
        return "OMITTED"


OMITTED: Any = _Omitted()
"""Marker for a `FieldError` that carries no value (upstream prints none for these types)."""

_VALUELESS = {
    FieldErrorType.REQUIRED,
    FieldErrorType.FORBIDDEN,
    FieldErrorType.TOO_LONG,
    FieldErrorType.INTERNAL,
}


def go_quote(text: str) -> str:
    """Quote a string the way Go's `%q` does for the printable text users send us."""
    return orjson.dumps(text).decode().replace("\\u007f", "\\x7f")


def render_value(value: object) -> str:
    """A bad value as upstream's field errors print it: scalars plain, strings quoted, else JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if value is None:
        return "null"
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


@dataclass(frozen=True)
class FieldError:
    """One problem with one field, e.g. `spec.replicas: Invalid value: -1: must be >= 0`."""

    type: FieldErrorType
    field: str
    value: Any = OMITTED
    detail: str = ""

    def render(self) -> str:
        parts = [f"{self.field}: {self.type.text}"]
        if self.value is not OMITTED and self.type not in _VALUELESS:
            parts.append(render_value(self.value))
        if self.detail:
            parts.append(self.detail)
        return ": ".join(parts)

    def message(self) -> str:
        """The cause message: the rendered error without the leading field path."""
        return self.render().removeprefix(f"{self.field}: ")


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(FieldErrorType.REQUIRED, path, detail=detail)


def invalid(path: str, value: object, detail: str) -> FieldError:
    return FieldError(FieldErrorType.INVALID, path, value, detail)


def not_supported(path: str, value: object, supported: Sequence[str]) -> FieldError:
    detail = "supported values: " + ", ".join(go_quote(s) for s in supported)
    return FieldError(FieldErrorType.NOT_SUPPORTED, path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(FieldErrorType.FORBIDDEN, path, detail=detail)


def duplicate(path: str, value: object) -> FieldError:
    return FieldError(FieldErrorType.DUPLICATE, path, value)


def too_long(path: str, max_length: int) -> FieldError:
    detail = f"may not be more than {max_length} bytes"
    return FieldError(FieldErrorType.TOO_LONG, path, detail=detail)


def not_found(path: str, value: object) -> FieldError:
    return FieldError(FieldErrorType.NOT_FOUND, path, value)


@dataclass
class ApiError(Exception):
    """An error answered to the client as a `Status` object with this code and reason."""

    message: str
    details: dict[str, Any] = field(default_factory=dict)

    code = 500
    reason = "InternalError"

    def __str__(self) -> str:
        return self.message

    def to_status(self) -> dict[str, Any]:
        status: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details:
            status["details"] = self.details
        return status


class BadRequest(ApiError):
    code = 400
    reason = "BadRequest"


class Unauthorized(ApiError):
    code = 401
    reason = "Unauthorized"


class Forbidden(ApiError):
    code = 403
    reason = "Forbidden"


class NotFound(ApiError):
    code = 404
    reason = "NotFound"


class MethodNotAllowed(ApiError):
    code = 405
    reason = "MethodNotAllowed"


class NotAcceptable(ApiError):
    code = 406
    reason = "NotAcceptable"


class AlreadyExists(ApiError):
    code = 409
    reason = "AlreadyExists"


class Conflict(ApiError):
    code = 409
    reason = "Conflict"


class Expired(ApiError):
    """410: a resource version or continue token older than the retained history."""

    code = 410
    reason = "Expired"


class RequestEntityTooLarge(ApiError):
    code = 413
    reason = "RequestEntityTooLarge"


class UnsupportedMediaType(ApiError):
    code = 415
    reason = "UnsupportedMediaType"


class Invalid(ApiError):
    code = 422
    reason = "Invalid"


class TooManyRequests(ApiError):
    code = 429
    reason = "TooManyRequests"


class InternalError(ApiError):
    code = 500
    reason = "InternalError"


class ServiceUnavailable(ApiError):
    code = 503
    reason = "ServiceUnavailable"


class Timeout(ApiError):
    code = 504
    reason = "Timeout"


def _details(group: str, resource: str, name: str) -> dict[str, Any]:
    details: dict[str, Any] = {"name": name, "kind": resource}
    if group:
        details["group"] = group
    return details


def qualified(group: str, resource: str) -> str:
    """`statefulsets.apps` for a named group, plain `pods` for the core group."""
    return f"{resource}.{group}" if group else resource


def object_not_found(group: str, resource: str, name: str) -> NotFound:
    message = f'{qualified(group, resource)} "{name}" not found'
    return NotFound(message, _details(group, resource, name))


def object_already_exists(group: str, resource: str, name: str) -> AlreadyExists:
    message = f'{qualified(group, resource)} "{name}" already exists'
    return AlreadyExists(message, _details(group, resource, name))


def object_conflict(group: str, resource: str, name: str, why: str) -> Conflict:
    message = f'Operation cannot be fulfilled on {qualified(group, resource)} "{name}": {why}'
    return Conflict(message, _details(group, resource, name))


STALE_OBJECT = (
    "the object has been modified; please apply your changes to the latest version and try again"
)


def object_invalid(group: str, kind: str, name: str, errors: Iterable[FieldError]) -> Invalid:
    """422 with upstream's message: one error as is, several as `[e1, e2]` without repeats."""
    unique: list[FieldError] = []
    rendered: list[str] = []
    for error in errors:
        text = error.render()
        if text not in rendered:
            rendered.append(text)
            unique.append(error)
    body = rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"
    message = f'{qualified(group, kind)} "{name}" is invalid: {body}'
    causes = [{"reason": e.type.reason, "message": e.message(), "field": e.field} for e in unique]
    details: dict[str, Any] = {"name": name, "kind": kind, "causes": causes}
    if group:
        details["group"] = group
    return Invalid(message, details)


def too_old_resource_version(requested: int, oldest: int) -> Expired:
    return Expired(f"too old resource version: {requested} ({oldest})")
