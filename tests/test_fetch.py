"""The guard's own fetches: a fetch made on a request's behalf waits no longer than the request would,
and one that the request's shorter timeout cut says so."""

from __future__ import annotations

import asyncio
import gzip
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from sitekit import Reply, Site, html, text
from scrapeguard.decision import Decision
from scrapeguard.fetch import AsyncFetcher, CutShort, Fetcher, within
from scrapeguard.guard import Guard
from scrapeguard.resource import FetchResult

QUICK = {"connect": 1.0, "read": 0.3, "write": 1.0, "pool": 1.0}  # a request's own timeout (extensions["timeout"])


def test_each_phase_is_bounded_by_the_requests_own_where_that_is_shorter() -> None:
    """...but the wait for a connection from the pool is the request's own wait, as long as it is."""
    policy = httpx.Timeout(10.0, connect=5.0)
    bounded = within(policy, {"connect": 8.0, "read": 2.0, "write": None, "pool": 20.0})
    assert (bounded.connect, bounded.read, bounded.write, bounded.pool) == (5.0, 2.0, 10.0, 20.0)
    assert within(policy, {"connect": 8.0, "read": 2.0, "write": None, "pool": None}).pool is None
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


def test_no_connection_from_a_busy_pool_says_nothing_of_the_site(site: Site) -> None:
    """A host file fetched through a client's own transport (the httpx adapter lends it) whose pool is
    busy with the client's requests (one connection, a slow page on it) got no connection within the
    guard's timeout: the PoolTimeout was read as the site's silence, a robots.txt "unreachable", and
    the site refused for the retry period though it was never asked. It is the fetch cut short (for
    the request it was made for: the guard failing, on_error), no answer of the site's."""
    import threading

    site.routes["/slow"] = _slow
    site.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    pool = httpx.HTTPTransport(limits=httpx.Limits(max_connections=1))
    busy = threading.Thread(target=lambda: httpx.Client(transport=pool).get(site.url("/slow"), timeout=10))
    busy.start()
    time.sleep(0.3)  # (the slow page holds the one connection)
    fetcher = Fetcher("TestBot/1.0", timeout=0.3, transport=pool)
    try:
        with pytest.raises(CutShort, match="no connection from the client.s pool"):
            fetcher.fetch(site.url("/robots.txt"), max_bytes=1024)
    finally:
        busy.join()
        fetcher.close()


@pytest.mark.parametrize("bounded", [False, True])
def test_no_connection_from_a_busy_pool_says_nothing_of_the_site_async(site: Site, bounded: bool) -> None:
    """As above, for the async fetcher; `bounded` (the whole fetch within the guard's timeout) cut the wait
    for a connection as if the site's answer had come too slowly."""
    site.routes["/slow"] = _slow
    site.routes["/robots.txt"] = lambda _: (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")

    async def go() -> None:
        pool = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1))
        async with httpx.AsyncClient(transport=pool) as client:
            busy = asyncio.create_task(client.get(site.url("/slow"), timeout=10))
            await asyncio.sleep(0.3)  # (the slow page holds the one connection)
            fetcher = AsyncFetcher("TestBot/1.0", timeout=0.3, transport=pool)
            with pytest.raises(CutShort, match="no connection from the client.s pool"):
                await fetcher.fetch(site.url("/robots.txt"), max_bytes=1024, bounded=bounded)
            await busy

    asyncio.run(go())


# a request's own timeout, as httpx hands it to a transport, that waits for a connection longer than the guard's
PATIENT = {"connect": 2.0, "read": 5.0, "write": 2.0, "pool": 5.0}


def _slowish(_: BaseHTTPRequestHandler) -> Reply:
    time.sleep(1.0)
    return 200, {"Content-Type": "text/plain"}, b"late"


def _silent(_: BaseHTTPRequestHandler) -> Reply:
    time.sleep(1.0)
    return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"


