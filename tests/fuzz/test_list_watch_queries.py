"""List and watch requests with random selectors, paging and resource versions."""

from __future__ import annotations

import httpx
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api.kinds import RESOURCES, ResourceType
from tests.fuzz import queries, seeds
from tests.fuzz.harness import Api, Request, check_answer, fuzz

pytestmark = pytest.mark.e2e

_WATCH_EVENTS = ("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR")
_IDLE = 0.05
"""Seconds a watch may stay silent before the test takes it as healthy and hangs up."""
_ACCEPT = ["application/json", "application/json;as=Table;v=v1;g=meta.k8s.io", "*/*",
           "application/vnd.kubernetes.protobuf", "text/html", ""]  # fmt: skip


def _url(data: st.DataObject, resource: ResourceType, namespace: str) -> str:
    """The namespace's collection, every namespace's, or one object."""
    shape = data.draw(st.sampled_from(["namespace", "all", "object"]), label="url")
    if shape == "all" or not resource.namespaced:
        url = seeds.collection_url(resource, "")
    else:
        url = seeds.collection_url(resource, namespace)
    if shape == "object":
        url = f"{url}/{seeds.seed_name(resource, namespace)}"
    return url


@fuzz(150)
@given(data=st.data())
def test_random_list_queries_are_answered(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(RESOURCES), label="resource")
    params = data.draw(queries.list_params(), label="params")
    accept = data.draw(st.sampled_from(_ACCEPT), label="accept")
    request = Request("GET", _url(data, resource, namespace), params=tuple(params))
    if accept:
        api.client.headers["accept"] = accept
    try:
        response = api.send(request)
    finally:
        api.client.headers.pop("accept", None)
    if response.status_code == 200 and "Table" not in accept:
        assert isinstance(response.json(), dict)


@fuzz(60)
@given(data=st.data())
def test_random_watches_answer_or_stream(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(seeds.STORED), label="resource")
    params = [("watch", data.draw(st.sampled_from(["true", "1"]), label="watch"))]
    params += data.draw(queries.list_params(), label="params")
    request = Request("GET", _url(data, resource, namespace), params=tuple(params))
    timeout = httpx.Timeout(10, read=_IDLE)
    try:
        with api.client.stream(
            "GET", request.url, params=request.params, timeout=timeout
        ) as response:
            if response.status_code != 200:
                response.read()
                check_answer(response, request)
                return
            _read_events(response, request)
    except httpx.RemoteProtocolError as broken:
        raise AssertionError(f"the watch stream broke: {broken!r}\n{request.describe()}") from None


def _read_events(response: httpx.Response, request: Request) -> None:
    """Events until the stream goes quiet; a stream that ends must end with an ERROR event."""
    last, pending = "", b""
    try:
        # Split on newlines only: iter_lines would also split inside strings holding U+2028.
        for chunk in response.iter_bytes():
            *lines, pending = (pending + chunk).split(b"\n")
            for line in filter(None, lines):
                last = _check_event(line, request)
    except httpx.ReadTimeout:
        return
    assert not pending, f"the watch ended inside an event: {pending[:200]!r}\n{request.describe()}"
    assert last == "ERROR", f"the watch ended without an ERROR event\n{request.describe()}"


def _check_event(line: bytes, request: Request) -> str:
    event = orjson.loads(line)
    assert event["type"] in _WATCH_EVENTS, f"{line!r}\n{request.describe()}"
    assert isinstance(event["object"], dict), f"{line!r}\n{request.describe()}"
    return str(event["type"])
