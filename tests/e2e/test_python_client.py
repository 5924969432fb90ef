"""The official Python `kubernetes` client (37.0.2) against a real `stead up`."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from kubernetes import client, config, watch

from stead.testing.cluster import Cluster

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(stead: Cluster) -> Iterator[client.ApiClient]:
    configuration = client.Configuration()
    config.load_kube_config(config_file=str(stead.kubeconfig), client_configuration=configuration)
    with client.ApiClient(configuration) as api_client:
        yield api_client


def _config_map(name: str) -> client.V1ConfigMap:
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"k": "v"})


def test_create_list_patch_replace_delete(api: client.ApiClient, namespace: str) -> None:
    core = client.CoreV1Api(api)
    created = core.create_namespaced_config_map(namespace, _config_map("one"))
    assert created.metadata.uid
    names = [cm.metadata.name for cm in core.list_namespaced_config_map(namespace).items]
    assert names == ["one"]
    patched = core.patch_namespaced_config_map("one", namespace, {"data": {"k": "w"}})
    assert patched.data == {"k": "w"}
    patched.data["extra"] = "x"
    replaced = core.replace_namespaced_config_map("one", namespace, patched)
    assert replaced.data == {"k": "w", "extra": "x"}
    stale = replaced
    stale.metadata.resource_version = created.metadata.resource_version
    with pytest.raises(client.ApiException) as conflict:
        core.replace_namespaced_config_map("one", namespace, stale)
    assert conflict.value.status == 409
    core.delete_namespaced_config_map("one", namespace)
    with pytest.raises(client.ApiException) as missing:
        core.read_namespaced_config_map("one", namespace)
    assert missing.value.status == 404


def test_watch_sees_changes_in_order(api: client.ApiClient, namespace: str) -> None:
    core = client.CoreV1Api(api)
    start = core.list_namespaced_config_map(namespace).metadata.resource_version
    seen: list[tuple[str, str]] = []
    watcher = watch.Watch()

    def follow() -> None:
        for event in watcher.stream(
            core.list_namespaced_config_map, namespace, resource_version=start, timeout_seconds=10
        ):
            seen.append((event["type"], event["object"].metadata.name))
            if len(seen) == 3:
                watcher.stop()

    thread = threading.Thread(target=follow)
    thread.start()
    core.create_namespaced_config_map(namespace, _config_map("a"))
    core.patch_namespaced_config_map("a", namespace, {"data": {"k": "z"}})
    core.delete_namespaced_config_map("a", namespace)
    thread.join(timeout=15)
    assert seen == [("ADDED", "a"), ("MODIFIED", "a"), ("DELETED", "a")]


def test_statefulset_scale_subresource(api: client.ApiClient, namespace: str) -> None:
    apps = client.AppsV1Api(api)
    body = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "nginx"}},
            "serviceName": "nginx",
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]},
            },
        },
    }
    apps.create_namespaced_stateful_set(namespace, body)
    scale = apps.patch_namespaced_stateful_set_scale("web", namespace, {"spec": {"replicas": 3}})
    assert scale.spec.replicas == 3
    assert scale.status.selector == "app=nginx"
    assert apps.read_namespaced_stateful_set("web", namespace).spec.replicas == 3
