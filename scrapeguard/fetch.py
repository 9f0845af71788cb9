"""The guard's own fetches (host files, and `check_url`), through httpx.

Adapters that own a connection (the httpx transport) pass their transport in, so host
files travel the same way as the crawl. Bodies are capped while streaming; nothing here
follows a redirect the caller did not ask for, and no cookie is kept (`_no_cookies`).

A body is read as it came, up to the cap, then its content coding is undone (`scrapeguard.codings`,
as every adapter undoes it): a decoded body comes back without the `Content-Encoding` and
`Content-Length` of its coded bytes. One that cannot be decoded is a failed fetch (a host file
is then "unreachable"; one in plain text under a name that is no coding, `Content-Encoding: utf-8`,
is read as it is, `codings.decode_host_file`), or, for `check_url` (`coded_as_sent`), handed back
as it came, header and all, for the guard to judge as a direct caller's (`body.encoded`).
A host file in gzip or zstd though no `Content-Encoding` says so (a pre-compressed robots.txt sent
without the header) is decoded when all of it decodes, and one in brotli or deflate when its bytes are no
text and all of it decodes to text (`codings.decode_host_file`): read as it came, its rules were lost and
the whole site allowed.

A fetch may be tried more than once (`tries`: robots.txt's, `hostfiles`): a failed try that
Scrapy's RetryMiddleware would retry (an answer in its RETRY_HTTP_CODES, a network failure of its
RETRY_EXCEPTIONS) is tried again at once, all of the tries within the guard's one timeout (`_Tries`).

A host file's fetch (`bounded`) ends within the guard's one timeout as a whole, however slowly its
bytes come: httpx's timeouts bound each read, not the answer, and a robots.txt sent a byte at a time
held every request to its site for as long as it dripped (`_overdue`; the blocking fetch waits for its
try in a worker thread, `_within_deadline`, the asyncio one in a cancel scope).

For a fetch on a request's behalf (the httpx adapter lends the client's own pool) the guard's timeout
is the site's time to answer: it counts from when the fetch has a connection (`_Tries.connected`, told
by httpcore's `trace`); the wait for one is bounded by the request's own pool timeout, as the
request's own wait is (`within`).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import http.cookiejar
import logging
import socket
import sys
import threading
import time
import types
from collections.abc import Callable, Mapping
from typing import Final

import anyio
import httpx

from scrapeguard.codings import (
    codings,
    decode,
    decode_host_file,
    no_codings,
    past_cap,
    without_encoding,
)
from scrapeguard.logsafe import named_exception
from scrapeguard.resource import FetchResult, Headers, redirect_target

log = logging.getLogger("scrapeguard")

DEFAULT_TIMEOUT = 10.0
# answers a failed try is retried for: Scrapy's RETRY_HTTP_CODES (a 5xx a busy or restarting server gives
# now and not a moment later, 429, 408), as its RetryMiddleware retries Scrapy's own robots.txt request
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
# redirects a host-file fetch follows (RFC 9309 §2.3.1.2: at least five); past them the file is "unavailable"
HOST_FILE_REDIRECTS = 5
# a request's own timeout as httpx hands it to a transport: `request.extensions["timeout"]`
RequestTimeout = Mapping[str, float | None]
# which phase of a timeout each of httpx's timeouts ran out in
_PHASES: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "read", httpx.WriteTimeout: "write", httpx.PoolTimeout: "pool"}


# every way a fetch can fail without an answer: a result without a status, never an exception.
# httpx.InvalidURL (a URL httpx will not send: an IDNA host it cannot encode, a bad IPv4 address)
# is neither an HTTPError nor a ValueError, and escaped `check_url` as a traceback.
_FAILURES: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError)


class CutShort(TimeoutError):
    """A fetch made on a request's behalf ran out of that request's own timeout, shorter than
    the guard's: it says nothing of the site (which might have answered within the guard's
    own), so it is no answer to store; for that request it is the guard failing."""

    def __init__(self, url: str, exc: Exception, phase: str, theirs: float, ours: float | None) -> None:
        waits = "without limit" if ours is None else f"{ours:g} s"
        if phase == "pool":  # (the client's pool lent to the guard: `_cut_short`)
            super().__init__(f"host file fetch got no connection from the client's pool within {theirs:g} s: "
                             f"{url[:200]} was not asked ({type(exc).__name__})")
        else:
            super().__init__(f"host file fetch cut by the request's own timeout: {url[:200]} gave no answer within "
                             f"its {phase} timeout of {theirs:g} s ({type(exc).__name__}; the guard waits {waits})")
        self.url, self.phase = url, phase


def _no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps none: the guard's fetches carry no state from one site, or one fetch, to
    the next. Why: its client lives as long as the crawl (the proxy's, a transport's), and kept every
    cookie its host files were sent (a CDN sets one on each answer): 20,000 origins in, each fetch
    spent half a second of CPU in the jar (`http.cookiejar` looks at every domain it holds; in the
    proxy, on its event loop), 6 s at 200,000, its memory growing all the while, and each site was sent
    back the cookie it had set to tell this crawler's visits apart."""
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def _hop(client: httpx.Client | httpx.AsyncClient, url: str, limits: httpx.Timeout, jar: httpx.Cookies) -> httpx.Request:
    """One hop's request, with the cookies earlier hops of the same fetch were sent: a site's
    cookie handshake (`Set-Cookie` and a redirect to itself, as bot walls do) goes through, while
    nothing outlives the fetch (`_no_cookies`). Without it a robots.txt behind such a handshake
    redirected until the limit and was read as unavailable: allow all."""
    request = client.build_request("GET", url, timeout=limits)
    jar.set_cookie_header(request)
    return request


