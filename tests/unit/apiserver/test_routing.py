from __future__ import annotations

import pytest

from stead.apiserver import routing


@pytest.mark.parametrize(
    ("path", "plural", "namespace", "name", "sub"),
    [
        ("/api/v1/pods", "pods", "", "", ""),
        ("/api/v1/namespaces/default/pods", "pods", "default", "", ""),
        ("/api/v1/namespaces/default/pods/web-0", "pods", "default", "web-0", ""),
        ("/api/v1/namespaces/default/pods/web-0/status", "pods", "default", "web-0", "status"),
        ("/api/v1/namespaces/default", "namespaces", "", "default", ""),
        ("/api/v1/namespaces/pods/status", "namespaces", "", "pods", "status"),
        ("/api/v1/namespaces", "namespaces", "", "", ""),
        (
            "/apis/apps/v1/namespaces/ns/statefulsets/web/scale",
            "statefulsets",
            "ns",
            "web",
            "scale",
        ),
        ("/apis/storage.k8s.io/v1/storageclasses/standard", "storageclasses", "", "standard", ""),
    ],
)
def test_resource_paths(path: str, plural: str, namespace: str, name: str, sub: str) -> None:
    route = routing.parse(path)
    assert isinstance(route, routing.ResourcePath)
    assert (route.resource.plural, route.namespace, route.name, route.subresource) == (
        plural,
        namespace,
        name,
        sub,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/apis/apps/v2/statefulsets",
        "/api/v1/widgets",
        "/api/v1/namespaces/default/pods/web-0/bogus",
        "/api/v1/namespaces/default/nodes",
        "/api/v1/namespaces/default/pods/a/b/c",
        "/healthz",
    ],
)
def test_paths_that_address_nothing(path: str) -> None:
    assert routing.parse(path) is None


def test_discovery_paths() -> None:
    assert routing.parse("/api") == routing.GroupPath(legacy=True)
    assert routing.parse("/apis") == routing.GroupPath(legacy=False)
    assert routing.parse("/apis/apps/v1") == routing.GroupPath(
        legacy=False, group="apps", version="v1"
    )
