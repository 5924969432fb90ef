"""Random objects and configurations: apply raises only ApiErrors, record_update never raises,
and what they write can be read back."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stead.api import errors, schema
from stead.apiserver import fieldmanager
from stead.apiserver.fieldmanager import entries

STS = schema.load().for_kind("apps", "v1", "StatefulSet")
T1, T2 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["a", "b", "nginx", ""])
)
keys = st.sampled_from(["name", "image", "value", "x", "labels", "app", "containerPort"])
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)),
    max_leaves=10,
)
container = st.fixed_dictionaries(
    {"name": st.sampled_from(["nginx", "side"])},
    optional={
        "image": scalars,
        "env": st.lists(st.fixed_dictionaries({"name": st.sampled_from(["A", "B"])})),
        "ports": st.lists(
            st.fixed_dictionaries(
                {"containerPort": st.sampled_from([80, 443])},
                optional={"protocol": st.sampled_from(["TCP", "UDP"])},
            ),
            max_size=2,
        ),
    },
)


def statefulsets(extra: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """StatefulSet-shaped objects; `extra` fills an unknown spec field and the status."""
    return st.fixed_dictionaries(
        {
            "apiVersion": st.just("apps/v1"),
            "kind": st.just("StatefulSet"),
            "metadata": st.fixed_dictionaries(
                {"name": st.just("web")},
                optional={
                    "labels": st.dictionaries(keys, scalars, max_size=2),
                    "finalizers": st.lists(st.one_of(scalars, extra), max_size=3),
                },
            ),
        },
        optional={
            "spec": st.fixed_dictionaries(
                {},
                optional={
                    "replicas": scalars,
                    "selector": extra,
                    "template": st.fixed_dictionaries(
                        {
                            "spec": st.fixed_dictionaries(
                                {"containers": st.lists(st.one_of(container, extra), max_size=3)}
                            )
                        }
                    ),
                    "junk": extra,
                },
            ),
            "status": extra,
        },
    )


objects = statefulsets(junk)
typed_objects = statefulsets(st.none())


def readable(fields: Any) -> None:
    assert fields is None or entries.decode(fields) is not None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), objects), objects, st.booleans(), st.sampled_from(["kubectl", "m"]))
def test_apply_raises_only_api_errors(live: Any, config: Any, force: bool, manager: str) -> None:
    config["metadata"].pop("managedFields", None)
    if live is not None:
        live["metadata"]["managedFields"] = fieldmanager.record_update(
            None, live, manager="creator", now=T1
        )
    frozen = copy.deepcopy((live, config))
    try:
        result = fieldmanager.apply(live, config, manager=manager, force=force, schema=STS, now=T2)
    except errors.ApiError:
        return
    finally:
        assert (live, config) == frozen
    readable(result["metadata"].get("managedFields"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.none(), objects), objects, junk, st.sampled_from(["", "status"]))
def test_record_update_never_raises(old: Any, new: Any, sent: Any, subresource: str) -> None:
    new["metadata"]["managedFields"] = sent
    frozen = copy.deepcopy((old, new))
    fields = fieldmanager.record_update(old, new, manager="m", subresource=subresource, now=T2)
    assert (old, new) == frozen
    readable(fields)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(typed_objects, typed_objects)
def test_reapplying_is_stable(first: Any, second: Any) -> None:
    try:
        live = fieldmanager.apply(None, first, manager="m", force=False, schema=STS, now=T1)
        live = fieldmanager.apply(live, second, manager="m", force=False, schema=STS, now=T2)
    except errors.ApiError:
        return
    again = fieldmanager.apply(live, second, manager="m", force=False, schema=STS, now=T2)
    assert again == live
