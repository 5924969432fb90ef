"""The work queue's contract, on a manual clock: no test sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stead.client.clock import ManualClock
from stead.client.workqueue import BASE_DELAY, MAX_DELAY, ItemBackoff, ShutDown, WorkQueue

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coroutine, 5))


def ready(queue: WorkQueue) -> list[str]:
    """Take every key that is ready now, without waiting, in order."""

    async def take() -> list[str]:
        keys = []
        while len(queue):
            keys.append(await queue.get())
        return keys

    return asyncio.run(take())


def test_a_key_waiting_is_not_added_twice() -> None:
    queue = WorkQueue(clock=ManualClock())
    for key in ("a", "b", "a", "a", "b", "c"):
        queue.add(key)
    assert ready(queue) == ["a", "b", "c"]


def test_a_key_being_processed_is_not_handed_out_again_until_done() -> None:
    queue = WorkQueue(clock=ManualClock())
    queue.add("a")
    assert ready(queue) == ["a"]
    queue.add("a")
    queue.add("a")
    assert len(queue) == 0, "a key in processing waits for done()"
    queue.done("a")
    assert ready(queue) == ["a"], "re-added during processing -> processed again, once"
    queue.done("a")
    assert len(queue) == 0


def test_done_without_re_add_does_not_requeue() -> None:
    queue = WorkQueue(clock=ManualClock())
    queue.add("a")
    ready(queue)
    queue.done("a")
    assert len(queue) == 0


def test_rate_limited_delays_double_per_key_up_to_the_cap() -> None:
    backoff = ItemBackoff()
    delays = [backoff.when("a") for _ in range(20)]
    assert delays[:4] == [BASE_DELAY, 2 * BASE_DELAY, 4 * BASE_DELAY, 8 * BASE_DELAY]
    assert delays[-1] == MAX_DELAY
    assert delays == sorted(delays)
    assert backoff.when("b") == BASE_DELAY, "backoff is per key"
    backoff.forget("a")
    assert backoff.when("a") == BASE_DELAY


@given(st.integers(min_value=0, max_value=2000))
def test_backoff_never_exceeds_the_cap(failures: int) -> None:
    backoff = ItemBackoff()
    for _ in range(failures):
        backoff.when("a")
    assert BASE_DELAY <= backoff.when("a") <= MAX_DELAY


def test_add_rate_limited_waits_for_the_backoff() -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)
    queue.add_rate_limited("a")
    queue.add_rate_limited("a")
    assert queue.num_requeues("a") == 2
    assert len(queue) == 0
    clock.advance(BASE_DELAY / 2)
    assert len(queue) == 0
    clock.advance(BASE_DELAY / 2)
    assert ready(queue) == ["a"], "a key waiting twice keeps the earlier time"
    queue.forget("a")
    assert queue.num_requeues("a") == 0


def test_add_after_hands_keys_out_in_deadline_order() -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)
    queue.add_after("late", 3.0)
    queue.add_after("early", 1.0)
    queue.add_after("middle", 2.0)
    queue.add_after("now", 0)
    assert ready(queue) == ["now"]
    clock.advance(10.0)
    assert ready(queue) == ["early", "middle", "late"]


def test_add_after_keeps_the_earlier_of_two_deadlines() -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)
    queue.add_after("a", 5.0)
    queue.add_after("a", 1.0)
    queue.add_after("a", 9.0)
    clock.advance(1.0)
    assert ready(queue) == ["a"]
    queue.done("a")
    clock.advance(10.0)
    assert len(queue) == 0, "the later deadlines were dropped"
    assert clock.pending == 0


def test_get_waits_for_a_key() -> None:
    queue = WorkQueue(clock=ManualClock())

    async def scenario() -> str:
        getter = asyncio.create_task(queue.get())
        await asyncio.sleep(0)
        assert not getter.done()
        queue.add("a")
        return await getter

    assert run(scenario()) == "a"


def test_get_wakes_when_a_delayed_key_falls_due() -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)

    async def scenario() -> str:
        queue.add_after("a", 1.0)
        getter = asyncio.create_task(queue.get())
        await asyncio.sleep(0)
        assert not getter.done()
        clock.advance(1.0)
        return await getter

    assert run(scenario()) == "a"


def test_shut_down_drains_queued_keys_then_stops_getters() -> None:
    clock = ManualClock()
    queue = WorkQueue(clock=clock)

    async def scenario() -> list[str]:
        queue.add("a")
        queue.add_after("delayed", 1.0)
        queue.shut_down()
        queue.add("ignored")
        taken = [await queue.get()]
        with pytest.raises(ShutDown):
            await queue.get()
        return taken

    assert run(scenario()) == ["a"]
    assert clock.pending == 0, "delayed keys are cancelled"


def test_shut_down_wakes_a_waiting_getter() -> None:
    queue = WorkQueue(clock=ManualClock())

    async def scenario() -> None:
        getter = asyncio.create_task(queue.get())
        await asyncio.sleep(0)
        queue.shut_down()
        with pytest.raises(ShutDown):
            await getter

    run(scenario())


def test_two_getters_never_get_the_same_key() -> None:
    queue = WorkQueue(clock=ManualClock())

    async def scenario() -> list[str]:
        getters = [asyncio.create_task(queue.get()) for _ in range(2)]
        await asyncio.sleep(0)
        queue.add("a")
        queue.add("a")
        await asyncio.sleep(0)
        done = [g for g in getters if g.done()]
        for getter in getters:
            if not getter.done():
                getter.cancel()
        return [g.result() for g in done]

    assert run(scenario()) == ["a"]
