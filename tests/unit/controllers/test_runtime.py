"""The worker loop and the one outcome -> queue action mapping, on a manual clock."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

import pytest

from stead.api import errors
from stead.client.clock import ManualClock
from stead.client.workqueue import BASE_DELAY, WorkQueue
from stead.controllers.runtime import Controller, Outcome, Requeue, TerminalError, settle

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, 5))


@pytest.mark.parametrize(
    ("outcome", "failures", "requeued_after"),
    [
        (None, 0, None),
        (Requeue(after=2.0), 0, 2.0),
        (TerminalError("bad spec"), 0, None),
        (errors.Conflict("stale"), 2, 2 * BASE_DELAY),
        (KeyError("bug"), 2, 2 * BASE_DELAY),
    ],
)
def test_settle(outcome: Outcome, failures: int, requeued_after: float | None) -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)
    queue.backoff.when("k")  # one earlier failure, which anything but an error forgets
    settle(queue, "k", outcome, controller="test")
    assert queue.num_requeues("k") == failures
    clock.advance((requeued_after or 1000) - BASE_DELAY / 2)
    assert len(queue) == 0
    clock.advance(BASE_DELAY)
    assert len(queue) == (0 if requeued_after is None else 1)


class Scripted:
    """A reconciler that fails the first `failures` attempts per key, recording concurrency."""

    def __init__(self, *, failures: int = 0) -> None:
        self.failures = failures
        self.attempts: dict[str, int] = {}
        self.active: set[str] = set()
        self.overlaps = 0
        self.release = asyncio.Event()

    async def reconcile(self, key: str) -> Requeue | None:
        if key in self.active:
            self.overlaps += 1
        self.active.add(key)
        try:
            self.attempts[key] = self.attempts.get(key, 0) + 1
            await self.release.wait()
            if self.attempts[key] <= self.failures:
                raise errors.ServiceUnavailable("try later")
            return None
        finally:
            self.active.discard(key)


@contextlib.asynccontextmanager
async def running(controller: Controller) -> AsyncIterator[Controller]:
    task = asyncio.create_task(controller.run())
    try:
        yield controller
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def until(check: Callable[[], bool]) -> None:
    """Let the workers run until `check` holds (no time passes: the clock is manual)."""
    for _ in range(10_000):
        if check():
            return
        await asyncio.sleep(0)
    raise AssertionError("the workers never got there")


def test_a_failed_key_is_retried_after_its_backoff_then_forgotten() -> None:
    clock = ManualClock()
    reconciler = Scripted(failures=2)
    reconciler.release.set()
    controller = Controller("t", reconciler, queue=WorkQueue(clock=clock), workers=2)

    async def scenario() -> None:
        async with running(controller):
            controller.enqueue("a")
            await until(lambda: controller.queue.num_requeues("a") == 1)
            clock.advance(BASE_DELAY)
            await until(lambda: controller.queue.num_requeues("a") == 2)
            clock.advance(BASE_DELAY)
            assert reconciler.attempts["a"] == 2, "the second backoff is twice as long"
            clock.advance(BASE_DELAY)
            await until(lambda: reconciler.attempts["a"] == 3 and not reconciler.active)
            assert controller.queue.num_requeues("a") == 0

    run(scenario())


def test_a_key_is_never_reconciled_twice_at_once() -> None:
    reconciler = Scripted()
    controller = Controller("t", reconciler, queue=WorkQueue(clock=ManualClock()), workers=4)

    async def scenario() -> None:
        async with running(controller):
            controller.enqueue("a")
            await until(lambda: "a" in reconciler.active)
            controller.enqueue("a")
            controller.enqueue("b")
            await until(lambda: "b" in reconciler.active)
            reconciler.release.set()
            await until(lambda: reconciler.attempts.get("a") == 2 and not reconciler.active)

    run(scenario())
    assert reconciler.overlaps == 0
    assert reconciler.attempts == {"a": 2, "b": 1}


def test_cancelling_the_controller_shuts_its_queue() -> None:
    controller = Controller("t", Scripted(), queue=WorkQueue(clock=ManualClock()))

    async def scenario() -> None:
        async with running(controller):
            await asyncio.sleep(0)

    run(scenario())
    assert controller.queue.shutting_down
