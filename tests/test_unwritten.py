"""Decisions whose audit write failed wait in memory, in order, until a write succeeds; past the
bound they are counted and the gap is written down, never dropped without a word."""

from __future__ import annotations

import logging

import pytest

import scrapeguard.unwritten as unwritten_module
from scrapeguard.decision import Decision
from scrapeguard.unwritten import Unwritten


class Sink:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.written: list[Decision] = []

    def append(self, decision: Decision) -> None:
        if self.fail:
            raise OSError("disk full")
        self.written.append(decision)

    def is_suppressed(self, url: str, image_sha256: str | None = None) -> str | None:
        return None


def decision(name: str) -> Decision:
    return Decision(url=f"https://a.example/{name}", stage="response", action="allow", findings=[])


def test_waiting_decisions_are_written_oldest_first() -> None:
    waiting, sink = Unwritten(), Sink()
    for name in ("a", "b", "c"):
        waiting.keep(decision(name))
    assert waiting
    waiting.write(sink)
    assert [d.url[-1] for d in sink.written] == ["a", "b", "c"] and not waiting


def test_past_the_bound_the_gap_is_written_down_on_the_next_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unwritten_module, "MAX_UNWRITTEN", 2)
    waiting, sink = Unwritten(), Sink()
    for name in ("a", "b", "c", "d"):
        waiting.keep(decision(name))
    following = decision("e")
    waiting.write(sink, following)
    assert [d.url[-1] for d in sink.written] == ["a", "b"]
    gap = [n for n in following.notes if n.code == "audit.gap"]
    assert len(gap) == 1 and gap[0].detail.startswith("2 decision(s) before this one are not in the audit log")
    assert not waiting


def test_decisions_of_large_pages_are_bounded_by_what_they_hold_not_only_by_their_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 decisions were kept whatever each held: a page's with 5,000 images weighs about 5 MB,
    so a log locked for a while under a crawl of large pages held gigabytes. Past
    `MAX_UNWRITTEN_ITEMS` of their images, findings and notes, they are counted as the others past
    `MAX_UNWRITTEN` are, and the gap written down."""
    from scrapeguard.decision import ImageDecision

    monkeypatch.setattr(unwritten_module, "MAX_UNWRITTEN_ITEMS", 1000)
    waiting, sink = Unwritten(), Sink()
    for name in ("a", "b", "c"):
        page = decision(name)
        page.images = [ImageDecision(f"/{n}.jpg", f"https://a.example/{n}.jpg", "img", False, 0.0, [], "allow", [])
                       for n in range(600)]
        waiting.keep(page)
    waiting.keep(decision("d"))  # (an ordinary decision still fits)
    following = decision("e")
    waiting.write(sink, following)
    assert [d.url[-1] for d in sink.written] == ["a", "d"]
    [gap] = [n for n in following.notes if n.code == "audit.gap"]
    assert gap.detail.startswith("2 decision(s) before this one are not in the audit log")
    waiting.keep(decision("f"))  # (written, they no longer count)
    assert len(waiting.waiting) == 1


def test_a_failed_write_keeps_the_rest_waiting() -> None:
    waiting, sink = Unwritten(), Sink(fail=True)
    waiting.keep(decision("a"))
    with pytest.raises(OSError):
        waiting.write(sink)
    assert waiting.waiting and waiting.waiting[0].url.endswith("/a")


def test_the_last_write_on_close_says_what_could_not_be_written(caplog: pytest.LogCaptureFixture) -> None:
    waiting, sink = Unwritten(), Sink(fail=True)
    waiting.keep(decision("a"))
    waiting.closing = True  # close() waits for the write
    with caplog.at_level(logging.ERROR, logger="scrapeguard"):
        waiting.flush(sink)
    assert "1 decision(s) whose audit write failed are not in the audit log (disk full)" in caplog.text


def test_nothing_waiting_or_no_log_is_no_write() -> None:
    Unwritten().flush(Sink(fail=True))  # nothing to write: the failing sink is never called
    waiting = Unwritten()
    waiting.keep(decision("a"))
    waiting.flush(None)
    assert waiting.waiting
