"""A work queue of keys for controllers (client-go's rate-limiting, delaying work queue).

Contract:
* The queue holds keys, never events: adding a key already waiting does nothing (dedup).
* A key handed out by `get` is *processing* until `done(key)`. It is never handed out twice at
  once: a key added while processing is marked dirty and queued again by `done`, so the latest
  state is always processed after the change that added it.
* `add_rate_limited` requeues after a per-key exponential backoff (5 ms doubling to a 1000 s
  cap, as client-go's default); `forget` resets a key's backoff after a success.
* `add_after` queues a key once a delay has passed; a key waiting twice keeps the earlier time.
* `shut_down` stops accepting keys and cancels delayed ones; `get` keeps handing out keys already
  queued, then raises `ShutDown`.
Time comes from an injected `Clock`, so tests move it instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections import deque

from stead.client.clock import Clock, LoopClock, Timer

BASE_DELAY = 0.005
MAX_DELAY = 1000.0


class ShutDown(Exception):
    """The queue was shut down and holds no more keys."""


class ItemBackoff:
    """Per-key exponential delays: `base * 2**failures`, capped at `cap`."""

    def __init__(self, *, base: float = BASE_DELAY, cap: float = MAX_DELAY) -> None:
        self.base = base
        self.cap = cap
        self._failures: dict[str, int] = {}

    def when(self, key: str) -> float:
        """The delay before retrying `key` now, counting this as one more failure."""
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        # 2**failures overflows a float long after the cap is reached; stop doubling there.
        if failures > 64:
            return self.cap
        return min(self.base * 2.0**failures, self.cap)

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def failures(self, key: str) -> int:
        return self._failures.get(key, 0)


class WorkQueue:
    def __init__(self, *, clock: Clock | None = None, backoff: ItemBackoff | None = None) -> None:
        self.clock: Clock = clock or LoopClock()
        self.backoff = backoff or ItemBackoff()
        self._queue: deque[str] = deque()
        self._dirty: set[str] = set()
        self._processing: set[str] = set()
        self._waiting: dict[str, tuple[float, Timer]] = {}
        self._shutting_down = False
        self._wakeup = asyncio.Event()

    def __len__(self) -> int:
        """Keys ready to be handed out (not the processing or delayed ones)."""
        return len(self._queue)

    @property
    def shutting_down(self) -> bool:
        return self._shutting_down

    def add(self, key: str) -> None:
        if self._shutting_down or key in self._dirty:
            return
        self._dirty.add(key)
        if key not in self._processing:
            self._queue.append(key)
            self._wakeup.set()

    def add_after(self, key: str, delay: float) -> None:
        if self._shutting_down:
            return
        if delay <= 0:
            self.add(key)
            return
        when = self.clock.now() + delay
        earlier = self._waiting.get(key)
        if earlier is not None:
            if earlier[0] <= when:
                return
            earlier[1].cancel()
        timer = self.clock.call_at(when, lambda: self._fire(key))
        self._waiting[key] = (when, timer)

    def add_rate_limited(self, key: str) -> None:
        self.add_after(key, self.backoff.when(key))

    def forget(self, key: str) -> None:
        self.backoff.forget(key)

    def num_requeues(self, key: str) -> int:
        return self.backoff.failures(key)

    async def get(self) -> str:
        """The next key to process (mark it `done` afterwards); waits while none is ready."""
        while not self._queue:
            if self._shutting_down:
                raise ShutDown
            self._wakeup.clear()
            await self._wakeup.wait()
        key = self._queue.popleft()
        self._processing.add(key)
        self._dirty.discard(key)
        return key

    def done(self, key: str) -> None:
        self._processing.discard(key)
        if key in self._dirty:
            self._queue.append(key)
            self._wakeup.set()

    def shut_down(self) -> None:
        self._shutting_down = True
        for _, timer in self._waiting.values():
            timer.cancel()
        self._waiting.clear()
        self._wakeup.set()

    def _fire(self, key: str) -> None:
        self._waiting.pop(key, None)
        self.add(key)
