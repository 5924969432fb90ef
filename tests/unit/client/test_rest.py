"""The REST client against a real API server over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from stead.api import errors
from stead.client.config import ClientConfig
from stead.client.errors import ApiUnreachable
from stead.client.objects import Object, finalizers_of, name_of, resource_version_of, uid_of
from stead.client.resources import resource
from stead.client.rest import DeleteOptions, PatchType, Propagation, RestClient, WatchEventType
from tests.unit.client.localapi import LocalApi

CONFIGMAPS = resource("v1", "configmaps")
NAMESPACES = resource("v1", "namespaces")


def configmap(name: str, **data: str) -> Object:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "x"}},
            "data": data}  # fmt: skip


def test_create_get_update_and_status_errors(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            created = await client.create(CONFIGMAPS, configmap("a", k="1"))
            fetched = await client.get(CONFIGMAPS, "a", namespace="default")
            assert fetched["data"] == {"k": "1"}
            fetched["data"]["k"] = "2"
            updated = await client.update(CONFIGMAPS, fetched)
            assert updated["data"] == {"k": "2"}
            with pytest.raises(errors.Conflict, match="has been modified"):
                await client.update(CONFIGMAPS, created)
            with pytest.raises(errors.AlreadyExists):
                await client.create(CONFIGMAPS, configmap("a"))
            with pytest.raises(errors.NotFound, match='configmaps "missing" not found'):
                await client.get(CONFIGMAPS, "missing", namespace="default")
            bad = configmap("Not_A_Name")
            with pytest.raises(errors.Invalid) as invalid:
                await client.create(CONFIGMAPS, bad)
            assert invalid.value.details["causes"][0]["field"] == "metadata.name"

    api.run(scenario())


def test_list_pages_with_continue_tokens(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            for index in range(5):
                await client.create(CONFIGMAPS, configmap(f"cm-{index}"))
            seen: list[str] = []
            token = ""
            while True:
                page = await client.list(
                    CONFIGMAPS, namespace="default", limit=2, continue_token=token
                )
                seen += [name_of(item) for item in page.items]
                token = page.continue_token
                if not token:
                    break
            assert seen == [f"cm-{index}" for index in range(5)]
            assert (await client.list(CONFIGMAPS, field_selector="metadata.name=cm-3")).items
            assert not (await client.list(CONFIGMAPS, label_selector="app=other")).items

    api.run(scenario())


def test_watch_streams_changes_until_the_server_ends_it(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            start = (await client.list(CONFIGMAPS, namespace="default")).resource_version
            await client.create(CONFIGMAPS, configmap("w"))
            await client.delete(CONFIGMAPS, "w", namespace="default")
            types = []
            async with client.watch(
                CONFIGMAPS, namespace="default", resource_version=start, timeout_seconds=1
            ) as events:
                async for event in events:
                    types.append(event.type)
            assert types[:2] == [WatchEventType.ADDED, WatchEventType.DELETED]

    api.run(scenario())


def test_watch_from_a_compacted_version_raises_expired(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            old = resource_version_of(await client.create(CONFIGMAPS, configmap("x")))
            await client.create(CONFIGMAPS, configmap("y"))
            await api.compact()
            with pytest.raises(errors.Expired, match="too old resource version"):
                await drain(client, resource_version=old)

    api.run(scenario())


async def drain(client: RestClient, *, resource_version: str) -> None:
    async with client.watch(CONFIGMAPS, resource_version=resource_version) as events:
        async for _ in events:
            pass


@pytest.mark.parametrize(
    ("patch_type", "body"),
    [
        (PatchType.MERGE, {"data": {"k": "patched"}}),
        (PatchType.STRATEGIC, {"data": {"k": "patched"}}),
        (PatchType.JSON, [{"op": "replace", "path": "/data/k", "value": "patched"}]),
        (PatchType.APPLY, {"apiVersion": "v1", "kind": "ConfigMap", "data": {"k": "patched"},
                           "metadata": {"name": "p", "namespace": "default"}}),
    ],
)  # fmt: skip
def test_patch_types(api: LocalApi, patch_type: PatchType, body: Any) -> None:
    async def scenario() -> Object:
        async with api.client() as client:
            await client.create(CONFIGMAPS, configmap("p", k="v"))
            return await client.patch(
                CONFIGMAPS,
                "p",
                body,
                patch_type=patch_type,
                namespace="default",
                field_manager="test",
                force=True,
            )

    assert api.run(scenario())["data"]["k"] == "patched"


def test_delete_with_preconditions_and_propagation(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            created = await client.create(CONFIGMAPS, configmap("d"))
            with pytest.raises(errors.Conflict, match="Precondition failed: UID"):
                await client.delete(
                    CONFIGMAPS, "d", namespace="default", options=DeleteOptions(uid="other")
                )
            marked = await client.delete(
                CONFIGMAPS,
                "d",
                namespace="default",
                options=DeleteOptions(propagation=Propagation.ORPHAN, uid=uid_of(created)),
            )
            assert finalizers_of(marked) == ("orphan",)
            await client.create(CONFIGMAPS, configmap("e"))
            await client.delete_collection(CONFIGMAPS, namespace="default", label_selector="app=x")
            left = await client.list(CONFIGMAPS, namespace="default")
            assert [name_of(item) for item in left.items] == ["d"], "d waits for its finalizer"

    api.run(scenario())


def test_subresources(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            namespace = await client.create(
                NAMESPACES, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "s"}}
            )
            namespace["status"] = {
                "phase": "Active",
                "conditions": [{"type": "T", "status": "True"}],
            }
            updated = await client.update_status(NAMESPACES, namespace)
            assert updated["status"]["conditions"][0]["type"] == "T"
            updated["spec"]["finalizers"] = []
            finalized = await client.update(NAMESPACES, updated, subresource="finalize")
            assert not finalized["spec"].get("finalizers")

    api.run(scenario())


def test_no_server_is_api_unreachable(api: LocalApi) -> None:
    async def scenario() -> None:
        async with RestClient(ClientConfig(server="http://127.0.0.1:9", timeout=2)) as client:
            with pytest.raises(ApiUnreachable, match="GET /api/v1/namespaces"):
                await client.list(NAMESPACES)

    api.run(scenario())
