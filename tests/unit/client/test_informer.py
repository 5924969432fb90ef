"""Informers against a real API server: list, watch, bookmarks, relist after 410 Gone."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from stead.apiserver.handlers import watch
from stead.client.informer import Deleted, Handlers, Informer, Tombstone
from stead.client.objects import Object, name_of, resource_version_of
from stead.client.resources import resource
from stead.client.rest import PatchType, RestClient
from stead.client.shared import SharedInformers
from tests.unit.client.localapi import LocalApi, eventually

CONFIGMAPS = resource("v1", "configmaps")
SECRETS = resource("v1", "secrets")


def configmap(name: str) -> Object:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "default"}}  # fmt: skip


class Recorder:
    """Handler events as `(kind, name)`; tombstones recorded as `tombstone`."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def handlers(self) -> Handlers:
        return Handlers(
            added=lambda obj: self.events.append(("add", name_of(obj))),
            updated=lambda _, new: self.events.append(("update", name_of(new))),
            deleted=self._deleted,
        )

    def _deleted(self, deleted: Deleted) -> None:
        if isinstance(deleted, Tombstone):
            self.events.append(("tombstone", name_of(deleted.obj)))
        else:
            self.events.append(("delete", name_of(deleted)))


@contextlib.asynccontextmanager
async def running(informer: Informer) -> AsyncIterator[Informer]:
    task = asyncio.create_task(informer.run())
    try:
        await informer.wait_synced()
        yield informer
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def test_lists_then_follows_every_change(api: LocalApi) -> None:
    recorder = Recorder()

    async def scenario() -> None:
        async with api.client() as client:
            await client.create(CONFIGMAPS, configmap("before"))
            informer = Informer(client, CONFIGMAPS, page_size=1)
            informer.add_handler(recorder.handlers())
            async with running(informer):
                assert informer.has_synced
                assert recorder.events == [("add", "before")]
                await client.create(CONFIGMAPS, configmap("after"))
                await client.patch(CONFIGMAPS, "before", {"data": {"k": "v"}},
                                   patch_type=PatchType.MERGE, namespace="default")  # fmt: skip
                written = await client.delete(CONFIGMAPS, "after", namespace="default")
                await informer.wait_for(resource_version_of(written))
                assert sorted(informer.cache.keys()) == ["default/before"]
                assert (informer.cache.get("default/before") or {})["data"] == {"k": "v"}

    api.run(scenario())
    assert recorder.events == [
        ("add", "before"), ("add", "after"), ("update", "before"), ("delete", "after"),
    ]  # fmt: skip


def test_bookmarks_keep_an_idle_watch_going(api: LocalApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "BOOKMARK_INTERVAL", 0.02)
    recorder = Recorder()

    async def scenario() -> None:
        async with api.client() as client:
            informer = Informer(client, CONFIGMAPS)
            informer.add_handler(recorder.handlers())
            async with running(informer):
                listed = informer.last_seen
                await asyncio.sleep(0.2)  # idle: only bookmarks arrive, and change nothing
                assert informer.last_seen == listed
                written = await client.create(CONFIGMAPS, configmap("later"))
                await informer.wait_for(resource_version_of(written))

    api.run(scenario())
    assert recorder.events == [("add", "later")]


def test_relists_after_410_and_reports_missed_deletes_as_tombstones(api: LocalApi) -> None:
    recorder = Recorder()

    async def scenario() -> None:
        async with api.client() as client:
            informer = Informer(client, CONFIGMAPS, watch_timeout=1)
            informer.add_handler(recorder.handlers())
            async with running(informer):
                for name in ("kept", "changed", "gone"):
                    await client.create(CONFIGMAPS, configmap(name))
                await eventually(lambda: len(informer.cache) == 3, what="three objects cached")
                # The API server goes away; meanwhile objects change and history is compacted,
                # so the informer's resourceVersion is too old when it comes back (410).
                await api.stop()
                async with api.direct_client() as direct:
                    await _change_behind_its_back(direct)
                await api.compact()
                await api.start()
                await eventually(
                    lambda: sorted(informer.cache.keys()) == ["default/changed", "default/kept",
                                                              "default/new"],
                    what="the cache converged after relisting",
                )  # fmt: skip

    api.run(scenario())
    after_restart = recorder.events[3:]
    assert sorted(after_restart) == [("add", "new"), ("tombstone", "gone"), ("update", "changed")]


async def _change_behind_its_back(client: RestClient) -> None:
    await client.delete(CONFIGMAPS, "gone", namespace="default")
    await client.create(CONFIGMAPS, configmap("new"))
    await client.patch(CONFIGMAPS, "changed", {"data": {"k": "v"}},
                       patch_type=PatchType.MERGE, namespace="default")  # fmt: skip


def test_a_late_handler_hears_of_existing_objects_and_a_bad_one_is_contained(
    api: LocalApi,
) -> None:
    recorder = Recorder()

    def broken(_: Object) -> None:
        raise RuntimeError("handler bug")

    async def scenario() -> None:
        async with api.client() as client:
            await client.create(CONFIGMAPS, configmap("existing"))
            informer = Informer(client, CONFIGMAPS)
            informer.add_handler(Handlers(added=broken))
            async with running(informer):
                informer.add_handler(recorder.handlers())
                assert recorder.events == [("add", "existing")]
                await client.create(CONFIGMAPS, configmap("next"))
                await eventually(lambda: ("add", "next") in recorder.events, what="next added")

    api.run(scenario())


def test_shared_informers_share_one_informer_per_resource(api: LocalApi) -> None:
    async def scenario() -> None:
        async with api.client() as client:
            shared = SharedInformers(client)
            first = shared.informer(CONFIGMAPS)
            assert shared.informer(CONFIGMAPS) is first
            shared.informer(SECRETS)
            task = asyncio.create_task(shared.run())
            await shared.wait_synced()
            assert shared.has_synced
            with pytest.raises(RuntimeError, match="after start"):
                shared.informer(resource("v1", "pods"))
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    api.run(scenario())
