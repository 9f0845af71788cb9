"""Filling the guard's per-origin host-file cache with one fetch in flight per origin.

Used by the httpx transports (fetching through the wrapped transport) and by the proxy
(fetching with its own client). Concurrent requests to an origin whose robots.txt is
being fetched wait for that fetch instead of starting their own, whichever of the guard's
clients made it (a client per thread or per task on one guard: each origin's files once).

robots.txt is tried again where Scrapy's RetryMiddleware would retry Scrapy's own robots.txt request
(`ROBOTS_RETRIES` times more, after an answer in its RETRY_HTTP_CODES or a network failure), all of
its tries within the guard's one timeout (`fetch.Fetcher.fetch`'s `tries`), as the Scrapy middleware
retries it: one 503 or one reset connection no longer refuses a whole site for a minute. What the last
try got stands (RFC 9309 §2.3.1.4: a 5xx, disallow all; §2.3.1.3: a 4xx, allow all); a failure's error
says how many tries were made (the note of one without an answer, and the WARNING logged once per origin
whose robots.txt could not be had). Only robots.txt: its failure alone refuses a site, and each other
file's tries would cost a down site as much again.

An origin whose robots.txt could not be fetched at all (no answer: a timeout, a refused
connection) is disallowed whole (RFC 9309 §2.3.1.4, `robots.unreachable`). When the origin
itself gave no answer (not a redirect target elsewhere) and the policy obeys robots.txt for
every purpose on it, its other host files are then not fetched for as long as that answer
is cached: each would wait as long for nothing, and they could not change the decision
(noted `hostfile.not_fetched`). Under a policy that only logs or ignores robots.txt there,
they still decide (a TDM reservation), so they are fetched as ever.

Each host file's fetch, all of its tries, ends within the guard's one timeout as a whole
(`fetch.Fetcher.fetch`'s `bounded`): one whose answer comes too slowly to be whole by then (a
robots.txt dripping a byte at a time, each within httpx's read timeout) is unreachable, as a
silent one is, instead of holding every request to its site for as long as it drips.

A fetch made on a request's behalf waits no longer than that request's own timeout; one
that the request's shorter timeout cut (`fetch.CutShort`) is no answer of the origin's: it
is neither stored nor learnt from, the next request asks again, and `ensure` raises it for
the adapter to decide that request as the guard failing (`Guard.record_failure`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import anyio
import httpx

from scrapeguard.cache import BoundedCache
from scrapeguard.fetch import HOST_FILE_REDIRECTS, AsyncFetcher, CutShort, Fetcher, RequestTimeout
from scrapeguard.decision import Decision
from scrapeguard.guard import Guard
from scrapeguard.jurisdiction import registrable_domain
from scrapeguard.loops import running_loop
from scrapeguard.policy import Policy
from scrapeguard.policy.evaluate import Scope
from scrapeguard.resource import FetchResult, host_of, origin
from scrapeguard.signals.base import unanswered
from scrapeguard.signals.robots import RETRY_SECONDS, RobotsFile

log = logging.getLogger("scrapeguard")

_MAX_UNREACHABLE = 10_000  # origins remembered as unreachable (least recently used forgotten first)
_MAX_WARNED = 65_536  # origins whose failing robots.txt was warned of (least recently used forgotten first)
# How often `ensure` fetches an origin's host files that a full host-file cache dropped again before it
# returned (more origins in flight than the cache holds), before it gives up (`dropped`)
HOST_FILE_FILLS = 3
# how many times more a failed try of robots.txt is made (Scrapy's RETRY_TIMES, its default)
ROBOTS_RETRIES = 2


def _is_robots(file_url: str) -> bool:
    return urlsplit(file_url).path == RobotsFile.path


def _tries(file_url: str) -> int:
    """How many times more a failed fetch of `file_url` is tried: robots.txt's only (`ROBOTS_RETRIES`)."""
    return ROBOTS_RETRIES if _is_robots(file_url) else 0


def _robots_obeyed_everywhere(policy: Policy, key: str) -> bool:
    """Whether the policy obeys robots.txt on origin `key` for every purpose (with the
    overrides of its domain that apply to each): only then does an unreachable robots.txt
    decide every request there, whatever the other host files say."""
    domain = registrable_domain(host_of(key))
    return all(Scope.of(policy, purpose, domain).signal_mode("robots_txt") == "obey" for purpose in policy.purpose)