def _behind_a_slow_page(site: Site, mode: str, path: str, *, own: float, timeout: dict[str, float],
                        bounded: bool = False) -> tuple[FetchResult, float]:
    """`path` fetched (sync or async) by a fetcher waiting `own` seconds, on a request's behalf (`timeout`),
    through a pool of one connection that a slow page holds for a second; with how long it took."""
    site.routes["/slow"] = _slowish
    if mode == "sync":
        import threading

        pool = httpx.HTTPTransport(limits=httpx.Limits(max_connections=1))
        busy = threading.Thread(target=lambda: httpx.Client(transport=pool).get(site.url("/slow"), timeout=10))
        busy.start()
        time.sleep(0.2)  # (the slow page holds the one connection)
        fetcher = Fetcher("TestBot/1.0", timeout=own, transport=pool)
        began = time.monotonic()
        try:
            return fetcher.fetch(site.url(path), max_bytes=1024, timeout=timeout, bounded=bounded), \
                time.monotonic() - began
        finally:
            busy.join()
            fetcher.close()

    async def go() -> tuple[FetchResult, float]:
        apool = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1))
        async with httpx.AsyncClient(transport=apool) as client:
            slow = asyncio.create_task(client.get(site.url("/slow"), timeout=10))
            await asyncio.sleep(0.2)  # (the slow page holds the one connection)
            afetcher = AsyncFetcher("TestBot/1.0", timeout=own, transport=apool)
            began = time.monotonic()
            try:
                return await afetcher.fetch(site.url(path), max_bytes=1024, timeout=timeout, bounded=bounded), \
                    time.monotonic() - began
            finally:
                await slow

    return asyncio.run(go())


@pytest.mark.parametrize(("mode", "bounded"), [("sync", False), ("sync", True), ("async", False), ("async", True)])
def test_a_fetch_on_a_requests_behalf_waits_for_a_connection_as_the_request_would(site: Site, mode: str,
                                                                                  bounded: bool) -> None:
    """A host file fetched through a client's own pool (the httpx adapter lends it), busy with a slow page,
    waits for a connection as long as the request itself would (its own pool timeout), not the guard's
    timeout, which is the site's time to answer and counts from when the fetch has a connection: cut at the
    guard's 0.3 s, the request was failed (451 under fail-closed) where plain httpx waited and got 200."""
    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    result, took = _behind_a_slow_page(site, mode, "/robots.txt", own=0.3, timeout=PATIENT, bounded=bounded)
    assert result.status == 200 and result.body == b"User-agent: *\nAllow: /\n"
    assert took > 0.5  # (it did wait for the slow page's connection)


@pytest.mark.parametrize(("mode", "bounded"), [("sync", False), ("sync", True), ("async", False), ("async", True)])
def test_a_site_silent_once_the_fetch_has_its_connection_is_the_sites_silence(site: Site, mode: str,
                                                                              bounded: bool) -> None:
    """...and a site that stays silent past the guard's timeout once the fetch has a connection is the
    site's silence (robots.txt unreachable), not the request's timeout cutting it."""
    site.routes["/robots.txt"] = _silent
    result, took = _behind_a_slow_page(site, mode, "/robots.txt", own=0.3, timeout=PATIENT, bounded=bounded)
    assert result.status is None and result.error is not None and "Timeout" in result.error
    assert took < 1.6  # (the wait for the connection, then the guard's 0.3 s, not the site's whole second)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_requests_own_shorter_pool_timeout_still_cuts_the_wait_for_a_connection(site: Site, mode: str) -> None:
    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    with pytest.raises(CutShort, match="no connection from the client.s pool within 0.2 s"):
        _behind_a_slow_page(site, mode, "/robots.txt", own=3.0, timeout={**PATIENT, "pool": 0.2}, bounded=True)