def _next_hop(jar: httpx.Cookies, response: httpx.Response, current: str, hop: int, follow: int) -> str | None:
    """Where this hop's answer sends the fetch next, its cookies kept for that hop (`_hop`); None when
    the answer is the result (no redirect, or the `follow` hops are used up)."""
    jar.extract_cookies(response)
    target = redirect_target(current, response.status_code, Headers(response.headers))
    return target if hop < follow else None


def _limits(timeout: float) -> httpx.Timeout:
    return httpx.Timeout(timeout, connect=min(timeout, 5.0))


def within(limits: httpx.Timeout, request: RequestTimeout | None) -> httpx.Timeout:
    """`limits` with each of the site's phases (connect, read, write) bounded by the same phase of a
    request's own timeout where that is shorter: a host file fetched on a request's behalf
    never keeps it waiting longer than the request itself would wait (a client with
    timeout=2 on a host that never answers gave up after 2 s without the guard, 30 s with it).
    The pool phase is the request's own: the wait for a connection from the client's pool (lent to
    the fetcher by the httpx adapter) is the request's wait, not the site's time to answer. Why:
    cut at the guard's timeout, a pool busy with a slow page failed the request (a 451 under
    fail-closed) where plain httpx waited for the connection and got 200."""
    if not request:
        return limits

    def phase(name: str) -> float | None:
        ours, theirs = getattr(limits, name), request.get(name)
        if theirs is None:
            return ours
        return theirs if ours is None else min(ours, theirs)

    pool = request["pool"] if "pool" in request else limits.pool
    return httpx.Timeout(connect=phase("connect"), read=phase("read"), write=phase("write"), pool=pool)


def _cut_short(url: str, exc: Exception, ours: httpx.Timeout, limits: httpx.Timeout) -> CutShort | None:
    """`exc` as a `CutShort` when it is a timeout in a phase that `within` shortened (the
    request's own limit, not the guard's, ran out), or no connection came from the pool (the
    client's own, busy with its requests when the httpx adapter lends it: the site was never
    asked); else None: the site's own silence."""
    if not isinstance(exc, httpx.TimeoutException):
        # a phase the request gave no time at all (a timeout of 0, or below): whatever the error it makes
        # (a ConnectError on EINPROGRESS, a read error, a ValueError), the request's doing, not the site's:
        # taken for the site's, its robots.txt was unreachable for 60 s for every request (review)
        for name in _PHASES.values():
            theirs, mine = getattr(limits, name), getattr(ours, name)
            if theirs is not None and theirs <= 0 and (mine is None or theirs < mine):
                return CutShort(url, exc, name, theirs, mine)
        return None
    if isinstance(exc, httpx.PoolTimeout):
        return CutShort(url, exc, "pool", limits.pool or 0.0, ours.pool)
    # (a timeout httpx does not name a phase of: any shortened phase may have cut it)
    names = [name for kind, name in _PHASES.items() if isinstance(exc, kind)] or list(_PHASES.values())
    for name in names:
        theirs, mine = getattr(limits, name), getattr(ours, name)
        if theirs is not None and (mine is None or theirs < mine):
            return CutShort(url, exc, name, theirs, mine)
    return None


