"""A page's analysis under a limit of CPU time (`detect.page_deadline`): markup lexbor parses at a quadratic
cost that no check before the parse catches ends as an error the policy decides, not as a crawl stalled.

The costly page here: 100,000 distinct attribute names in 100 tags (0.7 MB), which lexbor's table of names
takes ~1 s to parse on this machine (400,000 of them took 65 s); the limits below are a fifth of that.
"""

from __future__ import annotations

import pytest

from scrapeguard import Guard, load_policy
from scrapeguard.detect import analyse_page, page_deadline, page_redact
from scrapeguard.detect.page_deadline import analyse_page_within, page_cpu_limit, redact_page_within
from scrapeguard.detect.page_redact import redact_page
from scrapeguard.detect.page_source import too_costly_to_parse

COSTLY = b"<html><body>" + b"".join(
    b"<br " + b" ".join(b"n%d" % (tag * 1_000 + name) for name in range(1_000)) + b">" for tag in range(100))
ORDINARY = (b"<html><head><title>Team</title></head><body><h1>Our team</h1>"
            + b"".join(b'<figure><img src="/staff/%d.jpg" alt="Portrait of Jane Doe %d"><figcaption>Jane Doe, '
                       b"editor</figcaption></figure><p>Text about the work. " % (i, i) for i in range(200))
            + b'<img src="/logo.png" alt="Logo"></body></html>')


@pytest.fixture(autouse=True)
def workers(monkeypatch: pytest.MonkeyPatch) -> page_deadline._Workers:
    """Workers of each test's own: a parse one test leaves running does not hold the next test's pages (nor their
    room among large pages)."""
    own = page_deadline._Workers()
    monkeypatch.setattr(page_deadline, "_WORKERS", own)
    monkeypatch.setattr(page_deadline, "_LARGE_PAGES", page_deadline._LargePages())
    return own


def _until_ended(workers: page_deadline._Workers) -> None:
    import time

    deadline = time.monotonic() + 120
    while workers.left_running and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_costly_page_passes_the_checks_before_the_parse() -> None:
    """(What makes the limit needed: the page is none of those `too_costly_to_parse` refuses.)"""
    assert too_costly_to_parse(COSTLY) is None


def test_an_ordinary_page_is_analysed_as_without_a_limit() -> None:
    within = analyse_page_within(ORDINARY, "https://example.org/team")
    direct = analyse_page(ORDINARY, "https://example.org/team")
    assert within.error is None and within.images and within.images == direct.images
    assert (within.label, within.title, within.meta) == (direct.label, direct.title, direct.meta)


def test_a_page_past_its_cpu_limit_is_an_error_saying_so() -> None:
    analysis = analyse_page_within(COSTLY, "https://example.org/", cpu_seconds=0.2)
    assert analysis.error is not None and "0.2 s of CPU time" in analysis.error and not analysis.images


def test_a_small_page_is_analysed_on_the_callers_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Too short to cost much: the hand-over to a worker would weigh more.) A longer one goes to a worker."""
    import threading

    threads: list[str] = []

    def analysed(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return analyse_page(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(page_deadline, "analyse_page", analysed)
    small = b"<html><body><img src=/a.jpg alt='Portrait of Jane Doe'></body></html>"
    assert len(small) < page_deadline.SMALL_PAGE <= len(ORDINARY)
    assert analyse_page_within(small, "https://example.org/").images
    assert analyse_page_within(ORDINARY, "https://example.org/team").images
    assert threads == [threading.current_thread().name, "scrapeguard-page"]


def test_an_analysis_failing_in_a_worker_says_what_failed_in_its_error_and_the_log(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A bare MemoryError() (an allocation that failed) was logged as "a page analysis worker failed: " with no
    name and no page, where the page's error sent the officer to the log for why (review)."""
    import logging

    def failing(*args: object, **kwargs: object) -> object:
        raise MemoryError()

    monkeypatch.setattr(page_deadline, "analyse_page", failing)
    with caplog.at_level(logging.ERROR, logger="scrapeguard"):
        analysis = analyse_page_within(ORDINARY, "https://example.org/team")
    assert analysis.error == "the page's analysis failed: MemoryError" and not analysis.images
    assert [r.getMessage() for r in caplog.records] == [
        "scrapeguard: https://example.org/team: a page analysis worker failed: MemoryError"]


def test_the_limit_grows_with_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_deadline, "IMPLEMENTATION", "mypyc")
    assert page_cpu_limit(0) == page_deadline.BASE_CPU_SECONDS
    assert page_cpu_limit(4_000_000) == page_deadline.BASE_CPU_SECONDS + 4 * page_deadline.CPU_SECONDS_PER_MB


