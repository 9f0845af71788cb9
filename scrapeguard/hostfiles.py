"""Filling the guard's per-origin host-file cache with one fetch in flight per origin.

Used by the httpx transports (fetching through the wrapped transport) and by the proxy
(fetching with its own client). Concurrent requests to an origin whose robots.txt is
being fetched wait for that fetch instead of starting their own.
"""

from __future__ import annotations

import asyncio
import threading

from scrapeguard.fetch import AsyncFetcher, Fetcher
from scrapeguard.guard import Guard
from scrapeguard.resource import origin


class HostFiles:
    """Thread-safe, blocking."""

    def __init__(self, guard: Guard, fetcher: Fetcher) -> None:
        self.guard, self.fetcher = guard, fetcher
        self._locks: dict[str, threading.Lock] = {}
        self._guard_lock = threading.Lock()

    def ensure(self, url: str) -> None:
        if not self.guard.host_files_needed(url):
            return
        with self._guard_lock:
            lock = self._locks.setdefault(origin(url), threading.Lock())
        with lock:  # waiters find the cache filled when they get the lock
            for file_url in self.guard.host_files_needed(url):
                result = self.fetcher.fetch(file_url, max_bytes=self.guard.host_file_limit(file_url), follow=5)
                self.guard.store_host_file(file_url, result)
        with self._guard_lock:
            self._locks.pop(origin(url), None)


class AsyncHostFiles:
    """The asyncio twin (one event loop)."""

    def __init__(self, guard: Guard, fetcher: AsyncFetcher) -> None:
        self.guard, self.fetcher = guard, fetcher
        self._inflight: dict[str, asyncio.Future[None]] = {}

    async def ensure(self, url: str) -> None:
        key = origin(url)
        while needed := self.guard.host_files_needed(url):
            pending = self._inflight.get(key)
            if pending is not None:  # another request is fetching them; look again when it is done
                await asyncio.shield(pending)
                continue
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._inflight[key] = future
            try:  # an origin's host files are independent: fetch them concurrently
                results = await asyncio.gather(*(
                    self.fetcher.fetch(f, max_bytes=self.guard.host_file_limit(f), follow=5) for f in needed))
                for file_url, result in zip(needed, results, strict=True):
                    self.guard.store_host_file(file_url, result)
            finally:
                del self._inflight[key]
                future.set_result(None)
            return