def _retryable(exc: Exception) -> bool:
    """A failure another try may not meet, as Scrapy's RETRY_EXCEPTIONS name them: the network's (a refused
    or reset connection, a failed look-up, a proxy refusing the tunnel); not a URL httpx will not send, a
    scheme it has no transport for, or a body whose coding is broken, which fail the same way again; nor a
    timeout: a host that stays silent meets the next try with the same silence, and tried again within the
    guard's one timeout a down site held every request to it twice as long (10 s, not 5) and a proxy's
    client timed out before its 451."""
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.TimeoutException)):  # (a DecodingError is neither below)
        return False
    return isinstance(exc, (httpx.TransportError, OSError))


class _Tries:
    """The tries of one fetch: up to `times` more after the first, each begun only while the guard's one
    timeout (its read timeout, `limits.read`) has time left and given no more than what is left, so
    that all of them take no longer than one slow answer would (as the Scrapy middleware bounds
    robots.txt's). Why: one 503 from robots.txt, or one reset connection, made it "unreachable"
    (RFC 9309: disallow all) and every request to its site was refused for a minute.

    That timeout (`deadline`) counts from when the first try has a connection (`connected`): the wait
    for one from a client's busy pool (a fetch on a request's behalf) is no time of the site's. A fetch
    of the guard's own (`own_pool`: no request's timeout; the proxy's, `check_url`'s) counts it from its
    start, the wait for its own pool included, as a request to the guard waits no longer for it."""

    def __init__(self, url: str, limits: httpx.Timeout, times: int, *, own_pool: bool = True) -> None:
        self._url, self._limits, self._left, self.made = url, limits, max(times, 0), 0
        self.deadline: float | None = None  # (`connected`)
        self._answer: FetchResult | None = None  # the last try the origin answered
        if own_pool:
            self.connected()

    def past(self) -> bool:
        """Whether the guard's timeout (`deadline`) has run out."""
        return self.deadline is not None and time.monotonic() >= self.deadline

    def connected(self) -> None:
        """The fetch has a connection (its first): the guard's timeout starts."""
        if self.deadline is None and self._limits.read is not None:
            self.deadline = time.monotonic() + self._limits.read

    def limits(self) -> httpx.Timeout:
        """The guard's own limits for the next try: each phase no longer than the time left."""
        if self.deadline is None or not self.made:
            return self._limits
        left = max(self.deadline - time.monotonic(), 0.001)

        def capped(name: str) -> float:
            ours = getattr(self._limits, name)
            return left if ours is None else min(ours, left)

        return httpx.Timeout(connect=capped("connect"), read=capped("read"), write=capped("write"),
                             pool=capped("pool"))

    def again(self, result: FetchResult, failure: Exception | None) -> bool:
        """Whether to try once more after `result` (`failure`: what raised, for one without a status)."""
        self.made += 1
        if result.status is not None:
            self._answer = result
        failed = _retryable(failure) if result.status is None and failure is not None \
            else result.status in RETRY_STATUSES
        if not failed or self.made > self._left:
            return False
        if self.past():
            return False
        log.debug("scrapeguard: retrying %s (try %d of %d): %s", self._url[:200], self.made + 1, self._left + 1,
                  result.error or f"HTTP {result.status}")
        return True

    def said(self, result: FetchResult) -> FetchResult:
        """`result`, its error saying how many tries were made when the last one failed too.
        A last try without an answer, after one with (a 503, then a timeout in the little time left),
        gives the answer: the origin did answer, so it is not taken for silent (`hostfiles._Unreachable`)."""
        if result.status is None and self._answer is not None:
            result = self._answer
        if self.made < 2 or (result.status is not None and result.status not in RETRY_STATUSES):
            return result
        what = result.error or f"HTTP {result.status}"
        return dataclasses.replace(result, error=f"{what} (after {self.made} tries)"[:400])


# httpcore's trace events that hand over a new connection's stream (`return_value`), TLS's wrapping the TCP one
_NEW_STREAM_EVENTS: Final = frozenset({"connection.connect_tcp.complete", "connection.connect_unix_socket.complete",
                                       "connection.start_tls.complete"})
