"""GET, LIST and WATCH answer exactly what decoding and re-encoding every object would.

The read paths keep each object's encoded JSON by revision and share decoded watch changes
between watchers; these tests hold them to the bytes of the plain decode -> encode path.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
import pytest

from stead.apiserver.app import INSECURE_ADMIN, ApiServer
from stead.apiserver.http import Request, Response
from stead.apiserver.objects import JsonMemo
from stead.store import MemoryStore

PODS = "/api/v1/namespaces/default/pods"
Object = dict[str, Any]
Call = Callable[[str, str, Any], Awaitable[Response]]


def _request(method: str, target: str, body: Any = None) -> Request:
    path, _, query = target.partition("?")
    content_type = "application/merge-patch+json" if method == "PATCH" else "application/json"
    request = Request.build(
        method=method,
        path=path,
        query_string=query.encode(),
        headers={"content-type": content_type, "accept": "application/json"},
    )
    request.body = b"" if body is None else orjson.dumps(body)
    request.user = INSECURE_ADMIN
    return request


def _serve(test: Callable[[Call], Awaitable[None]]) -> None:
    async def body() -> None:
        app = ApiServer(MemoryStore(), authenticator=None)
        namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}
        await app.route(_request("POST", "/api/v1/namespaces", namespace))

        async def call(method: str, target: str, payload: Any = None) -> Response:
            return await app.route(_request(method, target, payload))

        await test(call)

    asyncio.run(body())


def _pod(name: str, **labels: str) -> Object:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": "web", **labels}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }


def test_get_answers_the_current_revision_each_time() -> None:
    async def check(call: Call) -> None:
        created = orjson.loads((await call("POST", PODS, _pod("web-0"))).body)
        first = await call("GET", f"{PODS}/web-0", None)
        assert first.body == orjson.dumps(created)
        assert (await call("GET", f"{PODS}/web-0", None)).body == first.body
        patch = {"metadata": {"labels": {"tier": "front"}}}
        response = await call("PATCH", f"{PODS}/web-0", patch)
        assert response.status == 200, response.body
        again = orjson.loads((await call("GET", f"{PODS}/web-0", None)).body)
        assert again["metadata"]["labels"]["tier"] == "front"
        assert again == orjson.loads(response.body)

    _serve(check)


@pytest.mark.parametrize("limit", [0, 1, 2, 5])
def test_plain_list_pages_match_the_decoding_path(limit: int) -> None:
    """A selector that matches everything takes the decoding path: same bytes, page by page."""

    async def check(call: Call) -> None:
        for index in range(5):
            await call("POST", PODS, _pod(f"web-{index}"))
        await call("GET", f"{PODS}/web-3", None)
        fast_token = slow_token = ""
        while True:
            fast = await call("GET", f"{PODS}?limit={limit}&continue={fast_token}", None)
            slow = await call(
                "GET", f"{PODS}?limit={limit}&continue={slow_token}&labelSelector=app", None
            )
            assert fast.body == slow.body
            listed = orjson.loads(fast.body)
            fast_token = slow_token = listed["metadata"].get("continue", "")
            if not fast_token:
                break

    _serve(check)


def test_each_api_version_gets_its_own_view_of_shared_storage() -> None:
    event = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "e1"},
        "involvedObject": {"kind": "Pod", "name": "web-0", "namespace": "default"},
        "reason": "Started",
        "message": "started",
        "type": "Normal",
    }

    async def check(call: Call) -> None:
        await call("POST", "/api/v1/namespaces/default/events", event)
        for _ in range(2):
            core = orjson.loads(
                (await call("GET", "/api/v1/namespaces/default/events/e1", None)).body
            )
            new = orjson.loads(
                (
                    await call("GET", "/apis/events.k8s.io/v1/namespaces/default/events/e1", None)
                ).body
            )
            assert core["apiVersion"] == "v1"
            assert core["involvedObject"]["name"] == "web-0"
            assert new["apiVersion"] == "events.k8s.io/v1"
            assert new["regarding"]["name"] == "web-0"
            listed = orjson.loads(
                (await call("GET", "/apis/events.k8s.io/v1/namespaces/default/events", None)).body
            )
            assert listed["items"] == [new]

    _serve(check)


def test_list_leaves_the_collector_as_it_found_it() -> None:
    async def check(call: Call) -> None:
        await call("POST", PODS, _pod("web-0"))
        await call("GET", f"{PODS}?labelSelector=app", None)
        assert gc.isenabled()
        gc.disable()
        try:
            await call("GET", f"{PODS}?labelSelector=app", None)
            assert not gc.isenabled()
        finally:
            gc.enable()

    _serve(check)


def test_memo_stays_within_its_budget_and_still_answers() -> None:
    memo = JsonMemo(budget=10)
    made: list[int] = []

    def make(revision: int) -> Callable[[], bytes]:
        def encode() -> bytes:
            made.append(revision)
            return b"x" * 4

        return encode

    for revision in range(1, 6):
        assert memo.get(("v1", "/k", revision), make(revision)) == b"xxxx"
    assert memo.get(("v1", "/k", 5), make(5)) == b"xxxx"
    assert made == [1, 2, 3, 4, 5]
    assert memo.get(("v1", "/k", 1), make(1)) == b"xxxx"
    assert made == [1, 2, 3, 4, 5, 1]


async def _lines(stream: AsyncIterator[bytes], count: int) -> list[bytes]:
    lines: list[bytes] = []
    while len(lines) < count:
        chunk = await anext(stream)
        lines.extend(line for line in chunk.split(b"\n") if line)
    return lines


def test_watchers_get_identical_events_in_revision_order() -> None:
    async def check(call: Call) -> None:
        start = orjson.loads((await call("GET", PODS, None)).body)["metadata"]["resourceVersion"]
        target = f"{PODS}?watch=1&resourceVersion={start}"
        streams = [(await call("GET", target, None)).stream for _ in range(3)]
        for index in range(4):
            await call("POST", PODS, _pod(f"web-{index}"))
        await call("DELETE", f"{PODS}/web-1", None)
        received = []
        for stream in streams:
            assert stream is not None
            received.append(await asyncio.wait_for(_lines(stream, 5), timeout=5))
            await stream.aclose()  # type: ignore[attr-defined]
        assert received[0] == received[1] == received[2]
        events = [orjson.loads(line) for line in received[0]]
        assert [e["type"] for e in events] == ["ADDED"] * 4 + ["DELETED"]
        names = [e["object"]["metadata"]["name"] for e in events]
        assert names == ["web-0", "web-1", "web-2", "web-3", "web-1"]
        versions = [int(e["object"]["metadata"]["resourceVersion"]) for e in events]
        assert versions == sorted(versions)

    _serve(check)