class _Unreachable:
    """Origins whose robots.txt got no answer from the origin itself, where the policy obeys
    robots.txt throughout, remembered as long as the robots.txt reader caches that answer
    (`RETRY_SECONDS`): when it is fetched again, so are the others. One per guard (`_Shared`)."""

    def __init__(self) -> None:
        self._origins: BoundedCache[str, str] = BoundedCache(_MAX_UNREACHABLE)
        self._warned: BoundedCache[str, bool] = BoundedCache(_MAX_WARNED)

    def worth_fetching(self, key: str, needed: list[str]) -> list[str]:
        """The host files of `needed` to fetch now: none but robots.txt of an origin that did not answer."""
        if any(_is_robots(f) for f in needed) or self._origins.get(key) is None:
            return needed
        return []

    def learn(self, key: str, file_url: str, result: FetchResult, policy: Policy) -> bool:
        """Remember what a robots.txt fetch said of its origin; True when the others are moot: the
        origin itself gave no answer (a redirect target elsewhere failing is not its silence, and
        tdmrep.json may answer at once) and robots.txt, so unreachable, decides every request there."""
        if not _is_robots(file_url):
            return False
        self._warn(key, file_url, result)
        if result.status is None and result.redirects == 0 and _robots_obeyed_everywhere(policy, key):
            self._origins.set(key, result.error or "no response", RETRY_SECONDS)
            return True
        self._origins.pop(key)
        return False

    def _warn(self, key: str, file_url: str, result: FetchResult) -> None:
        """A WARNING, once per origin, that its robots.txt could not be had (no answer, or a 5xx / 429 / 408 after
        its tries), as the Scrapy middleware warns of it. Why: behind the proxy (and the httpx transports)
        every request to a site whose robots.txt was down was refused, 451 `robots.unreachable`, with not a
        line in the operator's log; only the stop's counts showed it, after the fact."""
        if not unanswered(result.status) or key in self._warned:
            return
        self._warned.set(key, True)
        why = result.error or f"HTTP {result.status}"
        log.warning("scrapeguard: could not fetch %s (%s): read as unreachable (RFC 9309: disallow all), so "
                    "requests to %s are refused (robots.unreachable) where the policy obeys robots.txt, until it "
                    "is asked for again after %d s; further failures there are not logged again",
                    file_url[:200], why[:300], key, RETRY_SECONDS)


class _OriginLock:
    """One origin's lock and how many requests hold or wait for it: dropped when the last is done.
    Why counted: dropped by the first to finish (a fetch its own timeout cut), a request arriving
    next made a new lock and fetched robots.txt beside the one still waiting on the old lock."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock, self.users = threading.Lock(), 0


class _Shared:
    """What every filler of one guard shares, as they share its host-file cache: the origins known
    unreachable, and the fetches in flight (`HostFiles`' per-origin locks; `AsyncHostFiles`' per event
    loop and origin, as an anyio Event belongs to its loop). Why: kept per transport, a crawl with a
    client per thread or per task on one guard (each client its own transport) fetched each origin's
    robots.txt, tdmrep.json and ai.txt once per client at its start (8 clients: 8 times), not once."""

    _per_guard: WeakKeyDictionary[Guard, _Shared] = WeakKeyDictionary()
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.unreachable = _Unreachable()
        self.locks: dict[str, _OriginLock] = {}
        self.locks_lock = threading.Lock()  # guards `locks`
        self.inflight: dict[tuple[object, str], anyio.Event] = {}  # (event loop, origin): its fetch's end

    @classmethod
    def of(cls, guard: Guard) -> _Shared:
        with cls._lock:
            found = cls._per_guard.get(guard)
            if found is None:
                found = cls._per_guard[guard] = cls()
            return found


def missing(guard: Guard, url: str) -> list[str]:
    """The host files of `url`'s origin still to fetch before its request can be decided: none once
    `ensure` filled the cache, until other origins' files (or time) push them out of it again."""
    return _Shared.of(guard).unreachable.worth_fetching(origin(url), guard.host_files_needed(url))


def decide_when_cached(guard: Guard, url: str, purpose: str | None, agent: str | None) -> Decision | None:
    """The request's decision, or None when its origin's host files left the guard's cache after they were
    fetched (other origins' files pushed them out, or they expired): the caller fetches them again first.
    Why: decided then, robots.txt was "not consulted" and the page it forbids let through. Run where the
    decision is written (a worker thread)."""
    if missing(guard, url):
        return None
    return guard.decide_request(url, purpose=purpose, user_agent=agent)


def refused_unjudged(guard: Guard) -> bool:
    """Whether a request the guard cannot judge (a WebSocket upgrade, a Host naming another site than its
    URL's) is refused whatever its site's host files say: the guard failing refuses it (on_error fail-closed,
    enforced). Its one decision is then that failure (`Guard.record_failure`), its site not asked: decided on
    its site's word first, it was recorded allowed and then blocked, two records of one request, the log's
    `allow` listing one the adapter refused."""
    return guard.runtime.on_error == "fail-closed" and guard.runtime.mode == "enforce"


