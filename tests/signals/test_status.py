"""HTTP 402 pay-per-crawl refuses every purpose; other statuses say nothing."""

from __future__ import annotations

import pytest

from scrapeguard.resource import Headers
from scrapeguard.signals.base import ResponseView, Verdict
from scrapeguard.signals.status import StatusReader


@pytest.mark.parametrize("usage", ["search", "train-ai", "ai-use", "tdm", "archive"])
def test_402_denies_every_usage(usage: str) -> None:
    v = ResponseView("http://h/a", 402, Headers({"crawler-price": "USD 0.01"}), "other", b"")
    [s] = StatusReader().evaluate(v, "scrapeguard", usage)  # type: ignore[arg-type]
    assert (s.verdict, s.code, s.family) == (Verdict.DENY, "http.402", "http_402")
    assert "USD 0.01" in s.detail and "402" in s.source


@pytest.mark.parametrize("status", [200, 401, 403, 404, 451, 500, None])
def test_other_statuses_say_nothing(status: int | None) -> None:
    v = ResponseView("http://h/a", status, Headers(), "other", b"")
    assert StatusReader().evaluate(v, "scrapeguard", "train-ai") == []
