"""Bounded caches: every cache in the guard has a size limit, so memory stays flat over
a crawl of any length."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A thread-safe LRU map with an optional time-to-live per entry, bounded by its number of
    entries and, when `max_weight` is given, by the sum of their weights (what `set` is told an
    entry costs): entries that cost very different amounts (a 500 KiB robots.txt and a 2 kB one)
    are then bounded by what they hold, not only by how many there are."""

    def __init__(self, max_entries: int, clock: Callable[[], float] = time.monotonic,
                 max_weight: int | None = None, on_evict: Callable[[K, V], None] | None = None) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        if max_weight is not None and max_weight < 1:
            raise ValueError("max_weight must be at least 1")
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._clock = clock
        self._data: OrderedDict[K, tuple[V, float | None, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()
        # told of each entry the limits push out (not of one expired or popped), under the lock: what a
        # cache that forgets must leave behind elsewhere (`image_context.ImageContexts`)
        self._on_evict = on_evict

    def get(self, key: K) -> V | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            value, expires, weight = item
            if expires is not None and self._clock() >= expires:
                del self._data[key]
                self._weight -= weight
                return None
            self._data.move_to_end(key)
            return value

    def pop(self, key: K) -> V | None:
        """Remove and return an entry (None when absent or expired)."""
        with self._lock:
            item = self._data.pop(key, None)
            if item is not None:
                self._weight -= item[2]
        if item is None:
            return None
        value, expires, _ = item
        return None if expires is not None and self._clock() >= expires else value

    def set(self, key: K, value: V, ttl: float | None = None, weight: int = 1) -> None:
        """Keep `value`; the least recently used entries go while there are too many or, with a
        `max_weight`, while they weigh too much together (the newest entry always stays)."""
        expires = None if ttl is None else self._clock() + ttl
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._weight -= old[2]
            self._data[key] = (value, expires, weight)
            self._weight += weight
            while len(self._data) > self.max_entries or (
                    self.max_weight is not None and self._weight > self.max_weight and len(self._data) > 1):
                gone, (kept, _, dropped) = self._data.popitem(last=False)
                self._weight -= dropped
                if self._on_evict is not None:
                    # (under the lock: a reader finds the entry or what the hook left of it, never neither;
                    # the hook must not use this cache; found in review)
                    self._on_evict(gone, kept)

    @property
    def weight(self) -> int:
        """The sum of the kept entries' weights (their number when `set` was given none)."""
        return self._weight

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._weight = 0


class LossyKeySet:
    """A fixed-size set of integer keys (a Bloom filter): it may answer yes for a key never added,
    never no for one added. Why: what a bounded cache forgets must still count where forgetting it
    would allow what it forbade (`image_context.ImageContexts`: a page's opt-outs about an image, pushed
    out before the image was requested), in memory that stays flat; a false yes only makes a decision
    stricter, and says so."""

    HASHES = 7  # (the fewest false yeses at ten bits a key: about one in 120)
    _MASK = (1 << 64) - 1

    def __init__(self, bits: int) -> None:
        if bits < 8:
            raise ValueError("bits must be at least 8")
        self._bits = bytearray((bits + 7) // 8)
        self._size = len(self._bits) * 8
        self._lock = threading.Lock()
        self.added = 0  # keys added (a repeated one counts again): how full it is, for whoever reports it

    def _positions(self, key: int) -> Iterator[int]:
        """The key's bit positions, lazily: a look stops at the first bit unset."""
        h = key & self._MASK
        for i in range(self.HASHES):
            h = ((h ^ (h >> 31)) * 0x9E3779B97F4A7C15 + i) & self._MASK  # (a multiplicative mix per hash)
            yield (h >> 11) % self._size

    def add(self, key: int) -> None:
        with self._lock:  # (`|=` reads and writes a byte: two threads at one byte lost a bit)
            for pos in self._positions(key):
                self._bits[pos >> 3] |= 1 << (pos & 7)
            self.added += 1

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int):
            return False
        return all(self._bits[pos >> 3] & (1 << (pos & 7)) for pos in self._positions(key))
