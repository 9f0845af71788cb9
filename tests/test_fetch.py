"""The guard's own fetches: a fetch made on a request's behalf waits no longer than the request would,
and one that the request's shorter timeout cut says so."""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from sitekit import Reply, Site, html
from scrapeguard.decision import Decision
from scrapeguard.fetch import AsyncFetcher, CutShort, Fetcher, within
from scrapeguard.guard import Guard
from scrapeguard.resource import FetchResult

QUICK = {"connect": 1.0, "read": 0.3, "write": 1.0, "pool": 1.0}  # a request's own timeout (extensions["timeout"])


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


def _fetch(mode: str, url: str, *, own: float, timeout: dict[str, float] | None) -> FetchResult:
    """One fetch of `url` (sync or async) by a fetcher waiting `own` seconds, for a request with `timeout`."""
    if mode == "sync":
        fetcher = Fetcher("TestBot/1.0", timeout=own)
        try:
            return fetcher.fetch(url, max_bytes=1024, timeout=timeout)
        finally:
            fetcher.close()

    async def go() -> FetchResult:
        afetcher = AsyncFetcher("TestBot/1.0", timeout=own)
        try:
            return await afetcher.fetch(url, max_bytes=1024, timeout=timeout)
        finally:
            await afetcher.aclose()

    return asyncio.run(go())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_fetch_on_a_requests_behalf_gives_up_at_its_timeout(site: Site, mode: str) -> None:
    """...and says it was the request's timeout that ran out, not the site's patience: the site
    may well answer within the guard's own (`CutShort`, no result to cache as the site's)."""
    site.routes["/robots.txt"] = _slow
    t0 = time.perf_counter()
    with pytest.raises(CutShort, match=r"cut by the request's own timeout: .*/robots.txt .*read timeout of 0.3 s"):
        _fetch(mode, site.url("/robots.txt"), own=10, timeout=QUICK)
    assert time.perf_counter() - t0 < 1.5


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_timeout_of_the_guards_own_is_the_sites_silence(site: Site, mode: str) -> None:
    """Where the guard's own limit is the shorter (or the same), the site did not answer in time."""
    site.routes["/robots.txt"] = _slow
    for timeout in (None, QUICK, {"connect": 5.0, "read": 2.0, "write": 5.0, "pool": 5.0}):
        result = _fetch(mode, site.url("/robots.txt"), own=0.3, timeout=timeout)
        assert result.status is None and result.error is not None and result.error.startswith("ReadTimeout")


def test_only_a_timeout_in_a_phase_the_request_shortened_is_its_own(site: Site) -> None:
    """A request whose connect limit is short but whose read limit is the guard's: a read timeout
    is the site's silence."""
    site.routes["/robots.txt"] = _slow
    result = _fetch("sync", site.url("/robots.txt"), own=0.3, timeout={"connect": 0.1, "read": 5.0})
    assert result.status is None and result.error is not None and result.error.startswith("ReadTimeout")


# URLs httpx will not send (httpx.InvalidURL: neither an HTTPError nor a ValueError)
UNSENDABLE = ["http://999.1.1.1/robots.txt", "http://\u2603.com/robots.txt"]


def _fetch_sync_and_async(url: str, follow: int = 0) -> list[FetchResult]:
    """One fetch of `url` by each fetcher."""
    fetcher = Fetcher("TestBot/1.0", timeout=2)
    try:
        results = [fetcher.fetch(url, max_bytes=1024, follow=follow)]
    finally:
        fetcher.close()

    async def go() -> FetchResult:
        afetcher = AsyncFetcher("TestBot/1.0", timeout=2)
        try:
            return await afetcher.fetch(url, max_bytes=1024, follow=follow)
        finally:
            await afetcher.aclose()

    return [*results, asyncio.run(go())]


@pytest.mark.parametrize("url", UNSENDABLE)
def test_a_url_httpx_will_not_send_is_a_failed_fetch_not_an_exception(url: str) -> None:
    """Every failure to get an answer is a result without a status, as the guard's callers expect:
    a bad IPv4 address or an IDNA host httpx cannot encode raised httpx.InvalidURL through them."""
    for result in _fetch_sync_and_async(url):
        assert result.status is None and result.error is not None and result.error.startswith("InvalidURL:")


class _Records(list):
    """An audit sink keeping what the guard records."""

    def append(self, decision: Decision) -> None:  # type: ignore[override]
        super().append(decision)


@pytest.mark.parametrize("path", ["/a\tb.html", "/a\x7fb.html", "/?q=" + "a" * 70000], ids=["tab", "del", "long"])
def test_check_url_of_a_url_no_client_sends_is_a_decision_never_an_exception(site: Site, path: str) -> None:
    """`check_request` judged such a URL as another (urlsplit drops a tab) and allowed it, then
    `check_url`'s fetch raised httpx.InvalidURL, leaving that allow as the audit log's last word.
    Now the request stage refuses it (the guard failing: on_error decides, and it is recorded)
    and nothing is fetched."""
    site.routes["/ab.html"] = html("<p>ok</p>")
    url = site.url(path)
    records = _Records()
    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=records)
    try:
        decisions = [guard.check_request(url), guard.check_url(url), asyncio.run(guard.acheck_url(url))]
    finally:
        guard.close()
    for decision in decisions:
        assert decision.action == "block" and decision.codes == ["error.valueerror"]
    assert [(r.stage, r.action) for r in records] == [("request", "block")] * 3
    assert site.hits == []