# how often the wait for a bounded try looks again before the try has a connection (its deadline unknown)
_UNCONNECTED_POLL = 0.05


class _Progress:
    """Where a bounded try is: its hop, the streams of the connection it holds (`_hang_up`), and whether its waiter
    gave up (`given_up`: a stream met after that, a connect that came late, is hung up at once)."""

    def __init__(self, url: str) -> None:
        self.current, self.hop = url, 0
        self.streams: list[object] = []
        self.lock = threading.Lock()
        self.given_up = False

    def traced(self, event: str, info: object) -> None:
        """Note the stream an httpcore trace event shows this try using: a new connection's, or an HTTP/1.1
        connection's taken from a pool, open already (found in the frame of httpcore's `HTTP11Connection` sending
        the request: no event hands it over, and a pooled connection whose headers dripped kept its worker and
        itself for hours, until enough of them held the whole pool; review). Forgotten once the try is done with
        it (`released`: back in the pool it may be another request's), or when it is HTTP/2's (shared)."""
        stream: object | None = None
        if event in _NEW_STREAM_EVENTS and isinstance(info, dict):
            stream = info.get("return_value")
        elif event == "http11.send_request_headers.started":
            stream = _http11_stream(sys._getframe(1))
        elif event == "http11.response_closed.started":  # (before the connection goes back to the pool)
            self.released()
            return
        elif event.startswith("http2."):
            with self.lock:  # (this hop's connection carries other requests too: never hung up)
                self.streams.clear()
            return
        if stream is None:
            return
        with self.lock:
            if self.given_up:
                _hang_up([stream])
            elif stream not in self.streams:
                self.streams.append(stream)

    def released(self) -> None:
        """The try is done with its connection (about to go back to the pool, or closed): no longer one to hang up.
        Why: a fetch whose answer ended just before the deadline handed its connection back, a queued request took
        it, and the hang-up at the deadline cut that request's answer (review of the change)."""
        with self.lock:
            self.streams.clear()

    def give_up(self) -> None:
        """The waiter's: the deadline passed; hang up what the try holds, and whatever it connects to after."""
        with self.lock:
            self.given_up = True
            _hang_up(self.streams)


def _http11_stream(frame: types.FrameType | None) -> object | None:
    """The network stream of the httpcore `HTTP11Connection` among the frames from `frame` up (a few: the trace
    callback is called by httpcore's `Trace`, called by the connection's `handle_request`), or None."""
    for _ in range(6):
        if frame is None:
            return None
        owner = frame.f_locals.get("self")
        if type(owner).__name__ == "HTTP11Connection":
            return getattr(owner, "_network_stream", None)
        frame = frame.f_back
    return None


def _within_deadline(call: Callable[[], tuple[FetchResult, Exception | None]], url: str, attempts: _Tries,
                     progress: _Progress, limits: httpx.Timeout) -> tuple[FetchResult, Exception | None]:
    """`call()` in a worker thread, waited for until `attempts.deadline`; past it, the try is overdue and the
    connections it opened are hung up on, so that the worker ends too. Why: a blocking read is bounded by httpx's
    read timeout alone, and a robots.txt whose headers came a byte every 0.5 s held `check_request` (and every
    thread waiting on its site's lock) until h11's 16 KiB header limit: hours (found in review). (An HTTP/2
    connection, which other requests share, is not hung up: its worker ends when the site's answer does.)"""
    box: list[tuple[FetchResult, Exception | None] | BaseException] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
            box.append(exc)

    # (in a copy of the caller's context: a transport reading its context variables, a tracing span's, a tenant's
    # credentials, found none on the host files' fetches; review)
    worker = threading.Thread(target=contextvars.copy_context().run, args=(run,), name="scrapeguard-fetch",
                              daemon=True)
    worker.start()
    while worker.is_alive() and not attempts.past():
        deadline = attempts.deadline
        worker.join(_UNCONNECTED_POLL if deadline is None else max(deadline - time.monotonic(), 0.0))
    if box:
        done = box[0]
        if isinstance(done, BaseException):
            raise done
        return done
    progress.give_up()
    return _overdue(url, progress.current, progress.hop, limits), None


