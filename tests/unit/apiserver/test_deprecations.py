"""Deprecated resources: the warning text, and that every answer for one carries it."""

from __future__ import annotations

import asyncio

from stead.api import kinds
from stead.apiserver import deprecations
from stead.apiserver.app import INSECURE_ADMIN, ApiServer
from stead.apiserver.http import Request, Response
from stead.store.memory import MemoryStore

ENDPOINTS_WARNING = (
    '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"'
)


def test_only_core_endpoints_is_deprecated() -> None:
    endpoints = kinds.lookup("", "v1", "endpoints")
    assert endpoints is not None
    assert deprecations.warning(endpoints) == (
        "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"
    )
    others = [r for r in kinds.RESOURCES if r is not endpoints]
    assert [r.plural for r in others if deprecations.warning(r) is not None] == []


def _answer(method: str, path: str) -> Response:
    request = Request.build(method=method, path=path, query_string=b"", headers={})
    request.user = INSECURE_ADMIN
    return asyncio.run(ApiServer(MemoryStore(), authenticator=None).route(request))


def test_every_endpoints_answer_warns_even_an_error() -> None:
    missing = _answer("GET", "/api/v1/namespaces/default/endpoints/nope")
    assert missing.status == 404
    assert ("warning", ENDPOINTS_WARNING) in missing.headers
    listed = _answer("GET", "/api/v1/namespaces/default/endpoints")
    assert listed.status == 200
    assert ("warning", ENDPOINTS_WARNING) in listed.headers


def test_other_resources_do_not_warn() -> None:
    listed = _answer("GET", "/api/v1/namespaces/default/configmaps")
    assert listed.status == 200
    assert [name for name, _ in listed.headers if name == "warning"] == []