def test_the_limit_grows_with_the_page_as_the_interpreted_analysis_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Review, session 71) The interpreted analysis (`scrapeguard --version`: "page analysis: python") costs
    1.1-1.3 s a MB of a plain table, over the compiled one's 0.5 s limit a MB: an ordinary table of 8.6 MB was
    `page.unparsable`. Its limit a MB is about twice what it costs there."""
    monkeypatch.setattr(page_deadline, "IMPLEMENTATION", "python")
    assert page_cpu_limit(0) == page_deadline.BASE_CPU_SECONDS
    assert page_cpu_limit(8_600_000) >= page_deadline.BASE_CPU_SECONDS + 8.6 * 2 * 1.2  # (twice its ~1.2 s a MB)


def test_an_ordinary_large_table_is_analysed_with_room_within_the_limit_of_the_analysis_in_use() -> None:
    """(Review, session 71: tbl.py's plain table, 8.6 MB, was `page.unparsable` where the analysis ran interpreted;
    here 2.7 MB, whose cost the base of the limit does not cover.)"""
    import time

    table = (b"<!DOCTYPE html><html><head><title>log</title></head><body><table>"
             + b"".join(b"<tr><td>%d</td><td>ok</td></tr>" % i for i in range(80_000)) + b"</table></body></html>")
    started = time.thread_time()
    assert analyse_page(table, "https://example.org/log.html").error is None
    assert page_cpu_limit(len(table)) > 1.5 * (time.thread_time() - started)


def test_a_page_queued_behind_busy_workers_past_its_limit_is_an_error_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every worker still parsing (here one, its page past its limit), the next page waits at most its own
    limit for one to be free, then is refused; it is never analysed on the caller's thread, unguarded."""
    monkeypatch.setattr(page_deadline, "MAX_WORKERS", 1)
    monkeypatch.setattr(page_deadline, "MAX_LEFT_RUNNING", 2)
    assert analyse_page_within(COSTLY, "https://example.org/a", cpu_seconds=0.2).error is not None
    waited = analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=0.2)
    assert waited.error is not None and "every worker was busy" in waited.error


def test_the_next_page_waits_for_a_parse_left_running_to_end(workers: page_deadline._Workers) -> None:
    """(A review: four costly pages one after another, each left parsing as the next began, took 8.8 GB at
    once, where analysed one by one 3 GB.) While one parse runs past its limit, the next analysis starts only
    once it ended: slower, never side by side."""
    assert analyse_page_within(COSTLY, "https://example.org/a", cpu_seconds=0.2).error is not None
    assert workers.left_running == 1
    after = analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=60)  # (its wait: 1-4 s)
    assert after.error is None and after.images and workers.left_running == 0


def test_the_next_page_waits_its_own_limit_at_most_for_a_parse_left_running(workers: page_deadline._Workers) -> None:
    """(A review: a parse of 400,000 distinct attribute names ran on for 132 s past its limit, and every page
    after it waited for it to end, whatever its own limit.) Past its own limit, the page is refused unread."""
    assert analyse_page_within(COSTLY, "https://example.org/a", cpu_seconds=0.1).error is not None
    assert workers.left_running == 1
    waited = analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=0.1)
    assert waited.error == ("an earlier page's analysis or redaction, left running past its limit, still held the "
                            "parser after 0.1 s") and not waited.images
    _until_ended(workers)
    assert analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=0.1).images  # (once it ended)


def test_a_page_refused_unread_behind_a_parse_left_running_is_a_refusal_a_retry_may_pass(
        monkeypatch: pytest.MonkeyPatch, workers: page_deadline._Workers) -> None:
    """(Review of the change: it was `page.unparsable`, a 451 no crawler retries, for a page nothing is wrong with.)"""
    from scrapeguard.enact import refusal_status

    monkeypatch.setattr(page_deadline, "BASE_CPU_SECONDS", 0.1)
    monkeypatch.setattr(page_deadline, "CPU_SECONDS_PER_MB", 0.0)
    guard = Guard(load_policy("gdpr-strict"), audit=False)
    costly = guard.check_response("https://example.org/", 200, {"Content-Type": "text/html"}, COSTLY)
    assert "page.unparsable" in costly.codes and refusal_status(costly) == 451
    waited = guard.check_response("https://example.org/team", 200, {"Content-Type": "text/html"}, ORDINARY)
    assert waited.codes == ["page.busy"] and not waited.allowed and refusal_status(waited) == 503


