"""Contract, checked by hypothesis: random writes and compactions against a plain model."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stead.store import EventType, KeyValue, Store, WatchEvent, WriteResult, prefix_end
from tests.contract.store.helpers import OpenStore, take

KEYS = ["/a", "/b", "/b/1", "/c"]
EVERYTHING = ("", prefix_end(""))


@dataclass
class Model:
    """Every revision's full state, spelled out: obviously right, hopelessly slow."""

    states: list[dict[str, KeyValue]] = field(default_factory=lambda: [{}])
    events: list[WatchEvent] = field(default_factory=list)
    compacted: int = 0

    @property
    def revision(self) -> int:
        return len(self.states) - 1

    def write(self, kind: str, key: str, value: bytes, mod_revision: int) -> WriteResult:
        current = self.states[-1].get(key)
        allowed = (
            current is None
            if kind == "create"
            else (current is not None and current.mod_revision == mod_revision)
        )
        if not allowed:
            return WriteResult(False, self.revision, current)
        revision = self.revision + 1
        state = dict(self.states[-1])
        if kind == "delete":
            assert current is not None
            del state[key]
            self._commit(state, WatchEvent(EventType.DELETE, key, revision, current.value, None))
            return WriteResult(True, revision, current)
        created = revision if current is None else current.create_revision
        state[key] = KeyValue(key, value, created, revision)
        previous = None if current is None else current.value
        self._commit(state, WatchEvent(EventType.PUT, key, revision, value, previous))
        return WriteResult(True, revision, state[key])

    def _commit(self, state: dict[str, KeyValue], event: WatchEvent) -> None:
        self.states.append(state)
        self.events.append(event)


@dataclass(frozen=True)
class WriteOp:
    kind: str
    key: str
    value: bytes
    offset: int
    """The write compares the key's mod revision (0 when absent) plus `offset`."""


@dataclass(frozen=True)
class CompactOp:
    fraction: float
    """How far from the compaction point towards the current revision to compact."""


write_ops = st.builds(
    WriteOp,
    kind=st.sampled_from(["create", "update", "update", "delete"]),
    key=st.sampled_from(KEYS),
    value=st.binary(max_size=6),
    offset=st.sampled_from([0, 0, 0, -1, 1]),
)
compact_ops = st.builds(CompactOp, fraction=st.floats(0, 1))
operation: st.SearchStrategy[WriteOp | CompactOp] = st.integers(0, 9).flatmap(
    lambda n: compact_ops if n == 0 else write_ops
)
operations = st.lists(operation, max_size=40)


async def apply(store: Store, model: Model, op: WriteOp | CompactOp) -> None:
    if isinstance(op, CompactOp):
        target = model.compacted + int(op.fraction * (model.revision - model.compacted))
        await store.compact(target)
        model.compacted = max(model.compacted, target)
        return
    current = model.states[-1].get(op.key)
    mod = (current.mod_revision if current else 0) + op.offset
    expected = model.write(op.kind, op.key, op.value, mod)
    if op.kind == "create":
        assert await store.create(op.key, op.value) == expected
    elif op.kind == "update":
        assert await store.update(op.key, op.value, mod_revision=mod) == expected
    else:
        assert await store.delete(op.key, mod_revision=mod) == expected


async def agree(store: Store, model: Model) -> None:
    assert await store.current_revision() == model.revision
    assert await store.compacted_revision() == model.compacted
    for revision in range(max(model.compacted, 1), model.revision + 1):
        state = model.states[revision]
        expected = [state[key] for key in sorted(state)]
        assert (await store.range(*EVERYTHING, revision=revision)).items == expected
        for key in KEYS:
            assert await store.get(key, revision=revision) == (state.get(key), revision)
    assert await store.count(*EVERYTHING) == len(model.states[-1])
    watch = store.watch("", after_revision=model.compacted)
    assert await take(watch, model.revision - model.compacted) == model.events[model.compacted :]
    await watch.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=operations)
def test_store_matches_the_model(
    backend: OpenStore, runner: asyncio.Runner, ops: list[WriteOp | CompactOp]
) -> None:
    async def check() -> None:
        store, model = await backend(), Model()
        for op in ops:
            await apply(store, model, op)
        await agree(store, model)
        await store.close()

    runner.run(check())