def test_a_later_hop_cut_by_the_deadline_before_any_event_is_the_sites_slowness() -> None:
    """A connection once had counts for the whole try: a redirect's next hop cut by the guard's deadline
    before its transport told any event (one that tells none, or a wait for the pool) was called "no
    connection from the client's pool ... was not asked", for a site that was asked and answered the
    first hop. It is the answer coming too slowly (overdue), as for the first hop."""
    import anyio

    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/a":
                return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/b"}, stream=httpx.ByteStream(b""))
            await anyio.sleep(1)  # (the next hop: no event, no answer within the guard's 0.2 s)
            return httpx.Response(200, stream=httpx.ByteStream(b"ok"))

    async def go() -> list[FetchResult]:
        out = []
        for own in (None, {"read": 5.0, "connect": 5.0, "write": 5.0, "pool": 5.0}):
            fetcher = AsyncFetcher("TestBot/1.0", timeout=0.2, transport=Slow())
            try:
                out.append(await fetcher.fetch("http://127.0.0.1:9/a", max_bytes=1000, follow=2, bounded=True,
                                               timeout=own))
            finally:
                await fetcher.aclose()
        return out

    for result in asyncio.run(go()):
        assert result.status is None and result.error is not None and "too slowly" in result.error, result


# URLs httpx will not send (httpx.InvalidURL: neither an HTTPError nor a ValueError)
UNSENDABLE = ["http://999.1.1.1/robots.txt", "http://\u2603.com/robots.txt"]


def _fetch_sync_and_async(url: str, follow: int = 0, *, max_bytes: int = 1024,
                          coded_as_sent: bool = False, tries: int = 0) -> list[FetchResult]:
    """One fetch of `url` by each fetcher."""
    fetcher = Fetcher("TestBot/1.0", timeout=2)
    try:
        results = [fetcher.fetch(url, max_bytes=max_bytes, follow=follow, coded_as_sent=coded_as_sent, tries=tries)]
    finally:
        fetcher.close()

    async def go() -> FetchResult:
        afetcher = AsyncFetcher("TestBot/1.0", timeout=2)
        try:
            return await afetcher.fetch(url, max_bytes=max_bytes, follow=follow, coded_as_sent=coded_as_sent,
                                        tries=tries)
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

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        return None  # (no erasure or objection requests)


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


# ------------------------------------------------- a body in a content coding, and one that will not decode
NOAI_PAGE = (b'<html><head><meta name="robots" content="noai"></head><body><p>News of the day, told at length '
             b'so that the page is longer than its compressed form.</p></body></html>')
_WORDS = " ".join(str(i * 7919 % 10007) for i in range(3000)).encode()  # (compresses little)
# bytes a site sends as gzip (or `compress`) that do not decode as such
UNDECODABLE: dict[str, tuple[str, bytes]] = {
    "corrupt gzip": ("gzip", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4),  # gzip's magic, then no gzip
    "plain page sent as gzip": ("gzip", NOAI_PAGE),
    "gzip broken off": ("gzip", gzip.compress(NOAI_PAGE + b"<p>" + _WORDS)[:-300]),
    "a coding not undone here": ("compress", b"\x1f\x9d\x90" + bytes(range(256)) * 4),
    "gzip sent as a name that is no coding": ("utf-8", gzip.compress(NOAI_PAGE + b"<p>" + _WORDS)),  # no text
}


def _serving_undecodable(site: Site) -> None:
    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    for name, (coding, body) in UNDECODABLE.items():
        site.routes["/" + name.replace(" ", "-")] = (200, {"Content-Type": "text/html", "Content-Encoding": coding}, body)


def _decision_of(guard: Guard, result: FetchResult) -> Decision:
    """What the guard makes of a fetch's result (as check_url hands it over)."""
    assert result.status is not None
    return guard.check_response(result.url, result.status, result.headers, result.body, truncated=result.truncated)


# what a host file's fetch reads as it came: plain text its coding's decoder failed on (`codings.decode_host_file`)
READ_AS_SENT = frozenset({"plain page sent as gzip"})