def _analysed_slowly(monkeypatch: pytest.MonkeyPatch, seconds: float) -> list[int]:
    """Each analysis takes `seconds` more (asleep: no CPU time); returns [the analyses running, the most at once]."""
    import threading
    import time

    counts, lock = [0, 0], threading.Lock()

    def analysed(*args: object, **kwargs: object) -> object:
        with lock:
            counts[0] += 1
            counts[1] = max(counts)
        time.sleep(seconds)
        with lock:
            counts[0] -= 1
        return analyse_page(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(page_deadline, "analyse_page", analysed)
    return counts


def _in_threads(*calls: object) -> list[object]:
    """What each call gave, the calls run side by side."""
    import threading

    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        results[i] = calls[i]()  # type: ignore[operator]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_large_pages_are_analysed_side_by_side_only_up_to_the_bytes_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Review, session 71: six 20 MB pages analysed side by side through the proxy took 4.4 GB, one alone 0.7 GB.)
    Here two large pages fill the room: the others wait their turn, within their limit, and are analysed then."""
    monkeypatch.setattr(page_deadline, "LARGE_PAGE", 10_000)
    monkeypatch.setattr(page_deadline, "LARGE_PAGE_BYTES_AT_ONCE", 2 * len(ORDINARY))
    counts = _analysed_slowly(monkeypatch, 0.3)
    results = _in_threads(*(lambda i=i: analyse_page_within(ORDINARY, f"https://example.org/{i}", cpu_seconds=30)
                            for i in range(5)))
    assert all(r.error is None and r.images for r in results)  # type: ignore[attr-defined]
    assert counts == [0, 2]


def test_a_large_page_that_finds_no_room_within_its_limit_is_refused_unread_as_busy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(A refusal a retry may pass: `page.busy`, a 503.) A page under `LARGE_PAGE` takes no room and waits for none."""
    import time

    monkeypatch.setattr(page_deadline, "LARGE_PAGE", 10_000)
    monkeypatch.setattr(page_deadline, "LARGE_PAGE_BYTES_AT_ONCE", len(ORDINARY))
    _analysed_slowly(monkeypatch, 1.0)
    smaller = ORDINARY[:9_000]
    assert page_deadline.SMALL_PAGE <= len(smaller) < page_deadline.LARGE_PAGE

    def after(seconds: float, call: object) -> object:
        time.sleep(seconds)
        return call()  # type: ignore[operator]

    held, refused, small = _in_threads(
        lambda: analyse_page_within(ORDINARY, "https://example.org/a", cpu_seconds=30),
        lambda: after(0.3, lambda: analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=0.2)),
        lambda: after(0.3, lambda: analyse_page_within(smaller, "https://example.org/c", cpu_seconds=0.2)))
    assert held.error is None and small.error is None  # type: ignore[attr-defined]
    assert refused.busy and refused.error and "held the room" in refused.error  # type: ignore[attr-defined]
    assert analyse_page_within(ORDINARY, "https://example.org/b", cpu_seconds=0.2).error is None  # (room again)


def test_a_worker_slow_to_start_a_page_does_not_make_it_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """(A review: with 30 threads on two busy CPUs a worker took up to 3.4 s to take a page up, and ordinary
    pages were refused as if no worker were free.) Only CPU time the page's analysis spends counts."""
    import time

    slow_clock = page_deadline._cpu_clock

    def late_start() -> object:
        time.sleep(0.5)  # (the worker waiting for the GIL on a busy machine)
        return slow_clock()

    monkeypatch.setattr(page_deadline, "_cpu_clock", late_start)
    analysis = analyse_page_within(ORDINARY, "https://example.org/team", cpu_seconds=0.2)
    assert analysis.error is None and analysis.images


@pytest.mark.parametrize(("policy", "allowed"), [("gdpr-strict", False), ("log-only", True)])
def test_the_guard_makes_such_a_page_an_error_its_policy_decides(
        monkeypatch: pytest.MonkeyPatch, workers: page_deadline._Workers, policy: str, allowed: bool) -> None:
    monkeypatch.setattr(page_deadline, "BASE_CPU_SECONDS", 0.2)
    monkeypatch.setattr(page_deadline, "CPU_SECONDS_PER_MB", 0.0)
    guard = Guard(load_policy(policy), audit=False)
    decision = guard.check_response("https://example.org/", 200, {"Content-Type": "text/html"}, COSTLY)
    assert "page.unparsable" in decision.codes and decision.allowed is allowed
    assert any("CPU time" in f.detail for f in decision.findings if f.code == "page.unparsable")
    _until_ended(workers)
    ordinary = guard.check_response("https://example.org/team", 200, {"Content-Type": "text/html"}, ORDINARY)
    assert "page.unparsable" not in ordinary.codes


def test_a_forked_process_analyses_pages_with_workers_of_its_own() -> None:
    """(A crawler forking workers after its guard judged pages: the child has none of the parent's threads.)"""
    import multiprocessing

    analyse_page_within(ORDINARY, "https://example.org/team")  # (the parent's workers exist)
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        error, images = pool.apply(_analysed_in_child, ())
    assert error is None and images > 0


