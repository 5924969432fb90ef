"""The garbage collector against a real API server: background, foreground, orphan, restarts."""

from __future__ import annotations

from functools import partial

from stead.client.objects import (
    Object,
    OwnerReference,
    name_of,
    owner_references,
    resource_version_of,
)
from stead.client.rest import DeleteOptions, Propagation, RestClient, WatchEventType
from tests.unit.client.localapi import LocalApi, eventually
from tests.unit.controllers.helpers import (
    CONFIGMAPS,
    SECRETS,
    configmap,
    controllers,
    exists,
    gone,
    ref,
    secret,
)


async def delete(client: RestClient, obj: Object, propagation: Propagation) -> None:
    options = DeleteOptions(propagation=propagation)
    await client.delete(CONFIGMAPS, name_of(obj), namespace="default", options=options)


async def refs_of(client: RestClient, obj: Object) -> list[OwnerReference]:
    return owner_references(await client.get(CONFIGMAPS, name_of(obj), namespace="default"))


def test_background_deletes_dependents_of_a_gone_owner(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client, controllers(client):
            owner = await client.create(CONFIGMAPS, configmap("owner"))
            other = await client.create(CONFIGMAPS, configmap("other"))
            only = await client.create(CONFIGMAPS, configmap("only", ref(owner)))
            kind2 = await client.create(SECRETS, secret("kind2", ref(owner, block=False)))
            shared = await client.create(CONFIGMAPS, configmap("shared", ref(owner), ref(other)))
            await delete(client, owner, Propagation.BACKGROUND)
            await eventually(lambda: gone(client, CONFIGMAPS, only), what="only-owned gone")
            await eventually(lambda: gone(client, SECRETS, kind2), what="secret gone")
            await eventually(
                lambda: _refs_are(client, shared, [ref(other)]), what="gone owner's ref removed"
            )
            assert await exists(client, CONFIGMAPS, shared)

    api.run(scenario())


async def _refs_are(client: RestClient, obj: Object, expected: list[OwnerReference]) -> bool:
    return await refs_of(client, obj) == expected


def test_foreground_removes_the_owner_only_after_its_blocking_dependents(api: LocalApi) -> None:
    async def scenario() -> list[str]:
        async with api.client() as client, controllers(client):
            owner = await client.create(CONFIGMAPS, configmap("owner"))
            for name in ("d1", "d2"):
                await client.create(CONFIGMAPS, configmap(name, ref(owner)))
            last = await client.create(CONFIGMAPS, configmap("loose", ref(owner, block=False)))
            deleted: list[str] = []
            async with client.watch(
                CONFIGMAPS, namespace="default", resource_version=resource_version_of(last)
            ) as events:
                await delete(client, owner, Propagation.FOREGROUND)
                async for event in events:
                    if event.type is WatchEventType.DELETED:
                        deleted.append(name_of(event.object))
                    if "owner" in deleted:
                        return deleted
        raise AssertionError("the watch ended before the owner went")

    deleted = api.run(scenario())
    assert deleted[-1] == "owner"
    assert {"d1", "d2"} <= set(deleted[:-1])


def test_orphan_strips_the_reference_and_keeps_dependents(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client, controllers(client):
            owner = await client.create(CONFIGMAPS, configmap("owner"))
            other = await client.create(CONFIGMAPS, configmap("other"))
            lone = await client.create(CONFIGMAPS, configmap("lone", ref(owner)))
            shared = await client.create(CONFIGMAPS, configmap("shared", ref(owner), ref(other)))
            await delete(client, owner, Propagation.ORPHAN)
            await eventually(lambda: gone(client, CONFIGMAPS, owner), what="owner gone")
            assert await refs_of(client, lone) == []
            assert await refs_of(client, shared) == [ref(other)]

    api.run(scenario())


def test_half_done_deletions_finish_after_a_restart(api: LocalApi) -> None:
    """Everything below happens while no collector runs; then one starts."""

    async def scenario() -> None:
        async with api.client() as client:
            orphaning = await client.create(CONFIGMAPS, configmap("orphaning"))
            kept = await client.create(CONFIGMAPS, configmap("kept", ref(orphaning)))
            cascading = await client.create(CONFIGMAPS, configmap("cascading"))
            doomed = await client.create(CONFIGMAPS, configmap("doomed", ref(cascading)))
            await delete(client, orphaning, Propagation.ORPHAN)
            await delete(client, cascading, Propagation.FOREGROUND)
            # Same name, new uid: the dependent's owner is still gone.
            replaced = await client.create(CONFIGMAPS, configmap("replaced"))
            stale = await client.create(CONFIGMAPS, configmap("stale", ref(replaced)))
            await delete(client, replaced, Propagation.BACKGROUND)
            successor = await client.create(CONFIGMAPS, configmap("replaced"))
            adopted = await client.create(CONFIGMAPS, configmap("adopted", ref(successor)))
            async with controllers(client):
                for obj in (orphaning, cascading, doomed, stale):
                    await eventually(partial(gone, client, CONFIGMAPS, obj), what=name_of(obj))
                assert await refs_of(client, kept) == []
                assert await exists(client, CONFIGMAPS, adopted)

    api.run(scenario())


def test_references_to_kinds_stead_does_not_serve_are_left_alone(api: LocalApi) -> None:
    async def scenario() -> None:
        unknown = OwnerReference("example.com/v1", "Widget", "w", "uid-of-a-widget")
        async with api.client() as client, controllers(client):
            owner = await client.create(CONFIGMAPS, configmap("owner"))
            mixed = await client.create(CONFIGMAPS, configmap("mixed", unknown, ref(owner)))
            await delete(client, owner, Propagation.BACKGROUND)
            await eventually(
                lambda: _refs_are(client, mixed, [unknown]), what="only the known ref removed"
            )

    api.run(scenario())