def check_when_cached(guard: Guard, url: str, *args: Any, **kwargs: Any) -> Decision | None:
    """The answer's decision (`Guard.check_response(url, *args, **kwargs)`), or None when its origin's host files
    left the guard's cache since they were fetched, as `decide_when_cached` says for a request. Why: an answer
    waits for a worker thread (busy with other answers' checks) while other origins' files are stored, and judged
    with its site's "not consulted", a page its tdmrep.json reserves (read on the answer alone) was let through."""
    if missing(guard, url):
        return None
    return guard.check_response(url, *args, **kwargs)


async def decide_when_filled(guard: Guard, url: str, ensure: Callable[[], Awaitable[None]],
                             decide: Callable[[], Awaitable[Decision | None]]) -> Decision:
    """Fill the cache (`ensure`), then decide where the decision is written (`decide`: `decide_when_cached`
    in a worker thread, an await away, where other origins' files may push these out again): fetched again
    up to `HOST_FILE_FILLS` times, then `dropped` is raised for the caller's on_error path. One loop for
    the async transport, the proxy, the Scrapy middleware (a request, and an answer: `decide` may be
    `check_when_cached`) and `Guard.acheck_request`."""
    for _ in range(HOST_FILE_FILLS):
        await ensure()
        decision = await decide()
        if decision is not None:
            return decision
    raise dropped(guard, origin(url))


def _own_wait(timeout: RequestTimeout | None, files: int) -> float | None:
    """How long a request waits for another request's fetch of its origin's host files: as long as
    its own timeout would let it fetch them itself (its pool timeout, then each file's connect,
    write and read); None (as long as that fetch takes) when a phase of it is unbounded.

    Why not the pool timeout alone: a slow site's files (three answering in 2 s each) took longer
    than httpx's default 5 s pool timeout, and every other request of the crawl's start was
    refused as cut short, though its own timeout allowed each of those fetches."""
    if not timeout:
        return None
    phases = [timeout.get(name) for name in ("pool", "connect", "write", "read")]
    if any(p is None for p in phases):
        return None
    pool, connect, write, read = (float(p) for p in phases)  # type: ignore[arg-type]
    wait = pool + max(files, 1) * (connect + write + read)
    # (a lock's and a cancel scope's limits: `inf` overflowed Lock.acquire, a negative one is refused)
    return min(max(wait, 0.0), threading.TIMEOUT_MAX)


def _waited_too_long(key: str, fetcher: Fetcher | AsyncFetcher, waited: float | None) -> CutShort:
    """The request's own timeout ran out while another request fetched its origin's host files.
    Why: a request with timeout=1 sharing a client waited as long as the guard's own 10 s for robots.txt."""
    exc = httpx.PoolTimeout(f"waited for another request's fetch of the host files of {key}")
    return CutShort(key + RobotsFile.path, exc, "own", waited or 0.0, fetcher.timeout.read)


class HostFilesDropped(RuntimeError):
    """An origin's host files pushed out of the guard's cache again and again before its request
    could be decided (`dropped`): the guard failing that request, which `on_error` decides."""


def dropped(guard: Guard, key: str) -> HostFilesDropped:
    """Origin `key`'s host files pushed out of the guard's cache by other origins' `HOST_FILE_FILLS`
    times before the request could be decided. Why: `ensure` returned with robots.txt already
    gone, and the request was decided without it (allowed, a `hostfile.not_fetched` note only)."""
    return HostFilesDropped(f"the host files of {key} were dropped from the host-file cache before the request could be "
                        f"decided, {HOST_FILE_FILLS} times: more origins are in flight than "
                        f"host_cache_size={guard.host_cache_size} host files hold; raise it")


