"""The fuzz tests' view of a running server: every answer checked, every rejected write proven
to have written nothing.

`Api.send` fails the test on a 5xx (or a dropped connection) and on a 4xx whose body is not a
proper `Status`; `Api.write` additionally reads the store revision (a list's
metadata.resourceVersion, which is the store's newest revision) before and after, and fails when
a rejected write moved it. That holds while no controller writes on its own: the tests never
give an object an owner reference (the garbage collector would delete a dependent whose owner
is missing), and tests whose accepted writes do wake it (deletes) compare the object instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from hypothesis import HealthCheck, settings

JSON = "application/json"
PROTOBUF = "application/vnd.kubernetes.protobuf"
JSON_PATCH = "application/json-patch+json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH)

_SCALE = int(os.environ.get("STEAD_FUZZ_SCALE", "1"))
"""Set above 1 to explore: that many times the examples, drawn at random instead of fixed."""


def fuzz(max_examples: int) -> settings:
    """Bounded and, by default, reproducible settings: every run draws the same examples (CI
    must be deterministic)."""
    return settings(
        max_examples=max_examples * _SCALE,
        deadline=None,
        derandomize=_SCALE == 1,
        database=None,
        print_blob=_SCALE > 1,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


TOO_LARGE_RESOURCE_VERSION = "Too large resource version"
"""Upstream answers a read pinned to a revision the store has not reached with 504 Timeout:
clients (reflectors) retry on it, so it is the one 5xx that is part of the protocol."""


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: bytes = b""
    content_type: str = JSON
    params: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.params)
        shown = self.body[:300]
        more = f"... ({len(self.body)} bytes)" if len(self.body) > 300 else ""
        return f"{self.method} {self.url}?{query} [{self.content_type}] {shown!r}{more}"


class Api:
    """A plain-HTTP client of one `stead up --insecure-http`."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, request: Request) -> httpx.Response:
        """Send `request`; fail unless the answer is a 2xx/3xx or a 4xx `Status`."""
        headers = {"content-type": request.content_type} if request.body else {}
        try:
            response = self.client.request(
                request.method,
                request.url,
                content=request.body or None,
                headers=headers,
                params=list(request.params),
            )
        except httpx.TransportError as failure:
            raise AssertionError(f"connection failed: {failure!r}\n{request.describe()}") from None
        check_answer(response, request)
        return response

    def write(self, request: Request) -> httpx.Response:
        """Send a write; if it is rejected, the store must be exactly as it was."""
        before = self.revision()
        response = self.send(request)
        if response.status_code >= 400:
            after = self.revision()
            assert after == before, (
                f"rejected write moved the store from revision {before} to {after}: "
                f"{response.status_code} {response.text[:300]}\n{request.describe()}"
            )
        return response

    def revision(self) -> str:
        """The store's newest revision: any list's metadata.resourceVersion."""
        response = self.client.get("/api/v1/namespaces", params={"limit": "1"})
        assert response.status_code == 200, response.text
        return str(response.json()["metadata"]["resourceVersion"])

    def get(self, url: str) -> dict[str, Any]:
        response = self.client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code} {response.text}"
        found: dict[str, Any] = response.json()
        return found

    def create(self, url: str, obj: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(url, content=orjson.dumps(obj), headers={"content-type": JSON})
        assert response.status_code == 201, f"POST {url}: {response.status_code} {response.text}"
        created: dict[str, Any] = response.json()
        return created

    def healthy(self) -> bool:
        try:
            return self.client.get("/healthz").text == "ok"
        except httpx.TransportError:
            return False


def check_answer(response: httpx.Response, request: Request) -> None:
    """Never a server error; a client error is a `Status` whose code is the HTTP code."""
    code = response.status_code
    where = f"\n{request.describe()}\n-> {code} {response.text[:500]}"
    assert code < 500 or _protocol_timeout(response), f"server error{where}"
    if code < 400:
        return
    try:
        status = response.json()
    except ValueError:
        raise AssertionError(f"error answer is not JSON{where}") from None
    assert isinstance(status, dict), f"error answer is not an object{where}"
    assert status.get("kind") == "Status", f"error answer is not a Status{where}"
    assert status.get("apiVersion") == "v1", f"Status without apiVersion v1{where}"
    assert status.get("status") == "Failure", f"error Status is not a Failure{where}"
    assert status.get("code") == code, f"Status code differs from the HTTP code{where}"
    assert isinstance(status.get("reason"), str), f"Status without a reason{where}"
    assert status["reason"], f"Status with an empty reason{where}"
    assert isinstance(status.get("message"), str), f"Status without a message{where}"
    assert status["message"], f"Status with an empty message{where}"


def _protocol_timeout(response: httpx.Response) -> bool:
    if response.status_code != 504:
        return False
    status = response.json()
    return status.get("reason") == "Timeout" and str(status.get("message", "")).startswith(
        TOO_LARGE_RESOURCE_VERSION
    )


def dumps(value: Any) -> bytes:
    """JSON text of `value`; integers past 64 bits (which orjson refuses) are written too."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value).encode()