@pytest.mark.parametrize("name", sorted(set(UNDECODABLE) - READ_AS_SENT))
def test_a_body_that_will_not_decode_is_a_failed_fetch_of_a_host_file(site: Site, name: str) -> None:
    """A robots.txt sent as gzip that is none stays "unreachable" (RFC 9309: disallow all), never
    its coded bytes read as rules (none: allow all)."""
    _serving_undecodable(site)
    for result in _fetch_sync_and_async(site.url("/" + name.replace(" ", "-")), follow=5, max_bytes=1 << 20):
        assert result.status is None and result.error is not None
        assert result.error.startswith(("DecodingError:", "ValueError:"))


def test_a_host_file_sent_as_it_is_under_gzip_is_read_as_it_came(site: Site) -> None:
    """(A signals review: a plain-text robots.txt sent with `Content-Encoding: gzip` was "unreachable", the whole
    origin disallowed each minute again for as long as the server said so.) Its words are read."""
    rules = b"User-agent: *\nDisallow: /private/\n"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, rules)
    for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5):
        assert (result.status, result.body, result.truncated) == (200, rules, False)


@pytest.mark.parametrize("coding", ["utf-8", "none", "binary", "x-unknown", "gzip, utf-8"])
def test_a_host_file_sent_with_a_name_that_is_no_coding_is_read_as_plain_text(site: Site, coding: str) -> None:
    """httpx, Scrapy and browsers read a robots.txt sent as `Content-Encoding: utf-8` as it is; the
    guard called it unreachable and disallowed its whole origin. The name stays in its headers (nothing
    undid it), for the reader to note; the real codings beside it are undone and dropped."""
    rules = b"User-agent: *\nDisallow: /private/\n"
    sent = gzip.compress(rules) if coding.startswith("gzip") else rules
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain", "Content-Encoding": coding}, sent)
    for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5):
        assert (result.status, result.body, result.truncated) == (200, rules, False)
        assert result.headers.get("content-encoding") == coding.removeprefix("gzip, ")


@pytest.mark.parametrize("name", list(UNDECODABLE))
def test_coded_as_sent_hands_a_body_that_will_not_decode_back_as_it_came(site: Site, name: str) -> None:
    """...with its Content-Encoding, so the guard judges it as it judges the same bytes from any
    caller (`body.encoded`, the part that decodes, or the bytes as given), not as no answer."""
    _serving_undecodable(site)
    coding, sent = UNDECODABLE[name]
    url = site.url("/" + name.replace(" ", "-"))
    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False)
    try:
        results = _fetch_sync_and_async(url, max_bytes=1 << 20, coded_as_sent=True)
        direct = guard.check_response(url, 200, {"Content-Type": "text/html", "Content-Encoding": coding}, sent)
        for result in results:
            assert (result.status, result.body, result.truncated) == (200, sent, False)
            assert result.headers.get("content-encoding") == coding
            judged = _decision_of(guard, result)
            assert (judged.action, judged.codes, [n.code for n in judged.notes]) == (
                direct.action, direct.codes, [n.code for n in direct.notes])
    finally:
        guard.close()


def test_a_decoded_body_comes_back_without_the_headers_of_its_coded_bytes(site: Site) -> None:
    """Content-Encoding kept beside the decoded bytes told the guard they were still coded: a
    .tar.gz sent gzip'd was inflated a second time (and hashed as the tar inside), a text with
    control bytes refused as `body.encoded`, a page noted `body.coding_unclear`."""
    site.routes["/page.html"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(NOAI_PAGE))
    for result in _fetch_sync_and_async(site.url("/page.html")):
        assert result.status == 200 and result.body == NOAI_PAGE and not result.truncated
        assert result.headers.get("content-encoding") is None and result.headers.get("content-length") is None
        assert result.headers.get("content-type") == "text/html"