def _hang_up(streams: list[object]) -> None:
    """Shut the sockets of `streams` down (not close: the worker still reads the descriptor), so that its
    blocking read returns."""
    for stream in streams:
        get_extra_info = getattr(stream, "get_extra_info", None)
        sock = get_extra_info("socket") if callable(get_extra_info) else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _overdue(url: str, current: str, hop: int, limits: httpx.Timeout) -> FetchResult:
    """A fetch whose answer was not whole by the guard's one timeout (`limits.read`, all of its tries):
    the site's failure to answer in time, as a silent one's is (a host file "unreachable"), never a
    request's own timeout cutting it (a request waits no longer than httpx would have it wait for
    each read, and those were the site's). Why: each read came within httpx's read timeout, so a
    robots.txt dripping a byte at a time kept every request to its site (and the proxy's clients)
    waiting until all of it had come, 23 s for 77 bytes at one every 0.3 s, the guard's timeout 1 s."""
    return FetchResult(url, None, error=f"Timeout: the answer was not whole within the guard's timeout of "
                                        f"{limits.read:g} s (it came too slowly)", redirects=hop, final_url=current)


def _result(url: str, current: str, hop: int, response: httpx.Response, raw: bytes, max_bytes: int,
            coded_as_sent: bool) -> FetchResult:
    """The result for `raw`, the body as it came (cut one byte past `max_bytes` at most), its
    content coding undone up to `max_bytes` and its headers then without `Content-Encoding` and
    `Content-Length`. Why: kept, they told the guard the decoded body was still coded, and it
    guessed (a gzip'd .tar.gz inflated a second time, a decoded text refused as `body.encoded`).

    A host file (not `coded_as_sent`) sent with a name that is no content coding (`Content-Encoding:
    utf-8`) is read as identity when it is plain text, as httpx, Scrapy and browsers read it
    (`codings.decode_host_file`), that name kept in its headers for its reader to note.
    A body whose coding cannot be undone here, is corrupt, or breaks off before its end (not cut
    by the cap) raises (a failed fetch: a host file "unreachable"), unless `coded_as_sent`: it is
    then the body as it came, with its `Content-Encoding`, which `Guard.check_response` names
    `body.encoded`, judges on the part that decodes, or judges as given (`body.coding_unclear`),
    as it does for the same bytes from any caller (check_url recorded a 'connectionerror')."""
    cut, raw = len(raw) > max_bytes, raw[:max_bytes]
    encoding = response.headers.get("content-encoding")
    if not codings(encoding):
        if coded_as_sent:  # (check_url's: `Guard.check_response` undoes a coding no header names)
            return FetchResult(url, response.status_code, Headers(response.headers), raw, redirects=hop,
                               final_url=current, truncated=cut)
        body, truncated = decode_host_file(raw, encoding, max_bytes)  # (one compressed with no header named)
        return FetchResult(url, response.status_code, Headers(response.headers), body, redirects=hop,
                           final_url=current, truncated=cut or truncated)
    try:
        body, truncated = (decode if coded_as_sent else decode_host_file)(raw, encoding, max_bytes)
        if truncated and not cut and not past_cap(body, truncated, max_bytes):  # broke off before its end
            raise httpx.DecodingError("content coding breaks off")
    except (httpx.DecodingError, ValueError):
        if not coded_as_sent:
            raise
        return FetchResult(url, response.status_code, Headers(response.headers), raw, redirects=hop,
                           final_url=current, truncated=cut)
    # names read as identity stay in the header, as nothing undid them: the host file's reader notes them
    kept = [("Content-Encoding", ", ".join(ignored))] if (ignored := no_codings(encoding)) else []
    return FetchResult(url, response.status_code, Headers([*without_encoding(response.headers.multi_items()), *kept]),
                       body, redirects=hop, final_url=current, truncated=cut or truncated)


