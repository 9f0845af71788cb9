"""HostFiles / AsyncHostFiles: an origin's host files fetched once, and an origin whose
robots.txt does not answer not asked for anything else while that answer stands."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

import scrapeguard.hostfiles
from sitekit import Reply, Site, text
from scrapeguard import Guard
from scrapeguard.fetch import AsyncFetcher, Fetcher
from scrapeguard.hostfiles import AsyncHostFiles, HostFiles
from scrapeguard.resource import FetchResult
from scrapeguard.signals import host_file_readers
from scrapeguard.signals.robots import RobotsFile

UA = "TestBot/1.0"
QUICK = {"connect": 1.0, "read": 0.3, "write": 1.0, "pool": 1.0}  # a request's own timeout (extensions["timeout"])


def _hang(seconds: float) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def route(_: BaseHTTPRequestHandler) -> Reply:
        time.sleep(seconds)
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"

    return route


class _ShortRobots(RobotsFile):
    """robots.txt whose every answer is cached for 0.2 s: an unreachable origin is tried again soon."""

    def ttl(self, result: FetchResult) -> float:
        return 0.2


def _ensure(mode: str, g: Guard, url: str) -> float:
    """One `ensure` of `url` (sync or async, each with its own fetcher); how long it took."""
    t0 = time.perf_counter()
    if mode == "sync":
        fetcher = Fetcher(UA)
        HostFiles(g, fetcher).ensure(url, timeout=QUICK)
        fetcher.close()
    else:
        async def go() -> None:
            afetcher = AsyncFetcher(UA)
            await AsyncHostFiles(g, afetcher).ensure(url, timeout=QUICK)
            await afetcher.aclose()

        asyncio.run(go())
    return time.perf_counter() - t0


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_origin_whose_robots_txt_does_not_answer_is_asked_for_nothing_else(site: Site, mode: str) -> None:
    """RFC 9309: robots.txt unreachable means disallow all; tdmrep.json and ai.txt of that host would
    only wait as long again (the sync transport waited 3 x 10 s on a silent host)."""
    site.routes.update({"/robots.txt": _hang(3), "/.well-known/tdmrep.json": _hang(3), "/ai.txt": _hang(3)})
    g = Guard("gdpr-strict", user_agent=UA, audit=False)
    url = site.url("/page.html")
    assert _ensure(mode, g, url) < 1.5  # one wait, bounded by the request's own read timeout
    decision = g.decide_request(url)
    assert decision.has("robots.unreachable") and not decision.allowed
    if mode == "sync":  # (async: asked at the same time as robots.txt, and given up on with it)
        assert site.hits == ["/robots.txt"]
        assert sorted(n.detail.split()[0] for n in decision.notes if n.code == "hostfile.not_fetched") == \
            ["/.well-known/tdmrep.json", "/ai.txt"]
    hits = list(site.hits)
    assert _ensure(mode, g, site.url("/other.html")) < 0.2  # while that answer stands: nothing is asked
    assert site.hits == hits


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_when_robots_txt_answers_again_the_other_files_are_fetched(site: Site, mode: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scrapeguard.hostfiles, "RETRY_SECONDS", 0.2)  # as the reader caches the silence
    site.routes.update({"/robots.txt": _hang(1)})
    g = Guard("gdpr-strict", user_agent=UA, audit=False, host_files=[_ShortRobots(), *host_file_readers()[1:]])
    _ensure(mode, g, site.url("/page.html"))
    time.sleep(0.3)
    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    _ensure(mode, g, site.url("/page.html"))
    assert g.host_files_needed(site.url("/page.html")) == []
    assert sorted(site.hits) == ["/.well-known/tdmrep.json", "/ai.txt", "/robots.txt", "/robots.txt"]
    assert g.decide_request(site.url("/page.html")).allowed


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_robots_txt_that_answers_with_an_error_does_not_stop_the_others(site: Site, mode: str) -> None:
    """A 503 is an answer (disallow all for now, RFC 9309 §2.3.1.4), from a host that answers:
    its other files are read as usual."""
    site.routes.update({"/robots.txt": text("busy", status=503)})
    g = Guard("gdpr-strict", user_agent=UA, audit=False)
    _ensure(mode, g, site.url("/page.html"))
    assert sorted(site.hits) == ["/.well-known/tdmrep.json", "/ai.txt", "/robots.txt"]
    assert g.host_files_needed(site.url("/page.html")) == []


def test_concurrent_requests_under_trio_fetch_an_origins_files_once(site: Site) -> None:
    trio = pytest.importorskip("trio")
    site.routes.update({"/robots.txt": _hang(0.3)})
    g = Guard("gdpr-strict", user_agent=UA, audit=False)

    async def main() -> None:
        afetcher = AsyncFetcher(UA)
        files = AsyncHostFiles(g, afetcher)
        async with trio.open_nursery() as nursery:
            for i in range(8):
                nursery.start_soon(files.ensure, site.url(f"/p{i}.html"))
        await afetcher.aclose()

    trio.run(main)
    assert sorted(site.hits) == ["/.well-known/tdmrep.json", "/ai.txt", "/robots.txt"]
    assert g.decide_request(site.url("/p1.html")).allowed


def test_a_wrapped_transports_own_error_surfaces_as_itself() -> None:
    """Fetching concurrently must not wrap it in an ExceptionGroup: callers catch what they know."""
    class Broken(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise KeyError("broken transport")

    async def go() -> None:
        afetcher = AsyncFetcher(UA, transport=Broken())
        try:
            await AsyncHostFiles(Guard("gdpr-strict", user_agent=UA, audit=False), afetcher).ensure("http://site.test/")
        finally:
            await afetcher.aclose()

    with pytest.raises(KeyError, match="broken transport"):
        asyncio.run(go())