def test_a_coded_body_is_decoded_no_further_than_the_cap(site: Site) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 20_000_000)  # 20 MB in 20 KB
    site.routes["/bomb.html"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    for result in _fetch_sync_and_async(site.url("/bomb.html")):
        assert result.status == 200 and result.truncated and result.body == (b"<p>" + b"a" * 20_000)[:1024]


def test_a_coded_body_the_cap_cuts_is_its_decoded_start_not_a_failure(site: Site) -> None:
    """A coded body longer than the cap ends mid-coding where the cap cut it: what decoded is its
    start, cut (for the guard: `body.too_large`), whether or not the caller takes undecodable bodies."""
    coded = gzip.compress(_WORDS * 2)
    assert len(coded) > 1024
    site.routes["/long.txt"] = (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, coded)
    for result in _fetch_sync_and_async(site.url("/long.txt")):
        assert result.status == 200 and result.truncated and result.body == (_WORDS * 2)[:1024]


@pytest.mark.parametrize("inner", ["tar.gz", "text with control bytes"])
def test_check_url_judges_what_a_coded_answer_holds_as_check_response_does(site: Site, inner: str) -> None:
    import io
    import tarfile
    from hashlib import sha256

    if inner == "tar.gz":
        packed = io.BytesIO()
        with tarfile.open(fileobj=packed, mode="w:gz") as archive:
            info = tarfile.TarInfo("a.txt")
            info.size = 5
            archive.addfile(info, io.BytesIO(b"hello"))
        ctype, body = "application/gzip", packed.getvalue()
    else:
        ctype, body = "text/plain", b"1\x01anna\x01x\x012024\n" * 60
    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    site.routes["/file"] = (200, {"Content-Type": ctype, "Content-Encoding": "gzip"}, gzip.compress(body))
    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False)
    try:
        for decision in (guard.check_url(site.url("/file")), asyncio.run(guard.acheck_url(site.url("/file")))):
            # (a .tar.gz is a compressed file whose contents the guard does not read: said since session 60)
            unread = ["body.container"] if inner == "tar.gz" else []
            assert decision.action == "allow" and decision.codes == [] and [n.code for n in decision.notes] == unread
            assert decision.body_sha256 == sha256(body).hexdigest()
    finally:
        guard.close()


@pytest.mark.parametrize("policy", ["gdpr-strict", "log-only"])
@pytest.mark.parametrize("name", list(UNDECODABLE))
def test_check_url_records_a_body_that_will_not_decode_as_check_response_does(site: Site, name: str,
                                                                            policy: str) -> None:
    """A corrupt gzip body, a plain page sent as gzip, gzip broken off, a coding not undone here:
    check_url recorded 'error.connectionerror' ('no response') for each, check_response given the
    same status, headers and bytes `body.encoded`, the part that decodes, or the bytes as given."""
    _serving_undecodable(site)
    coding, sent = UNDECODABLE[name]
    url = site.url("/" + name.replace(" ", "-"))
    records = _Records()
    guard = Guard(policy, user_agent="TestBot/1.0", audit=records)
    try:
        fetched = [guard.check_url(url), asyncio.run(guard.acheck_url(url))]  # (host files are fetched first)
        direct = guard.check_response(url, 200, {"Content-Type": "text/html", "Content-Encoding": coding}, sent)
        for decision in fetched:
            assert (decision.action, decision.codes, [n.code for n in decision.notes]) == (
                direct.action, direct.codes, [n.code for n in direct.notes])
    finally:
        guard.close()
    assert "error.connectionerror" not in {code for r in records for code in r.codes}


def test_a_host_file_compressed_without_its_header_is_read_as_what_it_holds(site: Site) -> None:
    """A pre-compressed robots.txt sent without `Content-Encoding` (a static host serving the .gz as is):
    read as it came, its gzip bytes held no rule, and the whole site was allowed without a word."""
    import zstandard

    rules = b"User-agent: *\nDisallow: /private/\n"
    for packed in (gzip.compress(rules), zstandard.ZstdCompressor().compress(rules)):
        site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, packed)
        for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5):
            assert (result.status, result.body, result.truncated) == (200, rules, False)
        guard = Guard("search-index", user_agent="TestBot/1.0", audit=False)
        try:
            assert guard.check_url(site.url("/private/x")).codes == ["robots.disallow"]
        finally:
            guard.close()



