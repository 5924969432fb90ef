"""The live pair of every key at one revision, with ordered range reads, all in memory."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

from stead.store.interface import KeyValue


class LatestIndex:
    """Live pairs by key plus the keys in sorted order.

    Reads cost O(log n) to find a range and O(k) to copy its k pairs out; a write costs
    O(log n) plus a list insertion when it creates or removes a key.
    """

    def __init__(self, pairs: Iterable[KeyValue] = ()) -> None:
        self._pairs = {pair.key: pair for pair in pairs}
        self._keys = sorted(self._pairs)

    def get(self, key: str) -> KeyValue | None:
        return self._pairs.get(key)

    def put(self, pair: KeyValue) -> None:
        if pair.key not in self._pairs:
            insort(self._keys, pair.key)
        self._pairs[pair.key] = pair

    def remove(self, key: str) -> None:
        if self._pairs.pop(key, None) is not None:
            del self._keys[bisect_left(self._keys, key)]

    def range(self, start: str, end: str, *, limit: int) -> tuple[list[KeyValue], bool]:
        """Pairs with `start <= key < end` in key order, at most `limit` (0: all), and whether
        more keys follow the ones returned."""
        low, high = self._bounds(start, end)
        more = bool(limit) and high - low > limit
        if more:
            high = low + limit
        return [self._pairs[key] for key in self._keys[low:high]], more

    def count(self, start: str, end: str) -> int:
        low, high = self._bounds(start, end)
        return high - low

    def _bounds(self, start: str, end: str) -> tuple[int, int]:
        low = bisect_left(self._keys, start)
        return low, max(low, bisect_left(self._keys, end))
