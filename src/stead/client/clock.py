"""Injectable time for queues and controllers: the event loop's clock, or one a test moves.

A `Clock` reads monotonic seconds and schedules callbacks, which is all a delaying queue needs;
code that waits on it never sleeps itself, so tests drive time with `ManualClock.advance`.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        """Run `callback` once `now() >= when` (in the event loop, never re-entrantly)."""
        ...


class LoopClock:
    """The running event loop's monotonic clock."""

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        return asyncio.get_running_loop().call_at(when, callback)


@dataclass(order=True)
class _Pending:
    when: float
    sequence: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """A clock that moves only when `advance` is called; due callbacks run in deadline order."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._pending: list[_Pending] = []
        self._sequence = itertools.count()

    def now(self) -> float:
        return self._now

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        pending = _Pending(when, next(self._sequence), callback)
        heapq.heappush(self._pending, pending)
        return pending

    def advance(self, seconds: float) -> None:
        """Move time forward, running every callback that falls due, earliest first."""
        target = self._now + seconds
        while self._pending and self._pending[0].when <= target:
            due = heapq.heappop(self._pending)
            self._now = max(self._now, due.when)
            if not due.cancelled:
                due.callback()
        self._now = target

    @property
    def pending(self) -> int:
        """Callbacks scheduled and neither run nor cancelled."""
        return sum(1 for p in self._pending if not p.cancelled)
