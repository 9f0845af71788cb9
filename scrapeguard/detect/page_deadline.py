"""A page's analysis under a limit of CPU time (`analyse_page_within`), so that a crawl does not stall on markup
lexbor parses at a quadratic cost that no check before the parse catches at a fair price (`page_source`'s
module doc: distinct attribute names, one tag's thousands of attributes among many tags; 1-65 s a page).
Past the limit the page is an error, which the policy's `on_error` decides (fail-closed by default) and the
audit log records, as for any page the guard could not read. Its redaction (`redact_page_within`), which parses
the page and its copy again and reads the copy, has a limit of its own, twice the page's (`redaction_cpu_limit`;
1.2-1.8 times its analysis on ordinary pages): past it, no copy is made and the page is withheld (run with no limit,
a page of 13,000 crowded tags took 1.6 s to analyse and 4.4 s more to redact, found in review; given only what its
analysis left of one limit, an ordinary 3 MB team page was withheld, found in the review of that fix).

lexbor releases the GIL while it parses, so the analysis runs in a worker thread and the caller waits,
reading the worker's CPU clock (`pthread_getcpuclockid`; where there is none, the wall clock): a busy
machine slows a page's analysis, not its CPU time. A parse cannot be stopped inside C, so past the limit its
thread is left to finish and what it finds is dropped; its CPU and memory are spent until then, and while one
runs so (`MAX_LEFT_RUNNING`) the next page's analysis waits for it to end, its own limit at most (past it, that
page is refused unread, as an error): a crawl meeting such pages slows down, but never runs their parses side by
side, nor waits on one for minutes. Large pages' work runs side by side up to `LARGE_PAGE_BYTES_AT_ONCE` of them:
a page past it waits its turn, its limit at most (past it, refused unread as busy), so that a crawl of large pages
does not take gigabytes. Workers are daemon threads: a parse left running does not hold the process at exit.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from scrapeguard.detect import IMPLEMENTATION
from scrapeguard.detect.base import PageAnalysis
from scrapeguard.detect.page import analyse_page
from scrapeguard.detect.page_redact import redact_page
from scrapeguard.logsafe import named_exception

log = logging.getLogger(__name__)

# The limit: a fixed part and one per MB of the page. The local real pages are analysed in 0.05 s at most, and
# in 0.1 s a MB at most: a page of 1 MB would take a twentieth of its limit, one of 10 MB a seventh
BASE_CPU_SECONDS: Final = 2.0
CPU_SECONDS_PER_MB: Final = 0.5
# ... that per MB times this where the analysis runs interpreted (`IMPLEMENTATION` "python": a clone on PYTHONPATH, an
# install whose compile failed), 2.5 s: about twice its cost on dense markup, 1.1-1.3 s a MB on a plain table, where
# the compiled one's 0.6 s fits its own limit up to the 20 MB cap. Given the compiled one's limit, an ordinary table
# of 8.6 MB was `page.unparsable` (review, session 71)
INTERPRETED_COST: Final = 5.0
# Worker threads at most, parses left running past their limit among them: past this a page waits for one to
# be free (a crawl's own threads, `SCRAPEGUARD_THREADS`, are ten by default; anyio's, forty)
MAX_WORKERS: Final = 64
# Parses left running past their limit at most: past it a page's analysis waits for one to end before it starts,
# so a crawl meeting such pages slows down rather than running their parses side by side (each may take
# gigabytes: four pages of re-created formatting elements, 66 kB each, took 8.8 GB at once, 3 GB one by one)
MAX_LEFT_RUNNING: Final = 1
# The bytes of large pages (`LARGE_PAGE` or more each) analysed or redacted at once at most, two pages at the default
# cap: past it a page waits for room, its limit at most, then is `page.busy`; one larger runs alone. Why: run side by
# side, six 20 MB pages through the proxy took 4.4 GB (review, session 71)
LARGE_PAGE_BYTES_AT_ONCE: Final = 40 * 1024 * 1024
LARGE_PAGE: Final = 1024 * 1024
_POLL_SECONDS: Final = 0.02
# A page shorter than this is analysed on the caller's thread: too short to cost much (the worst found, formatting
# elements re-created in each of a thousand paragraphs, ~0.1 s), and the hand-over to a worker (~0.1 ms) would
# weigh on it
SMALL_PAGE: Final = 8_192


def page_cpu_limit(size: int) -> float:
    """The CPU seconds a page of `size` bytes (or characters) may take to analyse, by the analysis in use."""
    per_mb = CPU_SECONDS_PER_MB * (INTERPRETED_COST if IMPLEMENTATION == "python" else 1.0)
    return BASE_CPU_SECONDS + per_mb * size / 1_000_000


def redaction_cpu_limit(size: int) -> float:
    """The CPU seconds a page of `size` bytes may take to redact: two parses and the copy's analysis."""
    return 2 * page_cpu_limit(size)