class HostFiles:
    """Thread-safe, blocking. Every `HostFiles` of one guard waits for the others' fetches (`_Shared`)."""

    def __init__(self, guard: Guard, fetcher: Fetcher) -> None:
        self.guard, self.fetcher = guard, fetcher
        shared = _Shared.of(guard)
        self._locks, self._guard_lock, self._unreachable = shared.locks, shared.locks_lock, shared.unreachable

    def ensure(self, url: str, *, timeout: RequestTimeout | None = None) -> None:
        """Fetch what the guard lacks of `url`'s origin's host files (robots.txt first), until they
        are all in its cache on return (fetched again if a full cache dropped them meanwhile: past
        `HOST_FILE_FILLS`, `dropped`). `timeout`: the request's own (`request.extensions["timeout"]`),
        bounding each fetch; raises `CutShort` when it cut one (what was fetched before is kept)."""
        if not self.guard.host_files_needed(url):
            return
        key = origin(url)
        for _ in range(HOST_FILE_FILLS):
            self._fill(key, url, timeout)
            if not missing(self.guard, url):
                return
        raise dropped(self.guard, key)

    def _fill(self, key: str, url: str, timeout: RequestTimeout | None) -> None:
        with self._guard_lock:
            held = self._locks.setdefault(key, _OriginLock())
            held.users += 1
        try:
            # waiters find the cache filled when they get the lock (or fetch what a cut one left)
            wait = _own_wait(timeout, len(self.guard.host_files_needed(url)))
            if not held.lock.acquire(timeout=-1 if wait is None else wait):
                raise _waited_too_long(key, self.fetcher, wait)
            try:
                for file_url in missing(self.guard, url):
                    result = self.fetcher.fetch(file_url, max_bytes=self.guard.host_file_limit(file_url),
                                                follow=HOST_FILE_REDIRECTS, timeout=timeout, tries=_tries(file_url),
                                                bounded=True)
                    self.guard.store_host_file(file_url, result)
                    if self._unreachable.learn(key, file_url, result, self.guard.policy):
                        break  # the origin is disallowed whole: the other files would wait as long, for nothing
            finally:
                held.lock.release()
        finally:
            with self._guard_lock:
                held.users -= 1
                if not held.users:
                    del self._locks[key]


class AsyncHostFiles:
    """The async twin (asyncio or trio, through anyio), waiting for the fetches in flight of every
    `AsyncHostFiles` of its guard on the same event loop (`_Shared`). An origin's host
    files are fetched one after another, robots.txt first; robots.txt getting no answer skips
    the others when they are moot (`_Unreachable.learn`). A fetch the request's timeout cut is
    raised at once (`CutShort`); what came before is kept."""

    def __init__(self, guard: Guard, fetcher: AsyncFetcher) -> None:
        self.guard, self.fetcher = guard, fetcher
        shared = _Shared.of(guard)
        self._inflight, self._unreachable = shared.inflight, shared.unreachable

    async def ensure(self, url: str, *, timeout: RequestTimeout | None = None) -> None:
        """As `HostFiles.ensure`. The caller's decision may lie an await away (in a worker thread), where
        other origins' files can push these out again: it looks with `missing` first."""
        key, fills = origin(url), 0
        flight = (running_loop(), key)  # (an Event is its loop's: other loops' requests fetch on their own)
        while needed := missing(self.guard, url):
            pending = self._inflight.get(flight)
            if pending is not None:  # another request is fetching them; look again when it is done
                wait = _own_wait(timeout, len(self.guard.host_files_needed(url)))
                with anyio.move_on_after(wait) as waiting:
                    await pending.wait()  # (a waiter cancelled leaves the fetch running for the others)
                if waiting.cancelled_caught:
                    raise _waited_too_long(key, self.fetcher, wait)
                continue
            if fills == HOST_FILE_FILLS:
                raise dropped(self.guard, key)
            fills += 1
            done = self._inflight[flight] = anyio.Event()
            try:
                await self._fetch(key, needed, timeout)
            finally:
                del self._inflight[flight]
                done.set()
            # (looked at again: what a full cache dropped meanwhile is fetched again)

    async def _fetch(self, key: str, needed: list[str], timeout: RequestTimeout | None) -> None:
        """`needed` one after another, robots.txt first (as `HostFiles` fetches them), over the one
        kept-alive connection; the rest are moot once robots.txt got no answer (`_Unreachable.learn`).
        A fetch the request's timeout cut is raised at once (`CutShort`), as `HostFiles` raises it.

        Why not at once: three connections per origin and three times the requests queued for the
        client's pool at a crawl's start; from 150 origins at once (httpx's default 100 connections)
        requests were refused as cut short (PoolTimeout) and origins taken for unreachable
        (ConnectTimeout, cached as the site's silence). Parsed off the event loop: a 500 kB
        robots.txt held every other request for half a second."""
        for file_url in needed:  # (CutShort, raised by a fetch its request's timeout cut, ends it: what came is kept)
            result = await self.fetcher.fetch(file_url, max_bytes=self.guard.host_file_limit(file_url),
                                              follow=HOST_FILE_REDIRECTS, timeout=timeout, tries=_tries(file_url),
                                              bounded=True)
            await anyio.to_thread.run_sync(self.guard.store_host_file, file_url, result)
            if self._unreachable.learn(key, file_url, result, self.guard.policy):
                break  # the origin is disallowed whole: the others would wait as long, for nothing
