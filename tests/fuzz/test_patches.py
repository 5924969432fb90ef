"""Patches of every content type with random bodies, on an existing object and its
subresources."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import patches, seeds
from tests.fuzz.harness import (
    APPLY_PATCH,
    JSON_PATCH,
    MERGE_PATCH,
    STRATEGIC_PATCH,
    Api,
    Request,
    dumps,
    fuzz,
)

pytestmark = pytest.mark.e2e

_BODIES = {
    JSON_PATCH: patches.json_patch,
    MERGE_PATCH: patches.merge_patch,
    STRATEGIC_PATCH: patches.strategic_patch,
    APPLY_PATCH: patches.apply_config,
}


def _targets(namespace: str) -> list[seeds.Target]:
    return [t for t in seeds.write_targets(namespace) if t.method == "PATCH"]


def _params(data: st.DataObject, content_type: str) -> tuple[tuple[str, str], ...]:
    params = []
    manager = data.draw(st.sampled_from(["fuzz", "", "other", "x" * 200]), label="fieldManager")
    if manager:
        params.append(("fieldManager", manager))
    if content_type == APPLY_PATCH and data.draw(st.booleans(), label="force"):
        params.append(("force", data.draw(st.sampled_from(["true", "false", "yes", ""]))))
    if data.draw(st.booleans(), label="fieldValidation"):
        params.append(("fieldValidation", data.draw(st.sampled_from(["Strict", "Ignore"]))))
    return tuple(params)


@fuzz(250)
@given(data=st.data())
def test_random_patches_never_break_the_server(
    api: Api, namespace: str, data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(_targets(namespace)), label="target")
    content_type = data.draw(st.sampled_from(list(_BODIES)), label="content type")
    # Drawn from the seed as created, not as stored now: what hypothesis draws must not depend
    # on what earlier examples did to the server.
    seed = seeds.valid_object(
        target.resource, name=seeds.seed_name(target.resource, namespace), namespace=namespace
    )
    body = _BODIES[content_type](data, seed, target.resource)
    request = Request("PATCH", target.url, dumps(body), content_type, _params(data, content_type))
    api.write(request)


@fuzz(30)
@given(data=st.data())
def test_apply_without_a_field_manager_is_refused(
    api: Api, namespace: str, data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(_targets(namespace)), label="target")
    config = seeds.valid_object(target.resource, name="x", namespace=namespace)
    response = api.write(Request("PATCH", target.url, dumps(config), APPLY_PATCH))
    # Scale takes no apply patches at all.
    assert response.status_code == (415 if target.subresource == "scale" else 400), response.text