def _analysed_in_child() -> tuple[str | None, int]:
    analysis = analyse_page_within(ORDINARY, "https://example.org/team", cpu_seconds=5)
    return analysis.error, len(analysis.images)


def _burn(cpu_seconds: float) -> None:
    """Spend `cpu_seconds` of this thread's CPU time."""
    import time

    until = time.thread_time() + cpu_seconds
    while time.thread_time() < until:
        pass


def test_an_ordinary_page_is_redacted_as_without_a_limit() -> None:
    remove = {"https://example.org/staff/3.jpg"}
    within = redact_page_within(ORDINARY, remove, "https://example.org/team", cpu_seconds=5)
    assert within == redact_page(ORDINARY, remove, "https://example.org/team") and within[1] is None
    assert b"/staff/3.jpg" not in within[0] and b"/staff/4.jpg" in within[0]


def test_a_redaction_past_its_cpu_limit_makes_no_copy_and_says_so(workers: page_deadline._Workers) -> None:
    """(Review: run with no limit, a page of 13,000 crowded tags took 4.4 s to redact after its 1.6 s analysis.)"""
    costly = COSTLY[:COSTLY.index(b"<br n20000 ")] + b'<img src="/p/jane.jpg" alt="Portrait of Jane Doe">'  # (~0.2 s)
    out, why = redact_page_within(costly, {"https://example.org/p/jane.jpg"}, "https://example.org/", cpu_seconds=0.02)
    assert out == b"" and why is not None and "redaction took more than" in why and "of CPU time" in why
    _until_ended(workers)


def _limited_guard(monkeypatch: pytest.MonkeyPatch, analysis_cpu: float, redaction_cpu: float) -> Guard:
    """A guard whose pages may take 0.5 s of CPU time to analyse (1 s to redact), analysing and redacting in the CPU
    time given."""
    monkeypatch.setattr(page_deadline, "BASE_CPU_SECONDS", 0.5)
    monkeypatch.setattr(page_deadline, "CPU_SECONDS_PER_MB", 0.0)

    def analysed(*args: object, **kwargs: object) -> object:
        _burn(analysis_cpu)
        return analyse_page(*args, **kwargs)  # type: ignore[arg-type]

    def slow(html: bytes, *args: object, **kwargs: object) -> bytes:
        _burn(redaction_cpu)
        return html

    monkeypatch.setattr(page_deadline, "analyse_page", analysed)
    monkeypatch.setattr(page_redact, "_redact", slow)
    monkeypatch.setattr(page_redact, "_still_named", lambda *args: None)
    return Guard(load_policy("gdpr-strict"), audit=False)


def test_a_page_whose_redaction_passes_its_limit_is_withheld(monkeypatch: pytest.MonkeyPatch,
                                                             workers: page_deadline._Workers) -> None:
    """A redaction past its limit (twice the page's: two parses and the copy's analysis) makes no copy, and the page
    is withheld as one no copy could be made of (`redact.failed`)."""
    guard = _limited_guard(monkeypatch, 0.0, 1.3)
    decision = guard.check_response("https://example.org/team", 200, {"Content-Type": "text/html"}, ORDINARY)
    assert decision.action == "block" and decision.redacted_body is None
    [note] = [n for n in decision.notes if n.code == "redact.failed"]
    assert "redaction took more than" in note.detail and "CPU time" in note.detail
    _until_ended(workers)


@pytest.mark.parametrize(("analysis_cpu", "redaction_cpu"), [(0.1, 0.1), (0.35, 0.7)])
def test_a_page_whose_analysis_and_redaction_stay_within_their_limits_is_redacted(
        monkeypatch: pytest.MonkeyPatch, analysis_cpu: float, redaction_cpu: float) -> None:
    """(Review of the fix: given only what its analysis left of one limit, an ordinary 3 MB team page was withheld,
    its redaction taking 1.2-1.8 times its analysis.)"""
    guard = _limited_guard(monkeypatch, analysis_cpu, redaction_cpu)
    decision = guard.check_response("https://example.org/team", 200, {"Content-Type": "text/html"}, ORDINARY)
    assert decision.action == "redact" and decision.redacted_body == ORDINARY


def test_a_page_its_analysis_read_is_not_checked_again_for_its_parsing_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """(Review: the checks before the parse, made again by the redaction, were a third of its time.)"""
    checked: list[object] = []
    monkeypatch.setattr(page_redact, "too_costly_to_parse", lambda source: checked.append(source))
    guard = Guard(load_policy("gdpr-strict"), audit=False)
    decision = guard.check_response("https://example.org/team", 200, {"Content-Type": "text/html"}, ORDINARY)
    assert decision.action == "redact" and decision.redacted_body and not checked
    redact_page(ORDINARY, {"https://example.org/staff/3.jpg"}, "https://example.org/team")
    assert checked  # (a page no analysis read is checked)