def _cpu_clock() -> Callable[[], float]:
    """The calling thread's CPU clock, readable from any thread; the wall clock where there is none."""
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(clock)
    except (AttributeError, OSError):  # (no such clock on this platform)
        return time.monotonic
    return lambda: time.clock_gettime(clock)


T = TypeVar("T")


class _Job(Generic[T]):
    """One page's work (its analysis, its redaction): what to run, and what the worker found or that it was given
    up."""

    __slots__ = ("work", "what", "base_url", "size", "held", "done", "result", "failure", "clock", "started_at",
                 "given_up", "left_running")

    def __init__(self, work: Callable[[], T], what: str, base_url: str, size: int) -> None:
        self.work: Callable[[], T] | None = work
        self.what = what
        self.base_url = base_url
        self.size = size  # (the page's bytes or characters)
        # what it holds of `_LARGE_PAGES`, fixed as it is made: its room was given back by what `LARGE_PAGE` said
        # as it ended, and a page taken small and given back large freed room it never held (a test's flake)
        self.held = size if size >= LARGE_PAGE else 0
        self.done = threading.Event()
        self.result: T | None = None
        self.failure = ""  # (what the work raised, named: `_Workers._work`)
        self.clock: Callable[[], float] | None = None  # (set when a worker starts it)
        self.started_at = 0.0
        self.given_up = False
        self.left_running = False  # (given up while its worker ran it: counted in `_Workers.left_running`)

    def run(self, lock: threading.Lock) -> None:
        clock = _cpu_clock()
        with lock:  # (started, or given up while it waited for a worker: never both)
            if self.given_up or self.work is None:
                return
            self.started_at = clock()
            self.clock = clock
        try:
            self.result = self.work()
        finally:
            self.work = None  # (a page left running past its limit keeps no copy once done)

    def cpu_spent(self) -> float | None:
        clock = self.clock
        return None if clock is None else clock() - self.started_at


