from __future__ import annotations

import pytest

from stead.api import errors
from stead.client.errors import from_response, from_status


@pytest.mark.parametrize(
    "error",
    [
        errors.object_not_found("apps", "statefulsets", "web"),
        errors.object_already_exists("", "pods", "web-0"),
        errors.object_conflict("", "pods", "web-0", errors.STALE_OBJECT),
        errors.too_old_resource_version(5, 10),
        errors.object_invalid("apps", "StatefulSet", "web", [errors.required("spec", "")]),
        errors.MethodNotAllowed("no"),
    ],
)
def test_a_status_becomes_the_error_it_came_from(error: errors.ApiError) -> None:
    status = error.to_status()
    parsed = from_status(status["code"], status)
    assert type(parsed) is type(error)
    assert (parsed.message, parsed.details) == (error.message, error.details)


def test_gone_is_expired_too() -> None:
    assert isinstance(from_status(410, {"reason": "Gone", "code": 410}), errors.Expired)


def test_an_unmodelled_code_keeps_code_and_reason() -> None:
    parsed = from_status(418, {"kind": "Status", "code": 418, "reason": "Teapot", "message": "m"})
    assert (parsed.code, parsed.reason, parsed.message) == (418, "Teapot", "m")


def test_a_body_that_is_not_a_status() -> None:
    parsed = from_response(502, b"<html>bad gateway</html>")
    assert parsed.code == 502
    assert "bad gateway" in parsed.message
    assert from_response(404, b"").message == "the server answered 404"
