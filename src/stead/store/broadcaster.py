"""Watch fan-out: one bounded buffer per watcher, and the replay-then-live hand-off.

A backend publishes every committed change here, in revision order, on the event loop thread and
in the same synchronous step that makes the revision visible to its readers. A watch subscribes
when it is created; the backend names the revision visible at that moment (`upto`). Every change
after `upto` then lands in the watch's buffer and every change up to it is in the backend's
history, so the hand-off from replay to live needs no lock and loses nothing. The watch still
drops any live event at or below the last revision it has accounted for, so it never repeats one.

Writers never wait for watchers: `publish` appends to each matching buffer, and a watcher whose
buffer is full is cut off instead (its buffer is dropped; its next iteration raises
`WatchCutOff`). Closing the broadcaster (the store) makes every open watch raise `StoreClosed`;
a watch ended by its own `close()` simply stops iterating.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from stead.store.interface import StoreClosed, WatchCutOff, WatchEvent

DEFAULT_BUFFER = 10_000
"""Events a watcher may fall behind by before it is cut off."""

HistoryReader = Callable[[str, int, int], Awaitable[tuple[list[WatchEvent], int]]]
"""`(prefix, after, upto)` -> (events, read_to).

The events under `prefix` with `after < revision <= read_to`, in revision order, where
`after < read_to <= upto`: a backend may return history in chunks. Raises Compacted when
`after` is older than the compaction point.
"""


class _Subscriber:
    """The live side of one watch: a bounded buffer, and why it ended, if it did."""

    __slots__ = ("ended", "events", "limit", "prefix", "wakeup")

    def __init__(self, prefix: str, limit: int) -> None:
        self.prefix = prefix
        self.limit = limit
        self.events: deque[WatchEvent] = deque()
        self.ended: BaseException | None = None
        """What iteration raises from now on; StopAsyncIteration once its owner closed it."""
        self.wakeup = asyncio.Event()

    def end(self, reason: BaseException) -> None:
        if self.ended is None:
            self.ended = reason
        self.events.clear()
        self.wakeup.set()


class Broadcaster:
    def __init__(self, *, buffer_size: int = DEFAULT_BUFFER) -> None:
        if buffer_size < 1:
            raise ValueError(f"watch buffer size must be positive, got {buffer_size}")
        self._buffer_size = buffer_size
        self._subscribers: set[_Subscriber] = set()
        self._closed = False

    def publish(self, event: WatchEvent) -> None:
        """Hand `event` to every watcher of its key; never blocks, never waits."""
        cut_off: list[_Subscriber] = []
        for sub in self._subscribers:
            if not event.key.startswith(sub.prefix):
                continue
            if len(sub.events) >= sub.limit:
                cut_off.append(sub)
                continue
            sub.events.append(event)
            sub.wakeup.set()
        for sub in cut_off:
            self._subscribers.discard(sub)
            sub.end(WatchCutOff(f"watch on {sub.prefix!r} fell {sub.limit} events behind"))

    def watch(
        self, prefix: str, *, after_revision: int, upto: int, history: HistoryReader
    ) -> ReplayWatch:
        """A watch of `prefix` after `after_revision`; `upto` is the backend's visible revision.

        Raises ValueError for a negative `after_revision`.
        """
        if after_revision < 0:
            raise ValueError(f"after_revision must not be negative, got {after_revision}")
        sub = _Subscriber(prefix, self._buffer_size)
        if self._closed:
            sub.end(StoreClosed("the store is closed"))
        else:
            self._subscribers.add(sub)
        return ReplayWatch(self, sub, after_revision=after_revision, upto=upto, history=history)

    def unsubscribe(self, sub: _Subscriber) -> None:
        self._subscribers.discard(sub)

    def close(self) -> None:
        """End every watch with StoreClosed; later watches end at once."""
        self._closed = True
        for sub in self._subscribers:
            sub.end(StoreClosed("the store was closed"))
        self._subscribers.clear()


class ReplayWatch:
    """A `Watch`: history from the backend up to `upto`, then the live buffer."""

    def __init__(
        self,
        broadcaster: Broadcaster,
        sub: _Subscriber,
        *,
        after_revision: int,
        upto: int,
        history: HistoryReader,
    ) -> None:
        self._broadcaster = broadcaster
        self._sub = sub
        self._cursor = after_revision
        """Every change up to this revision has been queued, yielded or skipped."""
        self._upto = upto
        self._history = history
        self._replayed: deque[WatchEvent] = deque()

    def __aiter__(self) -> ReplayWatch:
        return self

    async def __anext__(self) -> WatchEvent:
        while True:
            self._raise_if_ended()
            if self._replayed:
                return self._replayed.popleft()
            if self._cursor < self._upto:
                await self._replay_chunk()
                continue
            if not self._sub.events:
                self._sub.wakeup.clear()
                await self._sub.wakeup.wait()
                continue
            event = self._sub.events.popleft()
            if event.revision > self._cursor:
                self._cursor = event.revision
                return event

    async def close(self) -> None:
        """End iteration: a pending or later `__anext__` raises StopAsyncIteration."""
        self._broadcaster.unsubscribe(self._sub)
        self._sub.end(StopAsyncIteration())

    async def _replay_chunk(self) -> None:
        try:
            events, read_to = await self._history(self._sub.prefix, self._cursor, self._upto)
        except Exception as failure:
            self._broadcaster.unsubscribe(self._sub)
            self._sub.end(failure)
            raise
        if self._sub.ended is None:
            self._replayed.extend(events)
            self._cursor = read_to

    def _raise_if_ended(self) -> None:
        reason = self._sub.ended
        if reason is None:
            return
        self._replayed.clear()
        raise reason.with_traceback(None)
