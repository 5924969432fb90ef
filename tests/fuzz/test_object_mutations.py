"""Objects with one thing wrong, and objects drawn from the upstream schema, created and
updated through every resource's endpoints under each fieldValidation mode."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.api.kinds import RESOURCES, ResourceType
from tests.fuzz import mutations, seeds
from tests.fuzz.harness import Api, Request, dumps, fuzz

pytestmark = pytest.mark.e2e

_VALIDATION = ["Strict", "Warn", "Ignore", "", "strict", "Bogus"]
_PATH_SEGMENT_ERRORS = ["", ".", "..", "a/b", "a%b"]
"""Names no kind accepts: they cannot be one segment of a URL path."""
_NOT_DNS_SUBDOMAINS = ["UPPER", "a" * 254, "a_b", "a b", "-a", "\u00e9", "a\x00b"]
"""Names every kind but the core Event (checked as path segments only, as upstream) refuses."""
_DNS_LABEL_KINDS = ("Namespace", "Service")
_NOT_DNS_LABELS = ["a.b", "a" * 64]


def _params(data: st.DataObject) -> tuple[tuple[str, str], ...]:
    validation = data.draw(st.sampled_from(_VALIDATION), label="fieldValidation")
    params = [("fieldValidation", validation)] if validation else []
    if data.draw(st.booleans(), label="dry run"):
        params.append(("dryRun", "All"))
    return tuple(params)


def _write(data: st.DataObject, namespace: str, obj: seeds.Object, resource: ResourceType
           ) -> Request:  # fmt: skip
    """A create (a fresh name) or, for stored kinds, a replace of the seed."""
    params = _params(data)
    if resource.stored and data.draw(st.booleans(), label="update"):
        name = seeds.seed_name(resource, namespace)
        url = seeds.object_url(resource, name=name, namespace=namespace)
        return Request("PUT", url, dumps(obj), params=params)
    return Request("POST", seeds.collection_url(resource, namespace), dumps(obj), params=params)


@fuzz(100)
@given(data=st.data())
def test_mutated_objects_never_break_the_server(
    api: Api, namespace: str, data: st.DataObject
) -> None:
    resource = data.draw(st.sampled_from(RESOURCES), label="resource")
    name = data.draw(st.sampled_from(["m-1", "m-2", "m-3"]), label="name")
    seed = seeds.valid_object(resource, name=name, namespace=namespace)
    obj = mutations.mutated(data, seed, resource)
    api.write(_write(data, namespace, obj, resource))


@fuzz(100)
@given(data=st.data())
def test_schema_drawn_objects_never_break_the_server(
    api: Api, namespace: str, data: st.DataObject
) -> None:
    resource = data.draw(st.sampled_from(RESOURCES), label="resource")
    root = mutations.root_schema(resource)
    assert root is not None
    obj = mutations.draw_object(data, root, 0)
    meta = mutations.metadata(obj)
    meta.setdefault("name", data.draw(st.sampled_from(["s-1", "s-2"]), label="name"))
    obj.update(apiVersion=resource.api_version, kind=resource.kind)
    api.write(_write(data, namespace, obj, resource))


@fuzz(100)
@given(data=st.data())
def test_another_kind_is_refused(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(RESOURCES), label="endpoint")
    other = data.draw(st.sampled_from(RESOURCES), label="kind sent")
    if (other.api_version, other.kind) == (resource.api_version, resource.kind):
        return
    obj = seeds.valid_object(resource, name="wrong-kind", namespace=namespace)
    obj["apiVersion"], obj["kind"] = other.api_version, other.kind
    response = api.write(_write(data, namespace, obj, resource))
    assert response.status_code == 400, response.text


@fuzz(100)
@given(data=st.data())
def test_invalid_names_are_refused(api: Api, namespace: str, data: st.DataObject) -> None:
    resource = data.draw(st.sampled_from(seeds.STORED), label="resource")
    invalid = _PATH_SEGMENT_ERRORS
    if (resource.group, resource.kind) != ("", "Event"):
        invalid = invalid + _NOT_DNS_SUBDOMAINS
    if not resource.group and resource.kind in _DNS_LABEL_KINDS:
        invalid = invalid + _NOT_DNS_LABELS
    name = data.draw(st.sampled_from(invalid), label="name")
    obj = seeds.valid_object(resource, name=name, namespace=namespace)
    url = seeds.collection_url(resource, namespace)
    response = api.write(Request("POST", url, dumps(obj), params=_params(data)))
    assert 400 <= response.status_code < 500, response.text


@fuzz(60)
@given(data=st.data())
def test_unknown_fields_follow_field_validation(
    api: Api, namespace: str, data: st.DataObject
) -> None:
    """Strict refuses an unknown field, Warn accepts it with a warning, Ignore says nothing."""
    resource = data.draw(st.sampled_from(seeds.STORED), label="resource")
    mode = data.draw(st.sampled_from(["Strict", "Warn", "Ignore"]), label="fieldValidation")
    obj = seeds.valid_object(resource, name=f"unknown-{namespace}", namespace=namespace)
    where = data.draw(st.sampled_from(["top", "metadata"]), label="where")
    (obj if where == "top" else obj["metadata"])["bogusField"] = 1
    url = seeds.collection_url(resource, namespace)
    params = (("fieldValidation", mode), ("dryRun", "All"))
    response = api.write(Request("POST", url, dumps(obj), params=params))
    unknown = "bogusField" if where == "top" else "metadata.bogusField"
    if mode == "Strict":
        assert response.status_code == 400, response.text
        assert f'unknown field \\"{unknown}\\"' in response.text
        return
    assert response.status_code == 201, response.text
    warnings = [w for w in response.headers.get_list("warning") if "unknown field" in w]
    assert warnings == ([f'299 - "unknown field \\"{unknown}\\""'] if mode == "Warn" else [])