class _Workers:
    """Daemon threads taking jobs from one queue, started as jobs find none free; and the parses left running
    past their limit, at most `MAX_LEFT_RUNNING` (a new job waits for one of them to end)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._left_ended = threading.Condition(self._lock)
        self._count = 0
        self._free = 0  # (waiting for a job and promised to none)
        self._queued = 0  # (jobs put with no free worker promised to them)
        self.left_running = 0

    def submit(self, job: _Job[T], wait: float) -> bool | None:
        """Hand `job` to a worker, once fewer than `MAX_LEFT_RUNNING` parses run past their limit; True when
        it waits behind busy workers, every one of `MAX_WORKERS` taken; None, not handed over, when those parses
        still ran after `wait` seconds (one of a quadratic cost ran for minutes: every page after it waited)."""
        with self._lock:
            until = time.monotonic() + wait
            while self.left_running >= MAX_LEFT_RUNNING:
                remaining = until - time.monotonic()
                if remaining <= 0:
                    return None
                self._left_ended.wait(remaining)
            if self._free:
                self._free -= 1
            elif self._count < MAX_WORKERS:
                threading.Thread(target=self._work, name="scrapeguard-page", daemon=True).start()
                self._count += 1  # (after: a thread the system refused is not counted)
            else:
                self._queued += 1
                self._jobs.put(job)
                return True
        self._jobs.put(job)
        return False

    def give_up(self, job: _Job[T]) -> None:
        with self._lock:
            job.given_up = True
            if job.clock is not None and not job.done.is_set() and not job.left_running:
                job.left_running = True
                self.left_running += 1

    def runs_on(self, job: _Job[T]) -> bool:
        """Whether `job` was given up while it ran and runs on: its worker gives its page's room back as it ends."""
        with self._lock:
            return job.left_running

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job.run(self._lock)
            except BaseException as exc:  # noqa: BLE001 - (neither job raises; a worker outlives anything)
                # named, with its page: a bare MemoryError() logged "failed: " and nothing more, where the page's
                # audit record sent the officer to the log for why (review)
                job.failure = named_exception(exc)
                log.error("scrapeguard: %s: a page %s worker failed: %s", job.base_url[:200], job.what, job.failure)
            with self._lock:  # (free again before the caller hears, so its next page finds this worker)
                if job.left_running:
                    self.left_running -= 1
                    self._left_ended.notify_all()
                    _LARGE_PAGES.give_back(job.held)  # (its caller, gone, left that to the work's end)
                if self._queued:
                    self._queued -= 1  # (the next get takes a job no worker was promised to)
                else:
                    self._free += 1
                job.done.set()


class _LargePages:
    """The bytes of the large pages whose work runs (`LARGE_PAGE_BYTES_AT_ONCE`): a large page waits for room."""

    def __init__(self) -> None:
        self._held = 0
        self._freed = threading.Condition()

    def take(self, size: int, wait: float) -> bool:
        """Room for a page of `size`; False when there was none for `wait` seconds. A small page takes none."""
        if not size:
            return True
        with self._freed:
            until = time.monotonic() + wait
            while self._held and self._held + size > LARGE_PAGE_BYTES_AT_ONCE:
                remaining = until - time.monotonic()
                if remaining <= 0:
                    return False
                self._freed.wait(remaining)
            self._held += size
            return True

    def give_back(self, size: int) -> None:
        if not size:
            return
        with self._freed:
            self._held -= size
            self._freed.notify_all()


_WORKERS = _Workers()
_LARGE_PAGES = _LargePages()


def _after_fork_in_child() -> None:
    """A forked process has none of its parent's threads: it starts its own workers (counted ones would never
    take a job, and every page would wait its limit out), and no page of its parent's holds room."""
    global _WORKERS, _LARGE_PAGES
    _WORKERS = _Workers()
    _LARGE_PAGES = _LargePages()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def analyse_page_within(html: str | bytes, base_url: str, encoding: str | None = None,
                        cpu_seconds: float | None = None, preloads: Sequence[str] = (),
                        content_type: str | None = None) -> PageAnalysis:
    """`analyse_page(html, base_url, encoding=encoding, preloads=preloads, content_type=content_type)` given at most
    `cpu_seconds` of CPU time (by default `page_cpu_limit` of its size); past them, a `PageAnalysis` whose `error`
    says so. A page shorter than `SMALL_PAGE` is analysed at once, on this thread. Never raises."""
    def analyse() -> PageAnalysis:
        return analyse_page(html, base_url, encoding=encoding, preloads=preloads, content_type=content_type)

    if len(html) < SMALL_PAGE:
        return analyse()
    limit = page_cpu_limit(len(html)) if cpu_seconds is None else cpu_seconds
    job = _Job(analyse, "analysis", base_url, len(html))
    refusal = _run(job, limit)
    if refusal is not None:
        return PageAnalysis(error=refusal.why, busy=refusal.busy)
    assert job.result is not None  # (`_run` says why there is none)
    return job.result