@pytest.mark.parametrize("pack", [
    pytest.param(lambda data: __import__("brotli").compress(data), id="br"),
    pytest.param(lambda data: __import__("zlib").compress(data), id="deflate"),
    pytest.param(lambda data: __import__("zlib").compress(data)[2:-4], id="raw deflate"),
])
def test_a_host_file_in_a_coding_without_a_magic_number_and_no_header_is_read_as_what_it_holds(site: Site,
                                                                                              pack) -> None:
    """A robots.txt in brotli or deflate sent without `Content-Encoding` (a CDN serving a pre-compressed
    robots.txt.br and dropping the header): gzip and zstd are told by their magic number, these have
    none, so its bytes were read as the file: no rule in them, and the whole site was allowed without a word."""
    rules = b"User-agent: *\nDisallow: /private/\n"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, pack(rules))
    for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5):
        assert (result.status, result.body, result.truncated) == (200, rules, False)
    guard = Guard("search-index", user_agent="TestBot/1.0", audit=False)
    try:
        assert guard.check_url(site.url("/private/x")).codes == ["robots.disallow"]
    finally:
        guard.close()


@pytest.mark.parametrize("name", sorted(set(UNDECODABLE) - READ_AS_SENT))
def test_a_body_that_will_not_decode_is_not_tried_again(site: Site, name: str) -> None:
    """Tries are for what another try may not meet (a 503, a dropped connection), as Scrapy's
    RetryMiddleware retries: a body that is not its coding would fail the same way each time."""
    _serving_undecodable(site)
    path = "/" + name.replace(" ", "-")
    for result in _fetch_sync_and_async(site.url(path), follow=5, max_bytes=1 << 20, tries=2):
        assert result.status is None and "tries" not in (result.error or "")
    assert site.hits.count(path) == 2  # (once by each fetcher)


def test_a_redirect_ending_in_a_503_is_tried_again_from_its_start(site: Site) -> None:
    """The 503 stands after the tries (what RFC 9309 reads as disallow all), saying how many were made."""
    site.routes.update({"/robots.txt": (301, {"Location": "/moved.txt"}, b""), "/moved.txt": text("busy", status=503)})
    for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5, tries=2):
        assert (result.status, result.redirects, result.error) == (503, 1, "HTTP 503 (after 3 tries)")
    assert site.hits == ["/robots.txt", "/moved.txt"] * 6  # three tries by each fetcher


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_guards_fetches_keep_no_cookies(site: Site, mode: str) -> None:
    """A fetcher lives as long as the crawl (the proxy's, a transport's) and kept every cookie its host
    files were sent (a CDN sets one on each answer): 20,000 origins in, each fetch spent half a second in
    the cookie jar, and every site was sent back the cookie it set to tell this crawler's visits apart."""
    sent: list[str | None] = []

    def robots(handler: BaseHTTPRequestHandler) -> Reply:
        sent.append(handler.headers.get("Cookie"))
        return 200, [("Content-Type", "text/plain"), ("Set-Cookie", "__cf_bm=visit-1; Path=/; Max-Age=1800")], b""

    site.routes["/robots.txt"] = robots
    urls = [site.url("/robots.txt")] * 2
    if mode == "sync":
        fetcher = Fetcher("TestBot/1.0", timeout=2)
        statuses = [fetcher.fetch(url, max_bytes=1024).status for url in urls]
        held = len(fetcher._client.cookies.jar)
        fetcher.close()
    else:
        async def go() -> tuple[list[int | None], int]:
            afetcher = AsyncFetcher("TestBot/1.0", timeout=2)
            try:
                return [(await afetcher.fetch(url, max_bytes=1024)).status for url in urls], \
                    len(afetcher._client.cookies.jar)
            finally:
                await afetcher.aclose()

        statuses, held = asyncio.run(go())
    assert statuses == [200, 200] and sent == [None, None] and held == 0