class Fetcher:
    """Blocking fetches with a byte cap and a bounded number of redirects."""

    def __init__(
        self,
        user_agent: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._client = httpx.Client(
            transport=transport,
            timeout=_limits(timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=False,
            trust_env=False,
            cookies=_no_cookies(),
        )

    def fetch(self, url: str, *, max_bytes: int, follow: int = 0, timeout: RequestTimeout | None = None,
              coded_as_sent: bool = False, tries: int = 0, bounded: bool = False,
              cookies: httpx.Cookies | None = None) -> FetchResult:
        """`url`'s answer, its body decoded and cut at `max_bytes`, following up to `follow`
        redirects; every failure to get one is a result without a status. `timeout`: a request's
        own timeout (`within`), for a fetch made on its behalf; when a phase it shortened runs out,
        `CutShort` is raised instead (the site may well have answered within the guard's own
        timeout). `coded_as_sent`: a body that cannot be decoded comes back as it came, with its
        `Content-Encoding`, for the guard to judge (`_result`), not as a failed fetch. `tries`: how
        many times more a failed try is retried (`_Tries`). `bounded`: the whole fetch ends within the
        guard's one timeout, however slowly the answer comes, its headers too (`_overdue`, `_within_deadline`).
        `cookies`: the jar of a fetch made hop by hop by its caller (`Guard.check_url`), else each try has its own
        (`_hop`)."""
        attempts = _Tries(url, self._client.timeout, tries, own_pool=timeout is None)
        while True:
            result, failure = self._once(url, max_bytes, follow, timeout, coded_as_sent, attempts, bounded, cookies)
            if not attempts.again(result, failure):
                return attempts.said(result)

    def _once(self, url: str, max_bytes: int, follow: int, timeout: RequestTimeout | None, coded_as_sent: bool,
              attempts: _Tries, bounded: bool = False,
              cookies: httpx.Cookies | None = None) -> tuple[FetchResult, Exception | None]:
        """One try of `fetch` within the guard's limits for it (`attempts.limits`; `bounded`: as a whole,
        `attempts.deadline`, in a worker it stops waiting for at the deadline: `_within_deadline`); with what
        failed it, if anything did."""
        if not bounded:
            return self._try(url, max_bytes, follow, timeout, coded_as_sent, attempts, False, cookies, _Progress(url))
        progress = _Progress(url)
        return _within_deadline(
            lambda: self._try(url, max_bytes, follow, timeout, coded_as_sent, attempts, True, cookies, progress),
            url, attempts, progress, self._client.timeout)

    def _try(self, url: str, max_bytes: int, follow: int, timeout: RequestTimeout | None, coded_as_sent: bool,
             attempts: _Tries, bounded: bool, cookies: httpx.Cookies | None,
             progress: _Progress) -> tuple[FetchResult, Exception | None]:
        """`_once`'s fetch itself; where it is (`progress`: the hop, its connections) told as it goes."""
        ours = attempts.limits()
        current, limits = url, within(ours, timeout)
        jar = httpx.Cookies() if cookies is None else cookies  # this try's own (`_hop`)

        def trace(event: str, info: object) -> None:  # (httpcore's first event comes with a connection)
            attempts.connected()
            if bounded:
                progress.traced(event, info)

        for hop in range(follow + 1):
            progress.current, progress.hop = current, hop
            try:
                request = _hop(self._client, current, limits, jar)
                request.extensions["trace"] = trace
                with contextlib.closing(self._client.send(request, stream=True)) as response:
                    try:
                        attempts.connected()  # (a transport that tells no events: its answer came)
                        target = _next_hop(jar, response, current, hop, follow)
                        if target is not None:
                            current = target
                            continue
                        raw = bytearray()
                        for chunk in response.iter_raw():
                            raw += chunk
                            if len(raw) > max_bytes:
                                break
                            if bounded and attempts.past():
                                return _overdue(url, current, hop, self._client.timeout), None
                        return _result(url, current, hop, response, bytes(raw), max_bytes, coded_as_sent), None
                    finally:
                        progress.released()  # (a transport telling no `response_closed`: done with it all the same)
            except _FAILURES as exc:
                cut = _cut_short(current, exc, ours, limits)
                if cut is not None:
                    raise cut from exc
                return FetchResult(url, None, error=named_exception(exc)[:300], redirects=hop,
                                   final_url=current), exc
        return FetchResult(url, 310, error=f"more than {follow} redirects", redirects=follow + 1, final_url=current), None

    @property
    def timeout(self) -> httpx.Timeout:
        """The guard's own limits for a fetch (each phase), before a request's own shortens them."""
        return self._client.timeout

    def close(self) -> None:
        self._client.close()


class AsyncFetcher:
    """The asyncio twin of `Fetcher`."""

    def __init__(
        self,
        user_agent: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=_limits(timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=False,
            trust_env=False,
            cookies=_no_cookies(),
        )

    async def fetch(self, url: str, *, max_bytes: int, follow: int = 0, timeout: RequestTimeout | None = None,
                    coded_as_sent: bool = False, tries: int = 0, bounded: bool = False,
                    cookies: httpx.Cookies | None = None) -> FetchResult:
        """As `Fetcher.fetch`; `bounded` here cuts the fetch at the guard's timeout wherever it is (its
        headers dripping too)."""
        attempts = _Tries(url, self._client.timeout, tries, own_pool=timeout is None)
        while True:
            result, failure = await self._once(url, max_bytes, follow, timeout, coded_as_sent, attempts, bounded,
                                               cookies)
            if not attempts.again(result, failure):
                return attempts.said(result)

    async def _once(self, url: str, max_bytes: int, follow: int, timeout: RequestTimeout | None,
                    coded_as_sent: bool, attempts: _Tries, bounded: bool = False,
                    cookies: httpx.Cookies | None = None) -> tuple[FetchResult, Exception | None]:
        """As `Fetcher._once`; `bounded` cuts each hop wherever it is once `attempts.deadline` is past. Until the
        fetch has a connection, the pool's own timeout bounds the wait (and, for a transport that tells no
        events, the pool's and the guard's timeouts together)."""
        ours = attempts.limits()
        current, limits = url, within(ours, timeout)
        jar = httpx.Cookies() if cookies is None else cookies  # this try's own (`_hop`)
        connected: list[str] = []  # the try's first connection event (httpcore's trace), once it has one
        for hop in range(follow + 1):
            if hop and bounded and attempts.past():
                return _overdue(url, current, hop, self._client.timeout), None  # (the last hop's answer came too late)
            began = time.monotonic()
            whole = anyio.CancelScope(deadline=self._cut_at(attempts, bounded, limits))

            def connect() -> None:
                attempts.connected()
                if bounded and attempts.deadline is not None:  # (the guard's timeout starts: the site's time)
                    whole.deadline = anyio.current_time() + max(attempts.deadline - time.monotonic(), 0.0)

            async def trace(event: str, info: object) -> None:
                if not connected:
                    connected.append(event)
                    connect()

            try:
                with whole:
                    request = _hop(self._client, current, limits, jar)
                    request.extensions["trace"] = trace
                    response = await self._client.send(request, stream=True)
                    if not connected:  # (a transport that tells no events: its answer came)
                        connected.append("response")
                        connect()
                    async with contextlib.aclosing(response):
                        target = _next_hop(jar, response, current, hop, follow)
                        if target is not None:
                            current = target
                            continue
                        raw = bytearray()
                        async for chunk in response.aiter_raw():
                            raw += chunk
                            if len(raw) > max_bytes:
                                break
                        return _result(url, current, hop, response, bytes(raw), max_bytes, coded_as_sent), None
                if whole.cancelled_caught:
                    if not connected:  # (no connection came from the pool by then: the site was never asked)
                        raise CutShort(current, httpx.PoolTimeout("no connection by the guard's timeout"), "pool",
                                       time.monotonic() - began, ours.pool)
                    return _overdue(url, current, hop, self._client.timeout), None
            except _FAILURES as exc:
                if isinstance(exc, CutShort):  # (raised above: a TimeoutError, so an OSError too)
                    raise
                cut = _cut_short(current, exc, ours, limits)
                if cut is not None:
                    raise cut from exc
                return FetchResult(url, None, error=named_exception(exc)[:300], redirects=hop,
                                   final_url=current), exc
        return FetchResult(url, 310, error=f"more than {follow} redirects", redirects=follow + 1, final_url=current), None

    @staticmethod
    def _cut_at(attempts: _Tries, bounded: bool, limits: httpx.Timeout) -> float:
        """When a `bounded` try is cut (`anyio.current_time()`'s clock): at `attempts.deadline` once the fetch
        has a connection, else the pool's timeout (which httpcore's pool keeps itself) and the guard's after it."""
        if not bounded:
            return float("inf")
        if attempts.deadline is not None:
            return anyio.current_time() + max(attempts.deadline - time.monotonic(), 0.0)
        read = attempts.limits().read
        return float("inf") if limits.pool is None or read is None else anyio.current_time() + limits.pool + read

    @property
    def timeout(self) -> httpx.Timeout:
        """As `Fetcher.timeout`."""
        return self._client.timeout

    async def aclose(self) -> None:
        await self._client.aclose()
