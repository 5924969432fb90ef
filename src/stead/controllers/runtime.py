"""The controller worker loop: workers take keys from a queue and reconcile them.

Reconcile is level-triggered and idempotent: it gets a key, reads the current state (from the
cache or the API), and moves the world one step towards the desired state. What it returns or
raises is its *outcome*, and `settle` is the one place an outcome becomes a queue action:

* `None` (done)              -> forget the key's backoff
* `Requeue(after=seconds)`   -> forget the backoff, look again after that delay
* `TerminalError`            -> log it, forget the key (retrying cannot help)
* any other exception        -> log it, retry with the key's exponential backoff (5 ms doubling
                                to 1000 s; an `ApiError` is expected weather, anything else a bug
                                whose traceback is logged)
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from stead.api import errors
from stead.client.workqueue import ShutDown, WorkQueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Requeue:
    """Done for now, but look at the key again after `after` seconds."""

    after: float


class TerminalError(Exception):
    """A failure that retrying the same key cannot fix (bad input, unsupported object)."""


Outcome = Requeue | Exception | None


class Reconciler(Protocol):
    async def reconcile(self, key: str) -> Requeue | None:
        """Move the object named by `key` one step towards its desired state."""
        ...


def settle(queue: WorkQueue, key: str, outcome: Outcome, *, controller: str) -> None:
    """Turn a reconcile outcome into the queue action for `key` (the only place that does)."""
    match outcome:
        case None:
            queue.forget(key)
        case Requeue(after=delay):
            queue.forget(key)
            queue.add_after(key, delay)
        case TerminalError():
            log.error("%s: %s: giving up: %s", controller, key, outcome)
            queue.forget(key)
        case errors.ApiError():
            retries = queue.num_requeues(key)
            log.info("%s: %s: will retry (%d): %s", controller, key, retries, outcome)
            queue.add_rate_limited(key)
        case Exception():
            # Not an answer from the API: a bug; keep the traceback.
            log.error("%s: %s: will retry", controller, key, exc_info=outcome)
            queue.add_rate_limited(key)


class Controller:
    """A named queue of keys and the `workers` tasks that reconcile them."""

    def __init__(
        self, name: str, reconciler: Reconciler, *, queue: WorkQueue | None = None, workers: int = 1
    ) -> None:
        self.name = name
        self.reconciler = reconciler
        self.queue = queue or WorkQueue()
        self.workers = workers

    def enqueue(self, key: str) -> None:
        self.queue.add(key)

    async def run(self) -> None:
        """Run the workers until cancelled (or until the queue is shut down and drained)."""
        try:
            async with asyncio.TaskGroup() as group:
                for number in range(self.workers):
                    group.create_task(self._work(), name=f"{self.name} worker {number}")
        finally:
            self.queue.shut_down()

    async def _work(self) -> None:
        while True:
            try:
                key = await self.queue.get()
            except ShutDown:
                return
            try:
                outcome = await self._reconcile(key)
                settle(self.queue, key, outcome, controller=self.name)
            finally:
                self.queue.done(key)

    async def _reconcile(self, key: str) -> Outcome:
        try:
            return await self.reconciler.reconcile(key)
        except Exception as failure:
            return failure