def _cookie_handshake(site: Site, path: str, body: bytes, content_type: str) -> None:
    """`path` answers a client without the site's cookie with Set-Cookie and a redirect to itself,
    as bot walls and CDNs do; with it, `body`."""
    def answer(handler: BaseHTTPRequestHandler) -> Reply:
        if "handshake=1" not in (handler.headers.get("Cookie") or ""):
            return 302, [("Set-Cookie", "handshake=1; Path=/"), ("Location", path)], b""
        return 200, [("Content-Type", content_type)], body

    site.routes[path] = answer


def test_a_robots_txt_behind_a_cookie_handshake_is_read(site: Site) -> None:
    """Keeping no cookie at all, the fetch of such a robots.txt redirected to the limit and was read as
    unavailable (allow all): its Disallow was lost. A cookie goes back within the fetch, and no further."""
    _cookie_handshake(site, "/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for result in _fetch_sync_and_async(site.url("/robots.txt"), follow=5):
        assert (result.status, result.body) == (200, b"User-agent: *\nDisallow: /private/\n")
    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False)
    try:
        assert guard.check_request(site.url("/private/a.html")).codes == ["robots.disallow"]
        assert asyncio.run(guard.acheck_request(site.url("/private/b.html"))).codes == ["robots.disallow"]
        # two hops a fetch (each fetcher's, then the guard's one for both checks): no fetch starts with
        # the cookie an earlier one was sent
        assert site.hits.count("/robots.txt") == 2 * 3
    finally:
        guard.close()


def test_check_url_carries_a_pages_cookie_handshake_across_its_hops(site: Site) -> None:
    """check_url follows a page's redirects hop by hop (each hop judged); the hops' cookies are the
    page's own, so a page behind a handshake is reached, not a 'more than 10 redirects' error."""
    _cookie_handshake(site, "/news.html", b"<html><body><p>news</p></body></html>", "text/html")
    guard = Guard("gdpr-strict", user_agent="TestBot/1.0", audit=False)
    try:
        assert guard.check_url(site.url("/news.html")).action == "allow"
        assert asyncio.run(guard.acheck_url(site.url("/news.html"))).action == "allow"
    finally:
        guard.close()


def test_a_blocking_fetch_whose_headers_drip_ends_at_the_deadline_and_hangs_up() -> None:
    """httpx bounds each blocking read, not the answer: headers sent a byte at a time (each well within the read
    timeout) held a bounded blocking fetch until h11's 16 KiB header limit, hours at a byte a second (review).
    It ends at the guard's timeout, and the connection it opened is hung up on, so no thread is left reading."""
    import contextlib
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    hung_up = threading.Event()

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for _ in range(200):  # (40 s of headers)
                    conn.sendall(b"X")
                    time.sleep(0.2)
            except OSError:
                hung_up.set()

    threading.Thread(target=drip, daemon=True).start()
    fetcher = Fetcher("TestBot/1.0", timeout=1.0)
    try:
        began = time.monotonic()
        result = fetcher.fetch(f"http://127.0.0.1:{server.getsockname()[1]}/robots.txt", max_bytes=1024, bounded=True)
        assert time.monotonic() - began < 1.0 + 2.0
        assert result.status is None and result.error is not None and "too slowly" in result.error, result
        assert hung_up.wait(3.0)  # (the server's next byte met a connection shut down, the client still open)
        assert _no_fetch_worker_left()
    finally:
        fetcher.close()
        with contextlib.suppress(OSError):
            server.close()


