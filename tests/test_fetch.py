"""The guard's own fetches: a fetch made on a request's behalf waits no longer than the request would."""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from sitekit import Reply, Site
from scrapeguard.fetch import AsyncFetcher, Fetcher, within


def test_each_phase_is_bounded_by_the_requests_own_where_that_is_shorter() -> None:
    policy = httpx.Timeout(10.0, connect=5.0)
    bounded = within(policy, {"connect": 8.0, "read": 2.0, "write": None, "pool": 20.0})
    assert (bounded.connect, bounded.read, bounded.write, bounded.pool) == (5.0, 2.0, 10.0, 10.0)
    assert within(policy, None) is policy and within(policy, {}) is policy
    unbounded = within(httpx.Timeout(None), {"connect": 1.0, "read": None, "write": None, "pool": None})
    assert (unbounded.connect, unbounded.read) == (1.0, None)


def _slow(_: BaseHTTPRequestHandler) -> Reply:
    time.sleep(3)
    return 200, {"Content-Type": "text/plain"}, b"late"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_fetch_on_a_requests_behalf_gives_up_at_its_timeout(site: Site, mode: str) -> None:
    site.routes["/robots.txt"] = _slow
    url, quick = site.url("/robots.txt"), {"connect": 1.0, "read": 0.3, "write": 1.0, "pool": 1.0}
    t0 = time.perf_counter()
    if mode == "sync":
        fetcher = Fetcher("TestBot/1.0", timeout=10)
        result = fetcher.fetch(url, max_bytes=1024, timeout=quick)
        fetcher.close()
    else:
        async def go() -> object:
            afetcher = AsyncFetcher("TestBot/1.0", timeout=10)
            try:
                return await afetcher.fetch(url, max_bytes=1024, timeout=quick)
            finally:
                await afetcher.aclose()

        result = asyncio.run(go())
    assert time.perf_counter() - t0 < 1.5
    assert result.status is None and result.error is not None and result.error.startswith("ReadTimeout")