def redact_page_within(html: bytes, remove_urls: set[str], base_url: str, charset: str | None = None, *,
                       content_type: str | None = None, analysed: bool = False,
                       cpu_seconds: float | None = None) -> tuple[bytes, str | None]:
    """`page_redact.redact_page` given at most `cpu_seconds` of CPU time (by default `redaction_cpu_limit` of its
    size); past them, no copy: b"" and why (the guard withholds the page, as one no copy could be made of). A page
    shorter than `SMALL_PAGE` is redacted at once, on this thread. Never raises."""
    def redact() -> tuple[bytes, str | None]:
        return redact_page(html, remove_urls, base_url, charset, content_type=content_type, analysed=analysed)

    if len(html) < SMALL_PAGE or not remove_urls:
        return redact()
    job = _Job(redact, "redaction", base_url, len(html))
    refusal = _run(job, redaction_cpu_limit(len(html)) if cpu_seconds is None else cpu_seconds)
    if refusal is not None:
        return b"", refusal.why
    assert job.result is not None  # (`_run` says why there is none)
    return job.result


@dataclass(frozen=True, slots=True)
class _Refusal:
    """Why a page's work has no result: past its limit, behind others' work (`busy`: a retry may pass), failed."""

    why: str
    busy: bool = False


def _run(job: _Job[T], limit: float) -> _Refusal | None:
    """Run `job` on a worker, given at most `limit` seconds of CPU time, once there is room for its page among the
    large pages' work (waiting its limit at most); None when it gave its result."""
    workers, large_pages = _WORKERS, _LARGE_PAGES
    until = time.monotonic() + limit
    if not large_pages.take(job.held, limit):
        return _refused(job.base_url, f"other large pages' analyses or redactions held the room for "
                                      f"{LARGE_PAGE_BYTES_AT_ONCE // (1024 * 1024)} MiB of pages for {limit:.1f} s",
                        busy=True)
    try:
        return _run_on_worker(job, limit, workers, max(until - time.monotonic(), 0.0))
    finally:
        if not workers.runs_on(job):  # (one left running past its limit gives its room back as it ends)
            large_pages.give_back(job.held)


def _run_on_worker(job: _Job[T], limit: float, workers: _Workers, wait: float) -> _Refusal | None:
    """`_run`'s work once its page has room: `wait`, what is left of its limit to wait behind parses left running."""
    what, base_url = job.what, job.base_url
    try:
        queued = workers.submit(job, wait)
    except RuntimeError as exc:  # (the system starts no more threads: run here, with no limit)
        log.warning("scrapeguard: %s: the page's %s ran with no limit of time: %s", base_url[:200], what, exc)
        job.run(threading.Lock())
        return None if job.result is not None else _Refusal(f"the page's {what} failed: no result")
    if queued is None:  # (it waits its limit at most, as behind busy workers)
        return _refused(base_url, f"an earlier page's analysis or redaction, left running past its limit, still "
                                  f"held the parser after {limit:.1f} s", busy=True)
    waiting_since = time.monotonic()
    while not job.done.wait(_POLL_SECONDS):
        spent = job.cpu_spent()
        # (a job handed to a worker waits for it to start, however busy the machine; one queued behind
        # `MAX_WORKERS` busy ones waits its limit at most)
        if spent is None and queued and time.monotonic() - waiting_since > limit:
            workers.give_up(job)
            return _refused(base_url, f"every worker was busy ({MAX_WORKERS} analyses or redactions of earlier pages "
                                      f"still running) for {limit:.1f} s", busy=True)
        if spent is not None and spent > limit:
            workers.give_up(job)
            return _refused(base_url, f"the page's {what} took more than {limit:.1f} s of CPU time (markup the "
                                      "parser reads at a quadratic cost?) and was left unfinished")
    if job.result is None:
        return _Refusal(f"the page's {what} failed: {job.failure or 'no result'}")  # (logged: `_work`)
    return None


def _refused(base_url: str, why: str, busy: bool = False) -> _Refusal:
    log.warning("scrapeguard: %s: %s", base_url[:200], why)
    return _Refusal(why, busy)