def test_a_blocking_fetch_whose_headers_drip_on_a_pooled_connection_hangs_it_up_too() -> None:
    """(Review) robots.txt answered at once over a kept-alive connection, then tdmrep.json dripped its headers on
    that same connection, taken from the pool: no connect event handed its stream over, so its worker and the
    connection stayed until the site stopped (hours), and enough of them held the whole pool."""
    import contextlib
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    hung_up = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            conn.recv(65536)  # (the next request, on the same connection)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for _ in range(200):
                    conn.sendall(b"X")
                    time.sleep(0.2)
            except OSError:
                hung_up.set()

    threading.Thread(target=serve, daemon=True).start()
    base = f"http://127.0.0.1:{server.getsockname()[1]}"
    fetcher = Fetcher("TestBot/1.0", timeout=1.0)
    try:
        assert fetcher.fetch(base + "/robots.txt", max_bytes=1024, bounded=True).status == 200
        began = time.monotonic()
        result = fetcher.fetch(base + "/.well-known/tdmrep.json", max_bytes=1024, bounded=True)
        assert time.monotonic() - began < 1.0 + 2.0
        assert result.status is None and result.error is not None and "too slowly" in result.error, result
        assert hung_up.wait(3.0)  # (while the client is open: its pool would close the connection too)
        assert _no_fetch_worker_left()
    finally:
        fetcher.close()
        with contextlib.suppress(OSError):
            server.close()


def test_a_bounded_blocking_fetch_runs_in_the_callers_context(site: Site) -> None:
    """(Review) The worker thread of a bounded fetch started in an empty context: a transport reading a context
    variable (a tracing span's, a tenant's credentials) found none on the host files' fetches."""
    import contextvars

    tenant: contextvars.ContextVar[str | None] = contextvars.ContextVar("tenant", default=None)
    seen: list[str | None] = []

    class Reading(httpx.BaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.HTTPTransport()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(tenant.get())
            return self.inner.handle_request(request)

    site.routes["/robots.txt"] = text("User-agent: *\nAllow: /\n")
    fetcher = Fetcher("TestBot/1.0", timeout=2.0, transport=Reading())
    token = tenant.set("acme")
    try:
        assert fetcher.fetch(site.url("/robots.txt"), max_bytes=1024, bounded=True).status == 200
    finally:
        tenant.reset(token)
        fetcher.close()
    assert seen == ["acme"]


def _no_fetch_worker_left(within: float = 3.0) -> bool:
    """Whether every bounded fetch's worker thread (`scrapeguard-fetch`) has ended, waiting `within` seconds."""
    import threading

    deadline = time.monotonic() + within
    while any(t.name == "scrapeguard-fetch" for t in threading.enumerate()):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


class _Stream:
    """A network stream as httpcore's: its socket by `get_extra_info("socket")`."""

    def __init__(self, sock: object) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> object:
        return self.sock if name == "socket" else None


def _shut_down(peer: object) -> bool:
    """Whether the other end of a socket pair was shut down (its read gives end of file at once)."""
    import socket

    assert isinstance(peer, socket.socket)
    peer.settimeout(0.2)
    try:
        return peer.recv(1) == b""
    except TimeoutError:
        return False


def test_a_connection_the_try_handed_back_to_the_pool_is_not_hung_up_at_the_deadline() -> None:
    """(Review of the change) An answer that ended just before the deadline handed its connection back to the pool,
    a queued request took it, and the hang-up at the deadline cut that request's answer (7 of 40 in a loop)."""
    import socket

    from scrapeguard.fetch import _Progress

    ours, peer = socket.socketpair()
    with ours, peer:
        progress = _Progress("http://h/robots.txt")
        progress.traced("connection.connect_tcp.complete", {"return_value": _Stream(ours)})
        progress.traced("http11.response_closed.started", {})
        progress.give_up()
        assert not _shut_down(peer)


def test_a_connection_a_try_makes_after_its_deadline_is_hung_up_at_once() -> None:
    """(Review of the change) A hop whose connect came after the deadline was noted after the hang-up: its worker and
    connection stayed as long as the site dripped."""
    import socket

    from scrapeguard.fetch import _Progress

    ours, peer = socket.socketpair()
    with ours, peer:
        progress = _Progress("http://h/robots.txt")
        progress.give_up()
        progress.traced("connection.connect_tcp.complete", {"return_value": _Stream(ours)})
        assert _shut_down(peer)
