"""Bodies that are not objects at all, sent to every write endpoint of every resource."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import garbage, seeds
from tests.fuzz.garbage import Body
from tests.fuzz.harness import JSON, JSON_PATCH, PATCH_TYPES, Api, Request, fuzz

pytestmark = pytest.mark.e2e


def _request(target: seeds.Target, body: Body, patch_type: str) -> Request:
    """PATCH endpoints get JSON-family garbage under a patch content type, to reach the patch
    decoders rather than stopping at 415."""
    content_type = body.content_type
    if target.method == "PATCH" and content_type == JSON:
        content_type = patch_type
    params = (("fieldManager", "fuzz"),) if target.method == "PATCH" else ()
    return Request(target.method, target.url, body.raw, content_type, params)


def _refused_bodies(target: seeds.Target) -> st.SearchStrategy[Body]:
    seed = seeds.valid_object(target.resource, name="truncated", namespace="fuzz")
    return st.one_of(
        garbage.invalid_json(),
        garbage.truncated(seed),
        garbage.not_an_object(),
        garbage.deeply_nested(),
        garbage.protobuf_garbage(),
    )


def _check_refused(api: Api, data: st.DataObject, namespace: str) -> None:
    target = data.draw(st.sampled_from(seeds.write_targets(namespace)), label="target")
    body = data.draw(_refused_bodies(target), label="body")
    patch_type = data.draw(st.sampled_from(PATCH_TYPES), label="patch type")
    request = _request(target, body, patch_type)
    response = api.write(request)
    # An empty list is a valid JSON patch (of no operations).
    if request.content_type != JSON_PATCH or not body.raw.startswith(b"["):
        assert 400 <= response.status_code < 500, response.text


@fuzz(100)
@given(data=st.data())
def test_malformed_bodies_are_refused(api: Api, namespace: str, data: st.DataObject) -> None:
    _check_refused(api, data, namespace)


@fuzz(100)
@given(data=st.data())
def test_bodies_over_the_limit_are_refused(api: Api, namespace: str, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(seeds.write_targets(namespace)), label="target")
    body = data.draw(garbage.oversized(), label="body")
    response = api.write(_request(target, body, PATCH_TYPES[1]))
    assert response.status_code == 413, response.text


@fuzz(100)
@given(data=st.data())
def test_odd_bodies_never_break_the_server(api: Api, namespace: str, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(seeds.write_targets(namespace)), label="target")
    body = data.draw(
        st.one_of(
            garbage.yaml_bodies(),
            garbage.huge_strings(),
            garbage.nested_within_limits(),
            garbage.protobuf_envelopes(),
            st.just(garbage.alias_bomb()),
        ),
        label="body",
    )
    patch_type = data.draw(st.sampled_from(PATCH_TYPES), label="patch type")
    api.write(_request(target, body, patch_type))
