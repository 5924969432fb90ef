"""Regressions found by tests/fuzz: input that once made the server answer 500 or hang."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlencode

import orjson
import pytest

from stead.api import errors
from stead.apiserver.app import INSECURE_ADMIN, ApiServer
from stead.apiserver.bodies import MAX_BODY_BYTES
from stead.apiserver.bootstrap import ensure_system_namespaces
from stead.apiserver.http import Request, Response
from stead.store.memory import MemoryStore

Message = MutableMapping[str, Any]
JSON_PATCH = "application/json-patch+json"


class Server:
    """One in-process API server on a memory store, answering requests synchronously."""

    def __init__(self) -> None:
        self.app = ApiServer(MemoryStore(), authenticator=None)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(ensure_system_namespaces(self.app))

    def close(self) -> None:
        self.loop.close()

    def call(self, method: str, path: str, body: Any = None, **options: str) -> Response:
        """The answer to one request; an ApiError becomes its Status answer, as over HTTP."""
        content_type = options.pop("content_type", "application/json")
        query = urlencode(options).encode()
        request = Request.build(
            method=method, path=path, query_string=query, headers={"content-type": content_type}
        )
        request.body = b"" if body is None else orjson.dumps(body)
        request.user = INSECURE_ADMIN
        try:
            return self.loop.run_until_complete(self.app.route(request))
        except errors.ApiError as error:
            return Response(status=error.code, body=orjson.dumps(error.to_status()))


@pytest.fixture
def server() -> Any:
    running = Server()
    yield running
    running.close()


def _message(response: Response) -> str:
    return str(orjson.loads(response.body)["message"])


def test_an_oversized_body_is_answered_413_and_the_connection_closed() -> None:
    chunks = [b"x" * MAX_BODY_BYTES, b"x"]
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/namespaces/default/configmaps",
             "query_string": b"", "headers": [(b"content-type", b"application/json")]}  # fmt: skip
    asyncio.run(ApiServer(MemoryStore(), authenticator=None)(scope, receive, send))
    assert sent[0]["status"] == 413
    # The rest of the body is never read: the client must not send another request on it.
    assert (b"connection", b"close") in sent[0]["headers"]


def test_a_patch_nesting_one_deep_value_in_another_is_refused(server: Server) -> None:
    revisions = "/apis/apps/v1/namespaces/default/controllerrevisions"
    deep: Any = 1
    for _ in range(60):
        deep = {"a": deep}
    created = server.call(
        "POST", revisions, {"metadata": {"name": "r"}, "revision": 1, "data": deep}
    )
    assert created.status == 201
    pointer = "/data" + "/a" * 59
    patched = server.call(
        "PATCH", f"{revisions}/r", [{"op": "add", "path": pointer, "value": deep}],
        content_type=JSON_PATCH,
    )  # fmt: skip
    assert patched.status == 400
    assert _message(patched) == (
        'ControllerRevision in version "v1" cannot be handled as a ControllerRevision: '
        "exceeded max depth of 100"
    )


def test_an_access_review_of_another_kind_is_refused(server: Server) -> None:
    path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
    answer = server.call("POST", path, {"apiVersion": "v1", "kind": "Namespace"})
    assert answer.status == 400
    assert "cannot be handled as a SelfSubjectAccessReview" in _message(answer)


@pytest.mark.parametrize("version", ["\u00b2", "\u0661", "1.0", "-1"])
def test_a_watch_from_a_version_that_is_not_ascii_digits_is_refused(
    server: Server, version: str
) -> None:
    answer = server.call(
        "GET", "/api/v1/namespaces/default/pods", watch="1", resourceVersion=version
    )
    assert answer.status == 400
    assert _message(answer) == f"invalid resource version: {version!r}"


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ({"gracePeriodSeconds": 2**64 - 1}, {}),
        (None, {"gracePeriodSeconds": "9" * 25}),
    ],
)
def test_a_grace_period_past_int64_is_refused(
    server: Server, body: Any, query: dict[str, str]
) -> None:
    pod = {"metadata": {"name": "p"},
           "spec": {"nodeName": "n", "containers": [{"name": "c", "image": "i"}]}}  # fmt: skip
    assert server.call("POST", "/api/v1/namespaces/default/pods", pod).status == 201
    answer = server.call("DELETE", "/api/v1/namespaces/default/pods/p", body, **query)
    assert answer.status == 400
    assert "out of the range of int64" in _message(answer)


def test_a_huge_grace_period_marks_the_pod_for_a_distant_deletion(server: Server) -> None:
    pod = {"metadata": {"name": "p"},
           "spec": {"nodeName": "n", "containers": [{"name": "c", "image": "i"}]}}  # fmt: skip
    assert server.call("POST", "/api/v1/namespaces/default/pods", pod).status == 201
    answer = server.call(
        "DELETE", "/api/v1/namespaces/default/pods/p", {"gracePeriodSeconds": 2**62}
    )
    assert answer.status == 200
    meta = orjson.loads(answer.body)["metadata"]
    assert meta["deletionGracePeriodSeconds"] == 2**62
    assert meta["deletionTimestamp"] > "2100"


@pytest.mark.parametrize("cidr", ["10.0.0.0/\u00b2", "10.0.0.0/\u0661"])
def test_a_cidr_prefix_that_is_not_ascii_digits_is_invalid(server: Server, cidr: str) -> None:
    node = {"metadata": {"name": "n"}, "spec": {"podCIDR": cidr}}
    answer = server.call("POST", "/api/v1/nodes", node)
    assert answer.status == 422
    assert f'Invalid value: "{cidr}": must be a valid CIDR value' in _message(answer)


def test_a_warning_quoting_a_field_is_a_valid_quoted_string(server: Server) -> None:
    config_map = {"metadata": {"name": "c"}, "bogus": 1}
    answer = server.call("POST", "/api/v1/namespaces/default/configmaps", config_map)
    assert answer.status == 201
    assert ("warning", '299 - "unknown field \\"bogus\\""') in answer.headers


@pytest.mark.parametrize(
    "payload",
    [{"rv": -1, "start": ""}, {"rv": 0, "start": "a"}, {"rv": True, "start": "a"},
     {"rv": "5", "start": "a"}, {"rv": 5, "start": 7}, [1], "x"],
)  # fmt: skip
def test_a_continue_token_the_server_did_not_write_is_refused(server: Server, payload: Any) -> None:
    token = base64.urlsafe_b64encode(orjson.dumps(payload)).decode()
    answer = server.call("GET", "/api/v1/namespaces", **{"continue": token})
    assert answer.status == 400
    assert _message(answer) == f"continue key is not valid: {token}"
